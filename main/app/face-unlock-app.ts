// The Electron shell: single instance, tray, overlay, wizard and settings windows,
// lock triggers, start at login. Everything that decides lives in the core; this
// file only connects it to Electron.
import { app, Menu, Notification, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { COHORT_FILE_NAME, modelFileName } from '../../models/model-manifest.ts';
import { FaceUnlockCore } from '../core/face-unlock-core.ts';
import { PassiveLiveness } from '../face/models/passive-liveness.ts';
import { createIpcHandlers, type IpcHandlers } from '../ipc/handlers.ts';
import type { LockReason } from '../lock/lock-controller.ts';
import { OverlayWindows } from '../lock/overlay-windows.ts';
import { AppWindows, type AppPage } from './app-windows.ts';
import trayIconPath from './assets/tray-icon.png?asset';
import { LAUNCHED_AT_LOGIN_ARG, LinuxAutostart, autostartDir } from './auto-launch.ts';
import { registerIpcHandlers } from './ipc-registration.ts';
import { LockTriggers } from './lock-triggers.ts';
import { createSafeStorageCipher } from './safe-storage-cipher.ts';
import { hardenApp, secureWebPreferences } from './security.ts';
import { trayMenuTemplate, trayTooltip, type TrayState } from './tray-menu.ts';

const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');

export class FaceUnlockApp {
  private tray: Tray | null = null;
  private triggers: LockTriggers | null = null;
  private unregisterIpc: () => void = () => {};

  private constructor(
    private readonly core: FaceUnlockCore,
    private readonly ipc: IpcHandlers,
    private readonly overlay: OverlayWindows,
    private readonly windows: AppWindows,
  ) {}

  static async start(): Promise<FaceUnlockApp> {
    const rendererUrl = process.env.ELECTRON_RENDERER_URL; // electron-vite dev server
    const rendererRoot = rendererUrl ? `${new URL(rendererUrl).origin}/` : `${pathToFileURL(join(OUT_DIR, 'renderer')).href}/`;
    const pageUrl = (page: string, query = '') => `${rendererRoot}${page}/index.html${query}`;
    const isOurPage = (url: string) => url.startsWith(rendererRoot);
    hardenApp(isOurPage);

    const modelsDir = app.isPackaged ? join(process.resourcesPath, 'models') : join(app.getAppPath(), 'models/files');
    const cohortDir = app.isPackaged ? join(process.resourcesPath, 'cohort') : join(app.getAppPath(), 'models/cohort');
    const core = await FaceUnlockCore.createFromOptions({
      dataDir: app.getPath('userData'),
      cipher: await createSafeStorageCipher(),
      modelsDir,
      cohortPath: join(cohortDir, COHORT_FILE_NAME),
      createLivenessScorer: () => PassiveLiveness.createFromOptions({ modelPath: join(modelsDir, modelFileName('liveness')) }),
    });
    const ipc = createIpcHandlers({ core, trustedOrigins: [rendererRoot] });
    const webPreferences = secureWebPreferences(join(OUT_DIR, 'preload/index.cjs'));
    const overlay = new OverlayWindows({ pageUrl: (role) => pageUrl('lock', role === 'cover' ? '?role=cover' : ''), webPreferences });
    const windows = new AppWindows((page: AppPage, hash) => pageUrl(page, hash ? `#${hash}` : ''), webPreferences);
    const shell = new FaceUnlockApp(core, ipc, overlay, windows);
    shell.wire(process.argv.includes(LAUNCHED_AT_LOGIN_ARG) || app.getLoginItemSettings().wasOpenedAtLogin);
    return shell;
  }

  private wire(launchedAtLogin: boolean): void {
    this.unregisterIpc = registerIpcHandlers(this.ipc);
    this.core.onLockView((view) => {
      this.overlay.broadcast(view);
      if (view.phase === 'unlocked' && this.overlay.isShown()) {
        this.overlay.hide();
        this.refreshTray();
      }
    });
    this.core.onProfileChanged(() => {
      this.prepareOverlay();
      this.refreshTray();
    });
    this.core.onSettingsChanged(({ settings, previous }) => {
      if (settings.shortcut !== previous.shortcut) this.triggers?.applyShortcut();
      if (settings.startAtLogin !== previous.startAtLogin) void this.applyStartAtLogin(settings.startAtLogin);
      this.refreshTray();
    });
    this.triggers = new LockTriggers({
      lock: (reason) => this.lockNow(reason),
      idleLockMinutes: () => this.core.settings.idleLockMinutes,
      shortcut: () => this.core.settings.shortcut,
    });
    // Quitting while locked would leave the desktop open: refused at both steps of a quit.
    const refuseWhileLocked = (event: Electron.Event) => {
      if (this.core.lock.isLocked()) event.preventDefault();
    };
    app.on('before-quit', refuseWhileLocked);
    app.on('will-quit', refuseWhileLocked);
    app.on('window-all-closed', () => {
      // A tray app keeps running with no window open.
    });
    app.on('second-instance', () => {
      if (!this.core.lock.isLocked()) this.windows.open(this.core.profileState === 'enrolled' ? 'settings' : 'enrol');
    });
    this.tray = new Tray(nativeImage.createFromPath(trayIconPath).resize({ width: 22, height: 22 }));
    this.tray.on('click', () => this.tray?.popUpContextMenu());
    this.refreshTray();
    this.notifyProblemsAtStart();
    if (this.core.canLock && (launchedAtLogin || this.core.settings.lockOnStart)) this.lockNow('start');
    else if (!this.core.canLock && (!launchedAtLogin || this.core.profileState === 'damaged')) this.windows.open('enrol');
    this.prepareOverlay();
  }

  /**
   * The overlay is loaded ahead (hidden, its detector warm, the camera closed) whenever a lock
   * is possible, so that locking only shows it; nothing is kept while nothing could lock.
   */
  private prepareOverlay(): void {
    if (this.core.canLock) this.overlay.prepare();
    else this.overlay.discardPrepared();
  }

  /** Locks now, as the tray's "Lock now" does, unless nothing could open the lock again. */
  lockNow(reason: LockReason): void {
    // Without a password that could open it again (nothing enrolled, or a damaged profile
    // whose hash did not survive either), locking would shut the owner out: never lock then.
    if (!this.core.canLock) return;
    this.windows.closeAll();
    this.core.lock.lock(reason);
    this.overlay.show();
    this.refreshTray();
  }

  private refreshTray(): void {
    if (!this.tray) return;
    this.tray.setToolTip(trayTooltip(this.trayState()));
    this.tray.setContextMenu(Menu.buildFromTemplate(this.trayItems()));
  }

  /** A damaged profile or settings file, a missing model: said once as a notification, and kept in the tray, overlay and settings. */
  private notifyProblemsAtStart(): void {
    const problem = this.core.problems.message();
    if (problem && Notification.isSupported()) new Notification({ title: 'Face Unlock needs your attention', body: problem }).show();
  }

  isLocked(): boolean {
    return this.core.lock.isLocked();
  }

  /** The tray menu as it stands (it is rebuilt whenever the state it shows changes). */
  trayMenu(): MenuItemConstructorOptions[] {
    return this.trayItems();
  }

  /** "Start at login", as the tray's checkbox sets it (the OS side follows the settings change). */
  async setStartAtLogin(enabled: boolean): Promise<void> {
    await this.core.updateSettings({ startAtLogin: enabled });
  }

  private trayState(): TrayState {
    return {
      locked: this.core.lock.isLocked(),
      profileState: this.core.profileState,
      canLock: this.core.canLock,
      faceAvailable: this.core.faceEngine !== null,
      startAtLogin: this.core.settings.startAtLogin,
    };
  }

  private trayItems(): MenuItemConstructorOptions[] {
    return trayMenuTemplate(this.trayState(), {
      lockNow: () => this.lockNow('user'),
      enrol: () => this.windows.open('enrol'),
      testRecognition: () => this.windows.open('settings', 'test'),
      settings: () => this.windows.open('settings'),
      setStartAtLogin: (enabled) => void this.setStartAtLogin(enabled),
      quit: () => void this.quit(),
    });
  }

  /** The OS side of "Start at login", whichever window changed the setting. */
  private async applyStartAtLogin(enabled: boolean): Promise<void> {
    if (process.platform === 'linux') {
      const execPath = process.env.APPIMAGE ?? process.execPath;
      await new LinuxAutostart(autostartDir(), execPath, app.isPackaged ? [] : [app.getAppPath()]).setEnabled(enabled);
    } else {
      app.setLoginItemSettings({ openAtLogin: enabled, args: [LAUNCHED_AT_LOGIN_ARG] });
    }
  }

  private async quit(): Promise<void> {
    if (this.core.lock.isLocked()) return;
    this.triggers?.dispose();
    this.unregisterIpc();
    this.ipc.dispose();
    this.overlay.dispose();
    this.windows.closeAll();
    this.tray?.destroy();
    await this.core.dispose();
    app.exit(0);
  }
}
