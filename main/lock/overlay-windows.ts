// The lock overlay: one frameless full-screen window per display, above everything,
// on every workspace, refusing to close while locked. Windows exist only while
// locked: destroying them releases the camera and leaves ~0 % CPU behind.
import { BrowserWindow, screen, type Display } from 'electron';
import type { LockView } from '../../preload/api.ts';
import { CHANNELS } from '../../preload/api.ts';
import { isBlockedWhileLocked } from './overlay-keys.ts';

export interface OverlayWindowsOptions {
  /** URL of the overlay page for a display's role. */
  pageUrl(role: 'primary' | 'cover'): string;
  webPreferences: Electron.WebPreferences;
}

export class OverlayWindows {
  private readonly windows = new Map<number, BrowserWindow>();
  private locked = false;
  private lastView: LockView | null = null;
  private readonly onDisplaysChanged = () => this.locked && this.syncDisplays();

  constructor(private readonly options: OverlayWindowsOptions) {
    screen.on('display-added', this.onDisplaysChanged);
    screen.on('display-removed', this.onDisplaysChanged);
    screen.on('display-metrics-changed', this.onDisplaysChanged);
  }

  show(): void {
    this.locked = true;
    this.syncDisplays();
  }

  /** Called only when main has decided to unlock. */
  hide(): void {
    this.locked = false;
    for (const window of this.windows.values()) if (!window.isDestroyed()) window.destroy();
    this.windows.clear();
  }

  isShown(): boolean {
    return this.locked;
  }

  broadcast(view: LockView): void {
    this.lastView = view;
    for (const window of this.windows.values()) {
      if (!window.isDestroyed()) window.webContents.send(CHANNELS.lockViewChanged, view);
    }
  }

  dispose(): void {
    screen.off('display-added', this.onDisplaysChanged);
    screen.off('display-removed', this.onDisplaysChanged);
    screen.off('display-metrics-changed', this.onDisplaysChanged);
    this.hide();
  }

  /** One window per display, the primary one with the camera; windows of removed displays go. */
  private syncDisplays(): void {
    const displays = screen.getAllDisplays();
    const primaryId = screen.getPrimaryDisplay().id;
    for (const [id, window] of this.windows) {
      if (!displays.some((d) => d.id === id)) {
        window.destroy();
        this.windows.delete(id);
      }
    }
    for (const display of displays) {
      const role = display.id === primaryId ? 'primary' : 'cover';
      const existing = this.windows.get(display.id);
      if (existing && !existing.isDestroyed()) {
        existing.setBounds(display.bounds);
        if (existing.webContents.getURL() !== this.options.pageUrl(role)) void existing.loadURL(this.options.pageUrl(role));
        continue;
      }
      this.windows.set(display.id, this.createWindow(display, role));
    }
  }

  private createWindow(display: Display, role: 'primary' | 'cover'): BrowserWindow {
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
    window.setAlwaysOnTop(true, 'screen-saver');
    window.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true });
    window.setMenu(null);
    window.on('close', (event) => {
      if (this.locked) event.preventDefault();
    });
    window.on('blur', () => {
      if (this.locked && role === 'primary' && !window.isDestroyed()) window.focus();
    });
    window.webContents.on('before-input-event', (event, input) => {
      if (this.locked && isBlockedWhileLocked(input)) event.preventDefault();
    });
    // Fail closed: a crashed or hung overlay is reloaded, and the screen stays locked.
    window.webContents.on('render-process-gone', () => {
      if (this.locked && !window.isDestroyed()) void window.loadURL(this.options.pageUrl(role));
    });
    window.on('unresponsive', () => {
      if (this.locked && !window.isDestroyed()) window.webContents.forcefullyCrashRenderer();
    });
    window.webContents.on('did-finish-load', () => {
      if (this.lastView) window.webContents.send(CHANNELS.lockViewChanged, this.lastView);
    });
    window.once('ready-to-show', () => {
      window.show();
      if (role === 'primary') window.focus();
    });
    void window.loadURL(this.options.pageUrl(role));
    return window;
  }
}
