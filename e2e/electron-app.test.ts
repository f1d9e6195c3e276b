// What only Electron can show: the real preload bridge and ipcMain, a lock window per
// display above everything, refusing to close or quit while locked, the tray's menu.
// Runs wherever an Electron binary exists; skipped, and says so, elsewhere (CI here).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import type { FrameReport } from '../preload/api.ts';
import { BrowserFaceDetector, frameReportOf } from '../tools/browser/browser-face-detector.ts';
import { listImageFolder } from '../tools/eval/image-folder.ts';
import { facesDir } from '../tools/eval/paths.ts';
import { findElectronBinary } from './electron-binary.ts';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const electronBinary = findElectronBinary();
const skip = electronBinary
  ? false
  : 'no Electron binary (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1): Electron end-to-end tests skipped';
const PASSWORD = 'correct horse battery';

/**
 * The app as main/index.ts starts it, from test-support/electron-e2e-main.ts, which also
 * exposes the tray's actions as globalThis.faceUnlockE2E (the shipped entry has no test hooks).
 * Built into a folder of its own that is laid out as the repository is for the app: its main
 * bundle beside the app's preload and pages (out/), the models and node_modules linked in, so
 * that the app finds everything where it looks when not packaged (app.getAppPath()).
 */
function buildE2eApp(): string {
  execFileSync('npx', ['electron-vite', 'build'], { cwd: REPO, stdio: 'ignore' });
  const appDir = mkdtempSync(join(tmpdir(), 'face-unlock-e2e-app-'));
  const config = join(REPO, 'test-support/electron-e2e.vite.config.ts');
  execFileSync('npx', ['electron-vite', 'build', '--config', config], { cwd: REPO, stdio: 'ignore', env: { ...process.env, FACE_UNLOCK_E2E_OUT_DIR: appDir } });
  for (const [link, target] of [['preload', 'out/preload'], ['renderer', 'out/renderer'], ['models', 'models'], ['node_modules', 'node_modules']]) {
    symlinkSync(join(REPO, target), join(appDir, link), 'dir');
  }
  writeFileSync(join(appDir, 'package.json'), JSON.stringify({ name: 'face-unlock', type: 'module', main: 'main/index.js' }));
  return appDir;
}

type WireFrame = Omit<FrameReport, 'face'> & { face?: Omit<NonNullable<FrameReport['face']>, 'faceCrop' | 'contextCrop'> & { faceCropB64: string; contextCropB64: string } };

describe('the Electron app', { skip }, () => {
  let app: ElectronApplication;
  let appDir: string;
  const frames: WireFrame[] = [];

  before(async () => {
    appDir = buildE2eApp();
    const detector = await BrowserFaceDetector.createFromOptions();
    for (const photo of (await listImageFolder(join(facesDir(), 'five_celebrity'))).filter((p) => p.person === 'jerry_seinfeld')) {
      const report = frameReportOf(await detector.analyseFile(photo.path, { width: 640, height: 480 }));
      if (!report?.face) continue;
      const { faceCrop, contextCrop, ...rest } = report.face;
      frames.push({ ...report, face: { ...rest, faceCropB64: Buffer.from(faceCrop).toString('base64'), contextCropB64: Buffer.from(contextCrop).toString('base64') } });
    }
    await detector.dispose();
    app = await _electron.launch({
      executablePath: electronBinary!,
      args: [appDir],
      env: { ...process.env, FACE_UNLOCK_USER_DATA: mkdtempSync(join(tmpdir(), 'face-unlock-electron-')) },
    });
  });
  after(async () => {
    await app?.evaluate(({ app: electronApp }) => electronApp.exit(0)).catch(() => undefined);
    if (appDir) rmSync(appDir, { recursive: true, force: true }); // the links only, not what they point at
  });

  const hooks = <T>(fn: string, arg?: unknown) =>
    app.evaluate((_electron, [name, value]) => (globalThis as any).faceUnlockE2E[name as string](value), [fn, arg] as const) as Promise<T>;

  async function pageAt(path: string): Promise<Page> {
    for (let i = 0; i < 50; i++) {
      const page = app.windows().find((w) => w.url().includes(path));
      if (page) return page;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`no window at ${path}`);
  }

  test('with nothing enrolled it starts in the tray with the wizard, and cannot lock', async () => {
    await pageAt('/enrol/index.html');
    const labels = await hooks<{ label: string; enabled: boolean }[]>('trayMenuLabels');
    assert.deepEqual(labels.find((l) => l.label === 'Lock now'), { label: 'Lock now', enabled: false });
    await hooks('lockNow');
    assert.equal(await hooks('isLocked'), false);
  });

  test('enrolment through the real preload bridge and ipcMain', async () => {
    const wizard = await pageAt('/enrol/index.html');
    const saved = await wizard.evaluate(
      // No named inner functions: tsx's keepNames would wrap them in a __name() the page lacks.
      async ({ wireFrames, password }) => {
        const api = (window as any).faceUnlock;
        await api.enrol.begin({ mode: 'replace', source: 'camera' });
        for (const f of wireFrames) {
          const { faceCropB64, contextCropB64, ...face } = f.face!;
          const [faceCrop, contextCrop] = [faceCropB64, contextCropB64].map((b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
          await api.enrol.addFrame({ ...f, face: { ...face, faceCrop, contextCrop } });
          await new Promise((resolve) => setTimeout(resolve, 120));
        }
        return api.enrol.save(password);
      },
      { wireFrames: frames, password: PASSWORD },
    );
    assert.deepEqual(saved, { ok: true });
    assert.equal((await hooks<{ label: string; enabled: boolean }[]>('trayMenuLabels')).find((l) => l.label === 'Lock now')?.enabled, true);
  });

  test('locking covers every display, above everything, and refuses to close or quit', async () => {
    await hooks('lockNow');
    await pageAt('/lock/index.html');
    const overlay = await app.evaluate(({ BrowserWindow, screen }) => {
      const windows = BrowserWindow.getAllWindows().filter((w) => w.webContents.getURL().includes('/lock/index.html'));
      windows.forEach((w) => w.close());
      return {
        displays: screen.getAllDisplays().length,
        windows: windows.length,
        allOnTop: windows.every((w) => w.isAlwaysOnTop()),
        stillThere: windows.every((w) => !w.isDestroyed()),
      };
    });
    assert.equal(overlay.windows, overlay.displays);
    assert.ok(overlay.allOnTop && overlay.stillThere);
    await app.evaluate(({ app: electronApp }) => electronApp.quit());
    assert.equal(await hooks('isLocked'), true);
    assert.deepEqual(await hooks('trayMenuLabels'), [{ label: 'Locked', enabled: false }]);
  });

  test('the overlay rejects a malformed frame and unlocks with the password', async () => {
    const overlay = await pageAt('/lock/index.html');
    const rejected = await overlay.evaluate(() => (window as any).faceUnlock.lock.submitFrame({ faceCount: 1 }).then(() => false, () => true));
    assert.equal(rejected, true);
    const result = await overlay.evaluate((password) => (window as any).faceUnlock.lock.submitPassword(password), PASSWORD);
    assert.equal(result.ok, true);
    // The overlay used is destroyed; a fresh one is prepared for the next lock, hidden.
    const shownOverlays = () => app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().filter((w) => w.webContents.getURL().includes('/lock/') && w.isVisible()).length);
    for (let i = 0; i < 25 && (await shownOverlays()) > 0; i++) await new Promise((r) => setTimeout(r, 200));
    assert.equal(await shownOverlays(), 0, 'overlay windows are gone');
  });
});
