// What locks the screen besides the tray: a global shortcut, resume from suspend,
// the OS's own lock event, and idle time.
import { globalShortcut, powerMonitor } from 'electron';
import { idleLockDue } from '../lock/idle.ts';
import type { LockReason } from '../lock/lock-controller.ts';

const IDLE_POLL_MS = 15_000;

export interface LockTriggerOptions {
  lock(reason: LockReason): void;
  idleLockMinutes(): number;
  shortcut(): string;
}

export class LockTriggers {
  private idleTimer: ReturnType<typeof setInterval> | null = null;
  private registeredShortcut: string | null = null;
  private readonly onResume = () => this.options.lock('resume');
  private readonly onOsLock = () => this.options.lock('osLock');

  constructor(private readonly options: LockTriggerOptions) {
    powerMonitor.on('resume', this.onResume);
    powerMonitor.on('lock-screen', this.onOsLock);
    this.idleTimer = setInterval(() => {
      if (idleLockDue(powerMonitor.getSystemIdleTime(), this.options.idleLockMinutes())) this.options.lock('idle');
    }, IDLE_POLL_MS);
    this.applyShortcut();
  }

  /** Re-registers the shortcut after a settings change; false when the OS refused it. */
  applyShortcut(): boolean {
    if (this.registeredShortcut) globalShortcut.unregister(this.registeredShortcut);
    this.registeredShortcut = null;
    const shortcut = this.options.shortcut();
    if (!shortcut) return true;
    const ok = globalShortcut.register(shortcut, () => this.options.lock('shortcut'));
    if (ok) this.registeredShortcut = shortcut;
    return ok;
  }

  dispose(): void {
    powerMonitor.off('resume', this.onResume);
    powerMonitor.off('lock-screen', this.onOsLock);
    if (this.idleTimer) clearInterval(this.idleTimer);
    if (this.registeredShortcut) globalShortcut.unregister(this.registeredShortcut);
  }
}
