// The lock overlay: one frameless full-screen window per display, above everything,
// on every workspace, refusing to close while locked. The primary display's window is
// prepared ahead, hidden, while unlocked: its page loads and warms the face detector then,
// so that locking only has to show it and open the camera (the page opens the camera only
// on a locked view). At unlock every window is destroyed, which releases the camera and
// leaves ~0 % CPU behind, and a fresh primary is prepared.
import { BrowserWindow, screen, type Display } from 'electron';
import type { LockView } from '../../preload/api.ts';
import { CHANNELS } from '../../preload/api.ts';
import { isBlockedWhileLocked } from './overlay-keys.ts';

export interface OverlayWindowsOptions {
  /** URL of the overlay page for a display's role. */
  pageUrl(role: 'primary' | 'cover'): string;
  webPreferences: Electron.WebPreferences;
}

type Role = 'primary' | 'cover';

/** A window and its current role: the role changes when the primary display does. */
interface Overlay {
  window: BrowserWindow;
  role: Role;
  /** Its first load has painted (ready-to-show), so showing it shows the page. */
  ready: boolean;
}

export class OverlayWindows {
  /** The windows covering the displays, by display id, while locked. */
  private readonly overlays = new Map<number, Overlay>();
  /** The hidden primary window, loaded and waiting for the next lock. */
  private prepared: Overlay | null = null;
  private locked = false;
  private lastView: LockView | null = null;
  private readonly onDisplaysChanged = () => this.locked && this.syncDisplays();

  constructor(private readonly options: OverlayWindowsOptions) {
    screen.on('display-added', this.onDisplaysChanged);
    screen.on('display-removed', this.onDisplaysChanged);
    screen.on('display-metrics-changed', this.onDisplaysChanged);
  }

  /** Loads the primary overlay hidden, unless one is prepared or shown already. */
  prepare(): void {
    if (this.locked || (this.prepared && !this.prepared.window.isDestroyed())) return;
    this.prepared = this.createWindow(screen.getPrimaryDisplay(), 'primary');
  }

  /** Drops the prepared window (nothing left to lock with). */
  discardPrepared(): void {
    if (this.prepared && !this.prepared.window.isDestroyed()) this.prepared.window.destroy();
    this.prepared = null;
  }

  show(): void {
    this.locked = true;
    this.syncDisplays();
  }

  /** Called only when main has decided to unlock. */
  hide(): void {
    this.locked = false;
    for (const { window } of this.overlays.values()) if (!window.isDestroyed()) window.destroy();
    this.overlays.clear();
    this.prepare();
  }

  isShown(): boolean {
    return this.locked;
  }

  broadcast(view: LockView): void {
    this.lastView = view;
    for (const { window } of this.all()) {
      if (!window.isDestroyed()) window.webContents.send(CHANNELS.lockViewChanged, view);
    }
  }

  dispose(): void {
    screen.off('display-added', this.onDisplaysChanged);
    screen.off('display-removed', this.onDisplaysChanged);
    screen.off('display-metrics-changed', this.onDisplaysChanged);
    this.discardPrepared();
    this.locked = false;
    for (const { window } of this.overlays.values()) if (!window.isDestroyed()) window.destroy();
    this.overlays.clear();
  }

  private all(): Overlay[] {
    return [...this.overlays.values(), ...(this.prepared ? [this.prepared] : [])];
  }

  /** One window per display, the primary one with the camera (the prepared one if any); windows of removed displays go. */
  private syncDisplays(): void {
    const displays = screen.getAllDisplays();
    const primaryId = screen.getPrimaryDisplay().id;
    for (const [id, { window }] of this.overlays) {
      if (!displays.some((d) => d.id === id)) {
        window.destroy();
        this.overlays.delete(id);
      }
    }
    const prepared = this.prepared && !this.prepared.window.isDestroyed() ? this.prepared : null;
    this.prepared = null;
    if (prepared && !this.overlays.has(primaryId)) this.overlays.set(primaryId, prepared);
    else prepared?.window.destroy();
    for (const display of displays) {
      const role: Role = display.id === primaryId ? 'primary' : 'cover';
      const existing = this.overlays.get(display.id);
      if (existing && !existing.window.isDestroyed()) {
        // The handlers read the role from here: a cover that became the primary reloads, refocuses
        // and survives a crash as the lock page, not as a cover (found by the Electron stand-in tests).
        existing.role = role;
        existing.window.setBounds(display.bounds);
        if (existing.window.webContents.getURL() !== this.options.pageUrl(role)) void existing.window.loadURL(this.options.pageUrl(role));
        if (existing.ready) this.reveal(existing);
        continue;
      }
      this.overlays.set(display.id, this.createWindow(display, role));
    }
  }

  private reveal({ window, role }: Overlay): void {
    if (window.isDestroyed()) return;
    if (!window.isVisible()) window.show();
    if (role === 'primary') window.focus();
  }

  private createWindow(display: Display, role: Role): Overlay {
    const window = new BrowserWindow({
      ...display.bounds,
      frame: false,
      fullscreen: true,
      kiosk: role === 'primary' && process.platform === 'darwin',
      alwaysOnTop: true,
      skipTaskbar: true,
      movable: false,
      resizable: false,
      minimizable: false,
      maximizable: false,
      closable: false,
      fullscreenable: true,
      backgroundColor: '#0b0f14',
      show: false,
      webPreferences: this.options.webPreferences,
    });
    const overlay: Overlay = { window, role, ready: false };
    window.setAlwaysOnTop(true, 'screen-saver');
    window.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true });
    window.setMenu(null);
    window.on('close', (event) => {
      if (this.locked) event.preventDefault();
    });
    window.on('blur', () => {
      if (this.locked && overlay.role === 'primary' && !window.isDestroyed()) window.focus();
    });
    window.webContents.on('before-input-event', (event, input) => {
      if (this.locked && isBlockedWhileLocked(input)) event.preventDefault();
    });
    // Fail closed: a crashed or hung overlay is reloaded, and the screen stays locked. A prepared
    // one is reloaded too, or the next lock would show a dead page.
    const inUse = () => !window.isDestroyed() && (this.locked || this.prepared === overlay);
    window.webContents.on('render-process-gone', () => {
      if (inUse()) void window.loadURL(this.options.pageUrl(overlay.role));
    });
    window.on('unresponsive', () => {
      if (inUse()) window.webContents.forcefullyCrashRenderer();
    });
    window.webContents.on('did-finish-load', () => {
      if (this.lastView) window.webContents.send(CHANNELS.lockViewChanged, this.lastView);
    });
    window.once('ready-to-show', () => {
      overlay.ready = true;
      // Prepared while unlocked: it stays hidden until the lock shows it.
      if (this.locked && this.prepared !== overlay) this.reveal(overlay);
    });
    void window.loadURL(this.options.pageUrl(role));
    return overlay;
  }
}
