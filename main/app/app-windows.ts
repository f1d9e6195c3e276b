// The two ordinary windows: the enrolment wizard and settings ("Test recognition…"
// opens settings on its test panel). One of each at a time.
import { BrowserWindow } from 'electron';

export type AppPage = 'enrol' | 'settings';

export class AppWindows {
  private readonly windows = new Map<AppPage, BrowserWindow>();

  constructor(
    private readonly pageUrl: (page: AppPage | 'presence', hash?: string) => string,
    private readonly webPreferences: Electron.WebPreferences,
  ) {}

  open(page: AppPage, hash?: string): void {
    const existing = this.windows.get(page);
    if (existing && !existing.isDestroyed()) {
      existing.focus();
      return;
    }
    const window = new BrowserWindow({
      width: page === 'enrol' ? 920 : 760,
      height: 720,
      title: page === 'enrol' ? 'Enrol face — Face Unlock' : 'Settings — Face Unlock',
      backgroundColor: '#0b0f14',
      autoHideMenuBar: true,
      show: false,
      webPreferences: this.webPreferences,
    });
    window.setMenu(null);
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => this.windows.delete(page));
    this.windows.set(page, window);
    void window.loadURL(this.pageUrl(page, hash));
  }

  /**
   * The walk-away lock's hidden presence page (presence-window.ts opens and closes it): never
   * shown, and never throttled, since Chromium slows a hidden page's timers (to once a minute
   * after five minutes) and the page must look once a second. The lock's camera goes in the hash.
   */
  openPresence(cameraDeviceId: string): BrowserWindow {
    const window = new BrowserWindow({
      width: 320,
      height: 240,
      title: 'Face Unlock presence check',
      show: false,
      skipTaskbar: true,
      focusable: false,
      webPreferences: { ...this.webPreferences, backgroundThrottling: false },
    });
    void window.loadURL(this.pageUrl('presence', cameraDeviceId ? `camera=${encodeURIComponent(cameraDeviceId)}` : undefined));
    return window;
  }

  /** Locking closes them: their camera goes with them, and nothing behind the overlay stays usable. */
  closeAll(): void {
    for (const window of this.windows.values()) if (!window.isDestroyed()) window.destroy();
    this.windows.clear();
  }
}
