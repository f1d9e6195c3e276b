// A stand-in for the few Electron main-process APIs the app calls, so its shell runs
// under plain Node (no Electron binary here). It behaves like Electron where the app
// relies on it (preventable events, destroyed objects throwing, ready-to-show after a
// load, ipcMain refusing a second handler) and records everything for the tests.
// Test code only: hooks.ts maps the bare `electron` import here.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Electron's preventable event, as listeners see it. */
export interface StandInEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function preventableEvent(): StandInEvent {
  const event = { defaultPrevented: false, preventDefault: () => void (event.defaultPrevented = true) };
  return event;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The part of Electron's Display the app reads. */
export interface Display {
  id: number;
  bounds: Rect;
}

/** Electron throws on any use of a destroyed window or webContents; so do we, to catch the app doing it. */
function checkAlive(destroyed: boolean): void {
  if (destroyed) throw new TypeError('Object has been destroyed');
}

// The repo root: the app loads its models from `<appPath>/models/files` when not packaged.
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

// Under plain Node, process.argv is [node, script, ...words]: the shape `electron .` gives,
// where Electron's default_app sets process.defaultApp (the command line's parser reads it).
Object.defineProperty(process, 'defaultApp', { value: true, configurable: true, enumerable: true });

class AppStandIn extends EventEmitter {
  readonly isPackaged = false;
  readonly dock = { hidden: false, hide: () => void (this.dock.hidden = true) };
  /** What requestSingleInstanceLock answers: false plays the second instance. */
  singleInstanceLock = true;
  /** The additionalData of every requestSingleInstanceLock call. */
  readonly singleInstanceRequests: unknown[] = [];
  loginItemSettings = { openAtLogin: false, wasOpenedAtLogin: false };
  readonly loginItemChanges: unknown[] = [];
  readonly paths = new Map<string, string>();
  whenReadyCalls = 0;
  quitCalls = 0;
  /** True once a quit got past every step that may refuse it. */
  quitted = false;
  readonly exitCodes: number[] = [];

  getPath(name: string): string {
    const path = this.paths.get(name);
    // No default: a test that forgets its temp dir must not write into a real profile folder.
    if (path === undefined) throw new Error(`stand-in app has no '${name}' path: set it first`);
    return path;
  }
  setPath(name: string, path: string): void {
    this.paths.set(name, path);
  }
  getAppPath(): string {
    return REPO_ROOT;
  }
  /**
   * As Electron, a refused request hands argv, the working directory and additionalData to the
   * first instance's 'second-instance', a moment later. Both instances live in this one process
   * and share this app: the first one's listeners (if one was started) hear the second.
   */
  requestSingleInstanceLock(additionalData?: Record<string, unknown>): boolean {
    this.singleInstanceRequests.push(additionalData);
    if (!this.singleInstanceLock) {
      // Electron sends a copy (JSON over its socket or pipe), not the object itself.
      const data = additionalData === undefined ? undefined : JSON.parse(JSON.stringify(additionalData));
      setImmediate(() => this.emit('second-instance', preventableEvent(), [...process.argv], process.cwd(), data));
    }
    return this.singleInstanceLock;
  }
  whenReady(): Promise<void> {
    this.whenReadyCalls++;
    return Promise.resolve();
  }
  /** As Electron: before-quit, then every window is asked to close, then will-quit; each step may refuse. */
  quit(): void {
    this.quitCalls++;
    const before = preventableEvent();
    this.emit('before-quit', before);
    if (before.defaultPrevented) return;
    for (const window of recorded.windows) if (!window.isDestroyed()) window.close();
    if (recorded.windows.some((window) => !window.isDestroyed())) return;
    const will = preventableEvent();
    this.emit('will-quit', will);
    if (will.defaultPrevented) return;
    this.quitted = true;
  }
  /**
   * Electron exits at once without asking anyone; here it is only recorded, unless the stand-in
   * runs as a process of its own (FACE_UNLOCK_STAND_IN_EXITS=1), which then really exits.
   */
  exit(code = 0): void {
    this.exitCodes.push(code);
    if (process.env.FACE_UNLOCK_STAND_IN_EXITS === '1') process.exit(code);
  }
  getLoginItemSettings() {
    return { ...this.loginItemSettings };
  }
  setLoginItemSettings(settings: unknown): void {
    this.loginItemChanges.push(settings);
  }
}

let nextWebContentsId = 1;

export class WebContentsStandIn extends EventEmitter {
  readonly id = nextWebContentsId++;
  url = '';
  destroyed = false;
  crashCalls = 0;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: ((details: unknown) => unknown) | null = null;

  getURL(): string {
    checkAlive(this.destroyed);
    return this.url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, ...args: unknown[]): void {
    checkAlive(this.destroyed);
    this.sent.push({ channel, args });
  }
  /** The renderer dies and, as in Electron, 'render-process-gone' follows. */
  forcefullyCrashRenderer(): void {
    checkAlive(this.destroyed);
    this.crashCalls++;
    setImmediate(() => {
      if (!this.destroyed) this.emit('render-process-gone', preventableEvent(), { reason: 'killed', exitCode: 9 });
    });
  }
  setWindowOpenHandler(handler: (details: unknown) => unknown): void {
    this.windowOpenHandler = handler;
  }
}

export class BrowserWindow extends EventEmitter {
  readonly webContents = new WebContentsStandIn();
  readonly loadedUrls: string[] = [];
  bounds: Rect;
  visible = false;
  focusCount = 0;
  destroyed = false;
  menu: unknown = undefined;
  alwaysOnTop: { flag: boolean; level?: string };
  visibleOnAllWorkspaces: { flag: boolean; options?: unknown } = { flag: false };
  private everLoaded = false;

  constructor(readonly options: Record<string, any> = {}) {
    super();
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width ?? 800, height: options.height ?? 600 };
    this.alwaysOnTop = { flag: options.alwaysOnTop === true };
    recorded.windows.push(this);
    app.emit('web-contents-created', preventableEvent(), this.webContents);
  }

  /** Navigates; like Electron, did-finish-load follows, and ready-to-show once after the first load. */
  loadURL(url: string): Promise<void> {
    checkAlive(this.destroyed);
    this.loadedUrls.push(url);
    this.webContents.url = url;
    return new Promise((resolve) =>
      setImmediate(() => {
        if (!this.destroyed) {
          this.webContents.emit('did-finish-load');
          if (!this.everLoaded) this.emit('ready-to-show');
          this.everLoaded = true;
        }
        resolve();
      }),
    );
  }
  /** What the user's close does: 'close' may refuse it, otherwise the window goes. */
  close(): void {
    checkAlive(this.destroyed);
    const event = preventableEvent();
    this.emit('close', event);
    if (!event.defaultPrevented) this.destroy();
  }
  /** Forced close: no 'close' event, straight to 'closed'. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
    this.webContents.emit('destroyed');
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  show(): void {
    checkAlive(this.destroyed);
    this.visible = true;
  }
  isVisible(): boolean {
    return !this.destroyed && this.visible;
  }
  focus(): void {
    checkAlive(this.destroyed);
    this.focusCount++;
  }
  setBounds(bounds: Partial<Rect>): void {
    checkAlive(this.destroyed);
    this.bounds = { ...this.bounds, ...bounds };
  }
  setMenu(menu: unknown): void {
    checkAlive(this.destroyed);
    this.menu = menu;
  }
  setAlwaysOnTop(flag: boolean, level?: string): void {
    checkAlive(this.destroyed);
    this.alwaysOnTop = { flag, level };
  }
  setVisibleOnAllWorkspaces(flag: boolean, options?: unknown): void {
    checkAlive(this.destroyed);
    this.visibleOnAllWorkspaces = { flag, options };
  }
}

class ScreenStandIn extends EventEmitter {
  displays: Display[] = [];
  primaryId = 0;

  getAllDisplays(): Display[] {
    return this.displays.map((display) => structuredClone(display));
  }
  getPrimaryDisplay(): Display {
    const primary = this.displays.find((display) => display.id === this.primaryId);
    if (!primary) throw new Error('stand-in screen has no displays');
    return structuredClone(primary);
  }
  /** Test helper: plugs in a display (the first one becomes primary). */
  addDisplay(id: number, bounds: Rect): Display {
    const display: Display = { id, bounds };
    this.displays.push(display);
    if (this.displays.length === 1) this.primaryId = id;
    this.emit('display-added', preventableEvent(), structuredClone(display));
    return display;
  }
  /** Test helper: a display's resolution or position changes. */
  moveDisplay(id: number, bounds: Rect): void {
    const display = this.displays.find((d) => d.id === id);
    if (!display) throw new Error(`no display ${id}`);
    display.bounds = bounds;
    this.emit('display-metrics-changed', preventableEvent(), structuredClone(display), ['bounds']);
  }
  /** Test helper: unplugs a display; as in the OS, another one becomes primary if needed. */
  removeDisplay(id: number): void {
    const display = this.displays.find((d) => d.id === id);
    if (!display) throw new Error(`no display ${id}`);
    this.displays = this.displays.filter((d) => d.id !== id);
    if (this.primaryId === id) this.primaryId = this.displays[0]?.id ?? 0;
    this.emit('display-removed', preventableEvent(), structuredClone(display));
  }
}

class PowerMonitorStandIn extends EventEmitter {
  idleSeconds = 0;
  getSystemIdleTime(): number {
    return this.idleSeconds;
  }
}

export interface NativeImageStandIn {
  path: string;
  size: { width: number; height: number } | null;
  isEmpty(): boolean;
  resize(options: { width: number; height: number }): NativeImageStandIn;
}

function image(path: string, size: NativeImageStandIn['size']): NativeImageStandIn {
  // Electron gives an empty image for a path it cannot read; the tests look at this.
  const made: NativeImageStandIn = { path, size, isEmpty: () => !existsSync(path), resize: (options) => image(path, options) };
  recorded.images.push(made);
  return made;
}

/** The template items the app builds; tests call `click` as Electron would. */
export type MenuItemStandIn = {
  label?: string;
  type?: string;
  enabled?: boolean;
  checked?: boolean;
  click?: (item: any, window: unknown, event: unknown) => void;
};

export class Tray extends EventEmitter {
  tooltip = '';
  contextMenu: MenuItemStandIn[] | null = null;
  popUps = 0;
  destroyed = false;

  constructor(readonly image: NativeImageStandIn) {
    super();
    recorded.trays.push(this);
  }
  setToolTip(tooltip: string): void {
    checkAlive(this.destroyed);
    this.tooltip = tooltip;
  }
  setContextMenu(menu: MenuItemStandIn[] | null): void {
    checkAlive(this.destroyed);
    this.contextMenu = menu;
  }
  popUpContextMenu(): void {
    checkAlive(this.destroyed);
    this.popUps++;
  }
  destroy(): void {
    this.destroyed = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

/** Desktop notifications: recorded, and counted as shown once show() is called. */
export class Notification {
  shown = false;
  static isSupported(): boolean {
    return true;
  }
  constructor(readonly options: { title?: string; body?: string } = {}) {
    recorded.notifications.push(this);
  }
  show(): void {
    this.shown = true;
  }
}

// A fixed key, so a profile sealed by one app start (or by a test) opens in the next.
const SAFE_STORAGE_KEY = createHash('sha256').update('face-unlock electron stand-in keyring').digest();

type Handler = (...args: any[]) => any;

export const app = new AppStandIn();
export const screen = new ScreenStandIn();
export const powerMonitor = new PowerMonitorStandIn();
export const nativeImage = { createFromPath: (path: string) => image(path, null) };
export const Menu = { buildFromTemplate: (template: MenuItemStandIn[]) => template };

export const recorded = {
  windows: [] as BrowserWindow[],
  trays: [] as Tray[],
  notifications: [] as Notification[],
  images: [] as NativeImageStandIn[],
  errorBoxes: [] as { title: string; content: string }[],
  shortcuts: new Map<string, () => void>(),
  ipcHandlers: new Map<string, Handler>(),
  permissionRequestHandler: null as Handler | null,
  permissionCheckHandler: null as Handler | null,
  beforeRequestHandler: null as Handler | null,
  encryptionAvailable: true,
  storageBackend: 'gnome_libsecret',
};

export const globalShortcut = {
  register: (accelerator: string, callback: () => void) => (recorded.shortcuts.set(accelerator, callback), true),
  unregister: (accelerator: string) => void recorded.shortcuts.delete(accelerator),
};

export const safeStorage = {
  isAsyncEncryptionAvailable: async () => recorded.encryptionAvailable,
  getSelectedStorageBackend: () => recorded.storageBackend,
  /** AES-256-GCM, `iv ‖ tag ‖ ciphertext`: the bytes on disk are really sealed. */
  async encryptStringAsync(plainText: string): Promise<Buffer> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', SAFE_STORAGE_KEY, iv);
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  },
  async decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> {
    const decipher = createDecipheriv('aes-256-gcm', SAFE_STORAGE_KEY, encrypted.subarray(0, 12));
    decipher.setAuthTag(encrypted.subarray(12, 28));
    const result = Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString('utf8');
    return { result, shouldReEncrypt: false };
  },
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler: (handler: Handler | null) => void (recorded.permissionRequestHandler = handler),
    setPermissionCheckHandler: (handler: Handler | null) => void (recorded.permissionCheckHandler = handler),
    webRequest: { onBeforeRequest: (handler: Handler | null) => void (recorded.beforeRequestHandler = handler) },
  },
};

export const ipcMain = {
  handle(channel: string, handler: Handler): void {
    if (recorded.ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    recorded.ipcHandlers.set(channel, handler);
  },
  removeHandler: (channel: string) => void recorded.ipcHandlers.delete(channel),
  /** Test helper: what ipcRenderer.invoke from `sender` ends in. */
  async invoke(channel: string, sender: { id: number; url: string }, payload?: unknown): Promise<unknown> {
    const handler = recorded.ipcHandlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ sender: { id: sender.id }, senderFrame: { url: sender.url } }, payload);
  },
};

export const dialog = {
  showErrorBox: (title: string, content: string) => void recorded.errorBoxes.push({ title, content }),
};

/** Back to a fresh Electron: no listeners, no windows, one 1920×1080 primary display. */
export function reset(): void {
  for (const emitter of [app, screen, powerMonitor]) emitter.removeAllListeners();
  Object.assign(app, { singleInstanceLock: true, whenReadyCalls: 0, quitCalls: 0, quitted: false });
  app.loginItemSettings = { openAtLogin: false, wasOpenedAtLogin: false };
  app.dock.hidden = false;
  app.paths.clear();
  app.exitCodes.length = 0;
  app.singleInstanceRequests.length = 0;
  app.loginItemChanges.length = 0;
  screen.displays = [];
  screen.addDisplay(1, { x: 0, y: 0, width: 1920, height: 1080 });
  powerMonitor.idleSeconds = 0;
  for (const list of [recorded.windows, recorded.trays, recorded.notifications, recorded.images, recorded.errorBoxes]) list.length = 0;
  recorded.shortcuts.clear();
  recorded.ipcHandlers.clear();
  Object.assign(recorded, { permissionRequestHandler: null, permissionCheckHandler: null, beforeRequestHandler: null });
  Object.assign(recorded, { encryptionAvailable: true, storageBackend: 'gnome_libsecret' });
}

reset();
