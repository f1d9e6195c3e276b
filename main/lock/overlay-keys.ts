// Keys the overlay swallows while locked, where Electron can see them (the OS keeps
// its own: Ctrl+Alt+Del, the session switcher).
import type { Input } from 'electron';

type KeyInput = Pick<Input, 'key' | 'control' | 'meta' | 'alt' | 'shift' | 'type'>;

export function isBlockedWhileLocked(input: KeyInput): boolean {
  const key = input.key.toLowerCase();
  const command = input.control || input.meta;
  if (input.alt && key === 'f4') return true; // close window (Windows, many Linux WMs)
  if (command && ['w', 'q', 'r', 'n', 't', 'm', 'h'].includes(key)) return true; // close, quit, reload, new, minimise, hide
  if (command && input.shift && ['i', 'j', 'c'].includes(key)) return true; // developer tools
  if (['f5', 'f11', 'f12'].includes(key)) return true; // reload, leave full screen, developer tools
  if (input.alt && (key === 'arrowleft' || key === 'arrowright')) return true; // history navigation
  return false;
}
