// The walk-away lock in the shell: the hidden presence window exists only while the desktop is
// unlocked, the walk-away lock is on, and face recognition can run; it is closed (its camera with
// it) when the screen locks, the setting goes off, on suspend, and when its camera fails. After
// each judged frame it asks walkAwayDue with the system's idle time, and locks when due.
// Fail safe: a check that fails stops (Settings says why) and never locks for it; it tries again
// after the next unlock, or when turned off and on.
import { powerMonitor, type BrowserWindow } from 'electron';
import type { Disposable } from '../base/emitter.ts';
import { walkAwayDue, type PresenceWatch, type WalkAwaySettings } from '../core/presence-watch.ts';

export interface PresenceWindowOptions {
  watch: PresenceWatch;
  /** Opens the hidden presence page on this camera ('' the system default): AppWindows.openPresence. */
  open(cameraDeviceId: string): BrowserWindow;
  settings(): WalkAwaySettings & { cameraDeviceId: string };
  locked(): boolean;
  /** A profile to recognise the owner by, and the face models to do it. */
  recognitionAvailable(): boolean;
  /** Locks with the reason 'walkAway'. */
  lock(): void;
  /** Seconds since the last key press or mouse move; Electron's by default. */
  idleSeconds?: () => number;
}

export class PresenceWindow {
  #window: BrowserWindow | null = null;
  #cameraDeviceId = '';
  #suspended = false;
  /** The check failed since the last lock (or since it was turned on): not reopened until then. */
  #failed = false;
  readonly #subscriptions: Disposable[];
  readonly #onSuspend = () => {
    this.#suspended = true;
    this.sync();
  };
  readonly #onResume = () => {
    this.#suspended = false;
    this.sync();
  };

  constructor(private readonly options: PresenceWindowOptions) {
    const idleSeconds = options.idleSeconds ?? (() => powerMonitor.getSystemIdleTime());
    this.#subscriptions = [
      options.watch.onJudged(({ ownerAbsentMs }) => {
        if (walkAwayDue({ ownerAbsentMs, idleSeconds: idleSeconds(), settings: options.settings() })) options.lock();
      }),
      options.watch.onStopped(() => {
        this.#failed = true;
        this.#close();
      }),
    ];
    powerMonitor.on('suspend', this.#onSuspend);
    powerMonitor.on('resume', this.#onResume);
    this.sync();
  }

  get isOpen(): boolean {
    return this.#window !== null;
  }

  /** Opens or closes the window as the state now asks; call on every lock, settings or profile change. */
  sync(): void {
    const settings = this.options.settings();
    const enabled = settings.walkAwayLock === true;
    const locked = this.options.locked();
    // A lock, or turning it off, gives a failed check its next chance.
    if (locked || !enabled) this.#failed = false;
    const wanted = enabled && !locked && !this.#suspended && !this.#failed && this.options.recognitionAvailable();
    if (!wanted || (this.#window && this.#cameraDeviceId !== settings.cameraDeviceId)) this.#close();
    if (wanted && !this.#window) this.#open(settings.cameraDeviceId);
  }

  #open(cameraDeviceId: string): void {
    // Counted as seen now: the owner has just unlocked (or turned it on) at this desk.
    this.options.watch.start();
    const window = this.options.open(cameraDeviceId);
    this.#window = window;
    this.#cameraDeviceId = cameraDeviceId;
    window.on('closed', () => {
      if (this.#window !== window) return;
      this.#window = null;
      this.options.watch.stop();
    });
    // A crashed or hung page is a failed check: it stops and says so, and never locks for it.
    window.webContents.on('render-process-gone', () => this.options.watch.reportProblem('other'));
    window.on('unresponsive', () => this.options.watch.reportProblem('other'));
  }

  #close(): void {
    this.options.watch.stop();
    const window = this.#window;
    this.#window = null;
    // destroy(), not close(): the renderer goes and the camera with it, at once.
    if (window && !window.isDestroyed()) window.destroy();
  }

  dispose(): void {
    powerMonitor.off('suspend', this.#onSuspend);
    powerMonitor.off('resume', this.#onResume);
    for (const subscription of this.#subscriptions) subscription.dispose();
    this.#close();
  }
}
