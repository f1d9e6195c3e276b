// Starts the real Electron shell against the stand-in: a fresh userData folder per start,
// a profile sealed by the stand-in's safeStorage when asked, and what the tests need to
// look at windows, click the tray and type the password on the lock page.
import './register.ts';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandReply } from '../../main/app/command-line.ts';
import { hashPassword } from '../../main/profile/password.ts';
import { ProfileStore } from '../../main/profile/profile-store.ts';
import { PROFILE_EMBEDDING_LENGTH } from '../../main/profile/profile-types.ts';
import { SettingsStore } from '../../main/profile/settings-store.ts';
import { CHANNELS, type PasswordResult } from '../../preload/api.ts';
import { app, ipcMain, recorded, reset, screen, type BrowserWindow, type MenuItemStandIn, type Rect, type Tray } from './electron.ts';

// The app follows systemd-logind on the system bus (main/app/session-lock.ts); the shell tests must
// not follow a developer's real session. A test that wants a bus sets its own address after this.
process.env.DBUS_SYSTEM_BUS_ADDRESS = 'unix:path=/nonexistent/face-unlock-tests/system_bus_socket';

// Loaded only now: their `electron` import needs the hooks registered above.
const { FaceUnlockApp } = await import('../../main/app/face-unlock-app.ts');
const { createSafeStorageCipher } = await import('../../main/app/safe-storage-cipher.ts');
const { startFaceUnlock } = await import('../../main/app/start.ts');
export type Shell = Awaited<ReturnType<typeof FaceUnlockApp.start>>;

export const PASSWORD = 'correct horse battery';
// Computed once: scrypt is slow on purpose.
const passwordHash = hashPassword(PASSWORD);
const dataDirs: string[] = [];
type Settings = Parameters<SettingsStore['save']>[0];

export interface SeedOptions {
  /** Write an enrolled profile before the app starts. */
  profile?: boolean;
  settings?: Partial<Settings>;
  /** Displays besides the stand-in's default 1920×1080 primary at (0, 0). */
  extraDisplays?: Rect[];
  /** Damage both copies of the profile after writing it; 'everything' loses the hash's copy too. */
  damage?: 'profile' | 'everything';
}

/** A fresh, seeded userData folder, set as the app's; the extra displays plugged in. */
export async function prepare(options: SeedOptions = {}): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'face-unlock-shell-'));
  dataDirs.push(dir);
  if (options.profile) {
    // The cipher the app itself builds, so the app can open what is written here.
    const store = await ProfileStore.open({ dir, cipher: await createSafeStorageCipher() });
    const unit = Array.from({ length: PROFILE_EMBEDDING_LENGTH }, (_, i) => (i === 0 ? 1 : 0));
    const now = new Date().toISOString();
    const appearance = { id: 'default', label: 'default', centre: unit, embeddings: [unit] };
    const record = { version: 1 as const, createdIso: now, updatedIso: now, password: await passwordHash, appearances: [appearance] };
    await store.save(record);
    await store.save(record);
    store.dispose();
    if (options.damage) for (const file of ['profile.json', 'profile.json.bak']) writeFileSync(join(dir, file), 'damaged');
    if (options.damage === 'everything') rmSync(join(dir, 'password-hash.json'));
  }
  if (options.settings) {
    // Over the defaults as the store itself reads them on a first start.
    const store = await SettingsStore.open({ dir });
    await store.save({ ...(await store.load()).settings, ...options.settings });
    store.dispose();
  }
  options.extraDisplays?.forEach((bounds, i) => screen.addDisplay(2 + i, bounds));
  app.setPath('userData', dir);
  return dir;
}

export async function startShell(options: SeedOptions = {}): Promise<Shell> {
  await prepare(options);
  const shell = await FaceUnlockApp.start();
  await settle();
  return shell;
}

export interface Launch {
  /** The running app when this launch started it; null when it only answered (or failed). */
  shell: Shell | null;
  /** What it printed, in order (stdout and stderr alike, each reply saying which). */
  printed: CommandReply[];
  /** The exit codes it gave app.exit. */
  exitCodes: number[];
}

/**
 * `face-unlock <words>` as startFaceUnlock sees it under `electron .` (argv: the executable,
 * the app path, the words), into the folder prepare() set. A second instance (set
 * app.singleInstanceLock = false first) hands its command to the shell already running in this
 * process through the stand-in's 'second-instance', and resolves once it has its answer.
 */
export async function launch(words: string[], options: { replyTimeoutMs?: number } = {}): Promise<Launch> {
  const printed: CommandReply[] = [];
  const before = app.exitCodes.length;
  const shell = await startFaceUnlock({ argv: [process.execPath, '.', ...words], print: async (reply) => void printed.push(reply), ...options });
  await settle();
  return { shell, printed, exitCodes: app.exitCodes.slice(before) };
}

/** Lets the stand-in's pending loads (did-finish-load, ready-to-show) and crash reports happen. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 4; i++) await new Promise((resolve) => setImmediate(resolve));
}

export async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The live windows showing one of our pages. */
export function windowsOf(page: 'lock' | 'enrol' | 'settings'): BrowserWindow[] {
  const shows = (url: string) => url !== '' && new URL(url).pathname.endsWith(`/${page}/index.html`);
  return recorded.windows.filter((w) => !w.isDestroyed() && shows(w.webContents.url));
}

export const overlays = () => windowsOf('lock');
export const isCover = (window: BrowserWindow) => new URL(window.webContents.url).searchParams.get('role') === 'cover';

export function primaryOverlay(): BrowserWindow {
  const primary = overlays().filter((w) => !isCover(w));
  assert.equal(primary.length, 1, 'one overlay shows the lock page itself');
  return primary[0];
}

export function tray(): Tray {
  const live = recorded.trays.filter((t) => !t.isDestroyed());
  assert.equal(live.length, 1, 'one tray icon');
  return live[0];
}

export function trayItems(): MenuItemStandIn[] {
  const menu = tray().contextMenu;
  assert.ok(menu, 'the tray has a menu');
  return menu;
}

/** Clicks a tray menu item as Electron does (a checkbox flips before its click runs). */
export function clickTray(label: RegExp): void {
  const item = trayItems().find((i) => label.test(i.label ?? ''));
  assert.ok(item?.click, `a tray item ${label}`);
  assert.notEqual(item.enabled, false, `${label} is enabled`);
  item.click(item.type === 'checkbox' ? { ...item, checked: !item.checked } : item, undefined, {});
}

/** What the lock page's password field sends, from `window`'s frame. */
export async function submitPassword(password: string, window = primaryOverlay()): Promise<PasswordResult> {
  const sender = { id: window.webContents.id, url: window.webContents.url };
  return (await ipcMain.invoke(CHANNELS.lockSubmitPassword, sender, password)) as PasswordResult;
}

let leftRunning = false;

/** Quits through the tray as a user would (unlocking first if need be), then forgets this Electron. */
export async function shutDown(): Promise<void> {
  try {
    if (recorded.trays.some((t) => !t.isDestroyed())) {
      const canQuit = () => trayItems().some((i) => /^Quit/.test(i.label ?? ''));
      // Any overlay may send the password (a test may have left no lock page standing).
      if (!canQuit() && overlays().length > 0) await submitPassword(PASSWORD, overlays()[0]);
      // A second instance's exit may be on record already: wait for the app's own.
      const exitsBefore = app.exitCodes.length;
      clickTray(/^Quit/);
      await until(() => app.exitCodes.length > exitsBefore, 'the app to exit', 5_000);
    }
  } catch (error) {
    leftRunning = true;
    throw error;
  } finally {
    reset();
    for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * For the end of the file: a shell that could not be quit (its test failed already) keeps
 * its idle poll running, which would hold the test process open forever; end it instead.
 */
export function endIfLeftRunning(): void {
  if (leftRunning) setTimeout(() => process.exit(1), 1_000).unref();
}
