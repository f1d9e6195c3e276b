// The tray menu as data: what the user may do depends on the state (no Lock when
// nothing could unlock it again; Quit and Settings only while unlocked; a damaged
// profile says so at the top, every time the menu opens).
import type { MenuItemConstructorOptions } from 'electron';
import type { ProfileState } from '../core/profile-keeper.ts';

export interface TrayState {
  locked: boolean;
  profileState: ProfileState;
  /** A password exists that can open the lock again. */
  canLock: boolean;
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
  const enrolled = state.profileState === 'enrolled';
  const damage: MenuItemConstructorOptions[] =
    state.profileState === 'damaged' ? [{ label: trayTooltip(state).replace(/^Face Unlock — /, '⚠ '), enabled: false }, { type: 'separator' }] : [];
  return [
    ...damage,
    { label: 'Lock now', enabled: state.canLock, click: () => actions.lockNow() },
    { type: 'separator' },
    { label: state.profileState === 'none' ? 'Enrol face…' : 'Enrol face again…', enabled: state.faceAvailable, click: () => actions.enrol() },
    { label: 'Test recognition…', enabled: enrolled && state.faceAvailable, click: () => actions.testRecognition() },
    { label: 'Settings…', click: () => actions.settings() },
    { label: 'Start at login', type: 'checkbox', checked: state.startAtLogin, click: (item) => actions.setStartAtLogin(item.checked) },
    { type: 'separator' },
    { label: 'Quit Face Unlock', click: () => actions.quit() },
  ];
}

export function trayTooltip(state: Pick<TrayState, 'locked' | 'profileState' | 'canLock'>): string {
  if (state.locked) return 'Face Unlock — locked';
  if (state.profileState === 'damaged') {
    return state.canLock ? 'Face Unlock — face profile damaged: enrol again' : 'Face Unlock — not locking: face profile damaged, enrol again';
  }
  if (state.profileState === 'none') return 'Face Unlock — no face enrolled';
  return 'Face Unlock';
}
