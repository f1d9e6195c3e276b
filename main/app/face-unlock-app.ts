// The Electron shell: single instance, tray, overlay, wizard and settings windows,
// lock triggers, start at login, the command line's commands. Everything that decides
// lives in the core (and command-line.ts); this file only connects it to Electron.
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
import { COMMAND_SENTENCES, EXIT_CODES, decideCommand, forwardedOf, statusReply, type AppStatus, type Command, type CommandReply, type Forwarded } from './command-line.ts';
import { registerIpcHandlers } from './ipc-registration.ts';
import { LockTriggers } from './lock-triggers.ts';
import { PresenceWindow } from './presence-window.ts';
import { createSafeStorageCipher } from './safe-storage-cipher.ts';
import { hardenApp, secureWebPreferences } from './security.ts';
import { ReplyWriter } from './status-channel.ts';
import { trayMenuTemplate, trayTooltip, type TrayState } from './tray-menu.ts';

const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface FaceUnlockStartOptions {
  /** The command this first instance was launched with (command-line.ts); none: the ordinary start. */
  command?: Exclude<Command, 'help' | 'status'> | null;
  /** Where that command's answer is printed (the first instance has nobody waiting for a reply file). */
  print?: (reply: CommandReply) => Promise<void>;
}

export class FaceUnlockApp {
  private tray: Tray | null = null;
  private triggers: LockTriggers | null = null;
  /** The walk-away lock's hidden window (presence-window.ts), open only while unlocked and on. */
  private presence: PresenceWindow | null = null;
  private unregisterIpc: () => void = () => {};
  private readonly onSecondInstance = (_event: unknown, _argv: string[], _cwd: string, data: unknown) => {
    // additionalData, not argv: Electron says argv arrives reordered and with switches added.
    const received = forwardedOf(data);
    if (received !== 'malformed') this.receive(received);
  };

  private constructor(
    private readonly core: FaceUnlockCore,
    private readonly ipc: IpcHandlers,
    private readonly overlay: OverlayWindows,
    private readonly windows: AppWindows,
    private readonly replies: ReplyWriter,
  ) {}

  static async start(options: FaceUnlockStartOptions = {}): Promise<FaceUnlockApp> {
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
    const windows = new AppWindows((page: AppPage | 'presence', hash) => pageUrl(page, hash ? `#${hash}` : ''), webPreferences);
    const replies = new ReplyWriter({ dir: app.getPath('userData') });
    const shell = new FaceUnlockApp(core, ipc, overlay, windows, replies);
    shell.wire(process.argv.includes(LAUNCHED_AT_LOGIN_ARG) || app.getLoginItemSettings().wasOpenedAtLogin, options);
    return shell;
  }

  private wire(launchedAtLogin: boolean, { command = null, print = async () => {} }: FaceUnlockStartOptions): void {
    this.unregisterIpc = registerIpcHandlers(this.ipc);
    this.core.onLockView((view) => {
      this.overlay.broadcast(view);
      this.presence?.sync();
      if (view.phase === 'unlocked' && this.overlay.isShown()) {
        this.overlay.hide();
        this.refreshTray();
      }
    });
    this.core.onProfileChanged(() => {
      this.presence?.sync();
      this.prepareOverlay();
      this.refreshTray();
    });
    this.core.onSettingsChanged(({ settings, previous }) => {
      if (settings.shortcut !== previous.shortcut) this.triggers?.applyShortcut();
      if (settings.startAtLogin !== previous.startAtLogin) void this.applyStartAtLogin(settings.startAtLogin);
      this.presence?.sync();
      this.refreshTray();
    });
    // A quiet notice after an unlock that followed refused attempts (kept only when on): the overlay is gone by then.
    this.core.attemptSnapshots.onAwayNotice((body) => Notification.isSupported() && new Notification({ title: 'Face Unlock', body, silent: true }).show());
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
    app.on('second-instance', this.onSecondInstance);
    this.tray = new Tray(nativeImage.createFromPath(trayIconPath).resize({ width: 22, height: 22 }));
    this.tray.on('click', () => this.tray?.popUpContextMenu());
    this.refreshTray();
    this.notifyProblemsAtStart();
    if (command === 'lock' && !this.core.canLock) {
      // Asked to lock with nothing that could unlock it again: say so and end, as a second instance would answer.
      const reply = this.answer('lock');
      void print(reply).then(() => this.quit(reply.exitCode));
      return;
    }
    // The ordinary start's lock or wizard; a lock command locks by itself below.
    if (command !== 'lock') this.lockOrEnrolAtStart(launchedAtLogin);
    // After the start's lock: the walk-away check opens only on an unlocked desktop.
    this.presence = new PresenceWindow({
      watch: this.core.presence,
      open: (cameraDeviceId) => this.windows.openPresence(cameraDeviceId),
      settings: () => this.core.settings,
      locked: () => this.core.lock.isLocked(),
      recognitionAvailable: () => this.core.hasProfile && this.core.faceEngine !== null,
      lock: () => this.lockNow('walkAway'),
    });
    this.prepareOverlay();
    // After lock-on-start: a command never opens a window that the start has just locked away.
    if (command) void print(this.answer(command));
  }

  private lockOrEnrolAtStart(launchedAtLogin: boolean): void {
    if (this.core.canLock && (launchedAtLogin || this.core.settings.lockOnStart)) this.lockNow('start');
    else if (!this.core.canLock && (!launchedAtLogin || this.core.profileState === 'damaged')) this.windows.open('enrol');
  }

  /** A second instance's command (or bare launch): done, and answered where it waits (status-channel.ts). */
  receive(forwarded: Forwarded): void {
    const reply = this.answer(forwarded.command);
    if (forwarded.replyId) void this.replies.write(forwarded.replyId, reply);
  }

  /** runCommand, never throwing: a command that broke says so, and leaves the lock as it was. */
  private answer(command: Forwarded['command']): CommandReply {
    try {
      return this.runCommand(command);
    } catch {
      return { exitCode: EXIT_CODES.refused, stream: 'stderr', text: COMMAND_SENTENCES.failed };
    }
  }

  /** Does what a command line asks, if this state allows it (command-line.ts decides), and says how it went. */
  runCommand(command: Forwarded['command']): CommandReply {
    if (command === 'status') return statusReply(this.status());
    const { action, reply } = decideCommand(command, this.trayState());
    if (action === 'lock') {
      this.lockNow('user');
      return this.isLocked() ? reply : { exitCode: EXIT_CODES.refused, stream: 'stderr', text: COMMAND_SENTENCES.lockFailed };
    }
    if (action === 'openEnrol') this.windows.open('enrol');
    else if (action === 'openSettings') this.windows.open('settings');
    else if (action === 'openTest') this.windows.open('settings', 'test');
    return reply;
  }

  /** What `face-unlock status` prints. */
  status(): AppStatus {
    const { phase, passwordReason, lockoutRemainingMs } = this.core.lock.view();
    const problem = this.core.problems.message();
    return {
      profileState: this.core.profileState,
      livenessMode: this.core.settings.livenessMode,
      lock: { phase, lockoutRemainingMs, ...(passwordReason ? { passwordReason } : {}) },
      ...(problem ? { problem } : {}),
    };
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

  private async quit(exitCode: number = EXIT_CODES.ok): Promise<void> {
    if (this.core.lock.isLocked()) return;
    app.off('second-instance', this.onSecondInstance);
    this.triggers?.dispose();
    this.presence?.dispose();
    this.unregisterIpc();
    this.ipc.dispose();
    this.overlay.dispose();
    this.windows.closeAll();
    this.tray?.destroy();
    await this.replies.dispose();
    await this.core.dispose();
    app.exit(exitCode);
  }
}
