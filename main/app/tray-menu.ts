// The tray menu as data: what the user may do depends on the state (no Lock when
// nothing is enrolled; Quit and Settings only while unlocked).
import type { MenuItemConstructorOptions } from 'electron';

export interface TrayState {
  locked: boolean;
  hasProfile: boolean;
  faceAvailable: boolean;
  startAtLogin: boolean;
}

export interface TrayActions {
  lockNow(): void;
  enrol(): void;
  testRecognition(): void;
  settings(): void;
  setStartAtLogin(enabled: boolean): void;
  quit(): void;
}

export function trayMenuTemplate(state: TrayState, actions: TrayActions): MenuItemConstructorOptions[] {
  if (state.locked) return [{ label: 'Locked', enabled: false }];
  return [
    { label: 'Lock now', enabled: state.hasProfile, click: () => actions.lockNow() },
    { type: 'separator' },
    { label: state.hasProfile ? 'Enrol face again…' : 'Enrol face…', enabled: state.faceAvailable, click: () => actions.enrol() },
    { label: 'Test recognition…', enabled: state.hasProfile && state.faceAvailable, click: () => actions.testRecognition() },
    { label: 'Settings…', click: () => actions.settings() },
    { label: 'Start at login', type: 'checkbox', checked: state.startAtLogin, click: (item) => actions.setStartAtLogin(item.checked) },
    { type: 'separator' },
    { label: 'Quit Face Unlock', click: () => actions.quit() },
  ];
}

export function trayTooltip(state: Pick<TrayState, 'locked' | 'hasProfile'>): string {
  if (state.locked) return 'Face Unlock — locked';
  if (!state.hasProfile) return 'Face Unlock — no face enrolled';
  return 'Face Unlock';
}
