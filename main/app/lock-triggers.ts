// What locks the screen besides the tray: a global shortcut, resume from suspend,
// the OS's own lock event (Electron's on macOS and Windows, systemd-logind's on Linux),
// and idle time.
import type { MessageBus } from 'dbus-next';
import { globalShortcut, powerMonitor } from 'electron';
import { idleLockDue } from '../lock/idle.ts';
import type { LockReason } from '../lock/lock-controller.ts';
import { LogindSessionLock, SESSION_LOCK_UNAVAILABLE, type SessionLockCause } from './session-lock.ts';

const IDLE_POLL_MS = 15_000;

export interface LockTriggerOptions {
  lock(reason: LockReason): void;
  idleLockMinutes(): number;
  shortcut(): string;
  /** Linux: the bus systemd-logind is on; the system bus unless a test brings its own. */
  logindBus?: () => MessageBus;
}

const SESSION_LOCK_REASONS: Record<SessionLockCause, LockReason> = { sessionLock: 'osLock', sleep: 'sleep' };

export class LockTriggers {
  private idleTimer: ReturnType<typeof setInterval> | null = null;
  private registeredShortcut: string | null = null;
  private readonly onResume = () => this.options.lock('resume');
  private readonly onOsLock = () => this.options.lock('osLock');
  private readonly sessionLock: LogindSessionLock | null = null;

  constructor(private readonly options: LockTriggerOptions) {
    powerMonitor.on('resume', this.onResume);
    powerMonitor.on('lock-screen', this.onOsLock);
    this.idleTimer = setInterval(() => {
      if (idleLockDue(powerMonitor.getSystemIdleTime(), this.options.idleLockMinutes())) this.options.lock('idle');
    }, IDLE_POLL_MS);
    this.applyShortcut();
    // Electron's 'lock-screen' covers macOS and Windows; on Linux the session's lock is logind's.
    if (process.platform === 'linux') {
      this.sessionLock = new LogindSessionLock({
        bus: this.options.logindBus,
        lock: (cause) => this.options.lock(SESSION_LOCK_REASONS[cause]),
        // Non-fatal, said once, as the app's other non-fatal conditions are (a console warning).
        onUnavailable: (reason) => console.warn(`${SESSION_LOCK_UNAVAILABLE} (${reason})`),
      });
    }
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
    this.sessionLock?.dispose();
    if (this.idleTimer) clearInterval(this.idleTimer);
    if (this.registeredShortcut) globalShortcut.unregister(this.registeredShortcut);
  }
}
