// Main's services end to end, behind the same IPC handlers the app registers, fed
// with the FrameReports the renderer's real detection code makes from photos
// (letterboxed into 640×480 webcam frames): enrol, unlock, refuse, restart, fail closed.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { EnrolProgress, EnrolReview, FrameReport, LockView, PasswordResult, RefusedAttemptsView } from '../preload/api.ts';
import { CHANNELS, FACE_CROP_SIZE } from '../preload/api.ts';
import { FaceUnlockCore } from '../main/core/face-unlock-core.ts';
import { FaceEngine } from '../main/face/pipeline/face-engine.ts';
import { UNLOCK_QUALITY, qualityProblem } from '../main/face/pipeline/quality-gate.ts';
import { createIpcHandlers, type IpcHandlers } from '../main/ipc/handlers.ts';
import { PassiveLiveness } from '../main/face/models/passive-liveness.ts';
import { modelPath, modelsDir } from '../models/prepare.ts';
import { BrowserFaceDetector, frameReportOf } from '../tools/browser/browser-face-detector.ts';
import { findChromium } from '../tools/browser/chromium.ts';
import { listImageFolder } from '../tools/eval/image-folder.ts';
import { facesDir } from '../tools/eval/paths.ts';
import { FakeClock } from '../test-support/fake-clock.ts';
import { createAesGcmCipher } from '../test-support/ciphers.ts';

const ORIGIN = 'http://app.test/';
const PAGE = { lock: `${ORIGIN}lock/index.html`, enrol: `${ORIGIN}enrol/index.html`, settings: `${ORIGIN}settings/index.html` };
const PASSWORD = 'correct horse battery';
const skip = !findChromium() ? 'Chromium not found' : !existsSync(facesDir()) ? `no photos at ${facesDir()}` : false;

describe('main services with real frames', { skip }, () => {
  const frames: Record<'owner' | 'ownerProbes' | 'stranger', FrameReport[]> = { owner: [], ownerProbes: [], stranger: [] };
  const dataDir = mkdtempSync(join(tmpdir(), 'face-unlock-core-'));
  const cipher = createAesGcmCipher(randomBytes(32));
  const clock = new FakeClock(Date.parse('2026-11-28T09:00:00Z'));
  let rateMs = 0;
  const open: { core: FaceUnlockCore; ipc: IpcHandlers }[] = [];

  before(async () => {
    const detector = await BrowserFaceDetector.createFromOptions();
    const engine = await FaceEngine.createFromOptions({ modelsDir: modelsDir() });
    const photos = await listImageFolder(join(facesDir(), 'five_celebrity'));
    const reportsOf = async (person: string) => {
      const reports: FrameReport[] = [];
      for (const photo of photos.filter((p) => p.person === person)) {
        const report = frameReportOf(await detector.analyseFile(photo.path, { width: 640, height: 480 }));
        if (!report?.face || report.faceCount !== 1) continue;
        const { pose } = await engine.locate({ faceCrop: report.face.faceCrop, cropSize: FACE_CROP_SIZE, boxInCrop: report.face.boxInCrop });
        if (!qualityProblem(report.face.quality, pose, UNLOCK_QUALITY)) reports.push(report);
      }
      return reports;
    };
    const owner = await reportsOf('jerry_seinfeld');
    frames.owner = owner.slice(0, 16);
    frames.ownerProbes = owner.slice(16);
    frames.stranger = await reportsOf('ben_affleck');
    await Promise.all([detector.dispose(), engine.dispose()]);
  });
  async function stopAll(): Promise<void> {
    for (const { core, ipc } of open.splice(0)) {
      ipc.dispose();
      await core.dispose();
    }
  }
  after(stopAll);

  /** A fresh start of the app's main process: the previous one is gone. */
  async function start(options: { liveness?: boolean } = {}) {
    await stopAll();
    const core = await FaceUnlockCore.createFromOptions({
      dataDir,
      cipher,
      modelsDir: modelsDir(),
      clock,
      createLivenessScorer: options.liveness ? () => PassiveLiveness.createFromOptions({ modelPath: modelPath('liveness') }) : undefined,
    });
    // Frames arrive 150 ms apart, as the renderer sends them (≤ 10/s).
    const ipc = createIpcHandlers({ core, trustedOrigins: [ORIGIN], rateClock: { nowMs: () => (rateMs += 150) } });
    open.push({ core, ipc });
    const call = <T>(channel: string, payload: unknown, page: keyof typeof PAGE) =>
      ipc.handlers[channel](payload, { senderId: 1, frameUrl: PAGE[page] }) as Promise<T>;
    return { core, ipc, call };
  }

  async function submitUntilDecided(call: Awaited<ReturnType<typeof start>>['call'], reports: FrameReport[]): Promise<LockView> {
    let view!: LockView;
    for (const report of reports) {
      view = await call<LockView>(CHANNELS.lockSubmitFrame, report, 'lock');
      if (view.phase === 'unlocked') break;
    }
    return view;
  }

  test('enrol from photos, then the owner unlocks and a stranger stays locked', async () => {
    assert.ok(frames.owner.length >= 12 && frames.ownerProbes.length >= 3 && frames.stranger.length >= 8, 'enough usable frames');
    const { core, call } = await start();
    assert.equal(core.hasProfile, false);
    await call(CHANNELS.enrolBegin, { mode: 'replace', source: 'photos' }, 'enrol');
    let progress!: EnrolProgress;
    for (const report of frames.owner) progress = await call<EnrolProgress>(CHANNELS.enrolAddFrame, report, 'enrol');
    assert.ok(progress.capturedCount >= progress.requiredCount, `captured ${progress.capturedCount}`);
    const review = await call<EnrolReview>(CHANNELS.enrolReview, undefined, 'enrol');
    assert.equal(review.similarityMatrix.length, review.count ** 2);
    assert.equal(review.thumbs112[0].length, 112 * 112 * 3);
    assert.deepEqual(await call(CHANNELS.enrolSave, PASSWORD, 'enrol'), { ok: true });
    assert.equal(core.hasProfile, true);
    // The profile on disk is sealed: no embedding numbers in clear.
    const onDisk = readFileSync(join(dataDir, 'profile.json'), 'utf8');
    assert.doesNotMatch(onDisk, /embeddings|centre/);

    // Recognition alone here: photos cannot pass the liveness challenge (tested below).
    await assert.rejects(call(CHANNELS.settingsUpdate, { livenessMode: 'off' }, 'settings'), /current password/);
    await call(CHANNELS.settingsUpdate, { livenessMode: 'off', currentPassword: PASSWORD }, 'settings');
    await call(CHANNELS.refusedAttemptsSetKeeping, true, 'settings');
    core.lock.lock('user');
    const refused = await submitUntilDecided(call, frames.stranger.slice(0, 5));
    assert.equal(refused.phase, 'locked');
    assert.equal(refused.feedback, 'notRecognised');
    const accepted = await submitUntilDecided(call, [...frames.ownerProbes, ...frames.ownerProbes]);
    assert.equal(accepted.phase, 'unlocked');
    // Who tried while the owner was away: the stranger's refused attempt, sealed; nothing of the owner's unlock.
    await core.attemptSnapshots.settle();
    const kept = await call<RefusedAttemptsView>(CHANNELS.refusedAttemptsGet, undefined, 'settings');
    assert.equal(kept.attempts.length, 1, 'the stranger’s refused attempt; nothing of the owner’s unlock');
    assert.equal(kept.attempts[0].reason, 'notRecognised');
    assert.ok(frames.stranger.slice(0, 5).some((f) => Buffer.from(f.face!.contextCrop).equals(Buffer.from(kept.attempts[0].contextCrop))));
  });

  test('after a restart the profile is read back and the password comes before the face', async () => {
    const { core, call } = await start();
    assert.equal(core.hasProfile, true);
    core.lock.lock('start');
    const view = await call<LockView>(CHANNELS.lockSubmitFrame, frames.ownerProbes[0], 'lock');
    assert.equal(view.faceEnabled, false);
    assert.equal(view.passwordReason, 'restart');
    const result = await call<PasswordResult>(CHANNELS.lockSubmitPassword, PASSWORD, 'lock');
    assert.equal(result.ok, true);
    assert.equal(result.view.phase, 'unlocked');
  });

  test('five wrong passwords lock out, and the lockout survives a restart', async () => {
    const first = await start();
    first.core.lock.lock('user');
    let result!: PasswordResult;
    for (let i = 0; i < 5; i++) result = await first.call<PasswordResult>(CHANNELS.lockSubmitPassword, `wrong guess ${i}`, 'lock');
    assert.equal(result.ok, false);
    assert.equal(result.view.phase, 'lockedOut');
    const second = await start();
    second.core.lock.lock('start');
    const afterRestart = await second.call<PasswordResult>(CHANNELS.lockSubmitPassword, PASSWORD, 'lock');
    assert.equal(afterRestart.ok, false, 'a restart is not a free retry');
    clock.advance(31_000);
    assert.equal((await second.call<PasswordResult>(CHANNELS.lockSubmitPassword, PASSWORD, 'lock')).ok, true);
  });

  test('in Strict mode, still photos of the owner never unlock: the challenge asks for a head movement', async () => {
    const { core, call } = await start({ liveness: true });
    await call(CHANNELS.settingsUpdate, { livenessMode: 'strict' }, 'settings');
    core.lock.lock('user');
    assert.equal((await call<PasswordResult>(CHANNELS.lockSubmitPassword, PASSWORD, 'lock')).ok, true);
    core.lock.lock('user');
    const seen = new Set<string>();
    for (const report of [...frames.ownerProbes, ...frames.ownerProbes, ...frames.ownerProbes]) {
      const view = await call<LockView>(CHANNELS.lockSubmitFrame, report, 'lock');
      assert.notEqual(view.phase, 'unlocked');
      seen.add(view.feedback);
    }
    assert.ok(['turnLeft', 'turnRight', 'nod'].some((f) => seen.has(f)), `feedback seen: ${[...seen]}`);
  });

  test('starting over needs the current password, and a wrong one counts as a failed password', async () => {
    const { core, call } = await start();
    await assert.rejects(call(CHANNELS.enrolBegin, { mode: 'replace', source: 'photos' }, 'enrol'), /current password/);
    await assert.rejects(call(CHANNELS.enrolBegin, { mode: 'replace', source: 'photos', currentPassword: 'not my password' }, 'enrol'), /current password/);
    await call(CHANNELS.enrolBegin, { mode: 'replace', source: 'photos', currentPassword: PASSWORD }, 'enrol');
    await call(CHANNELS.enrolCancel, undefined, 'enrol');
    assert.equal(core.hasProfile, true);
  });

  test('malformed or foreign payloads are rejected and counted, never scored', async () => {
    const { core, ipc, call } = await start();
    core.lock.lock('user');
    const good = frames.ownerProbes[0];
    const bad: unknown[] = [
      null,
      { ...good, face: { ...good.face!, faceCrop: new Uint8Array(10) } },
      { ...good, face: { ...good.face!, faceCrop: Array.from(good.face!.faceCrop) } },
      { ...good, face: { ...good.face!, detectorScore: Number.NaN } },
      { ...good, extra: 1 },
    ];
    for (const payload of bad) await assert.rejects(call(CHANNELS.lockSubmitFrame, payload, 'lock'));
    await assert.rejects(ipc.handlers[CHANNELS.lockSubmitFrame](good, { senderId: 2, frameUrl: 'http://evil.test/lock/index.html' }));
    await assert.rejects(call(CHANNELS.enrolBegin, { mode: 'replace', source: 'photos' }, 'lock'), /may not call/);
    assert.equal(ipc.rejectedCount, bad.length + 2);
    assert.equal(core.lock.isLocked(), true);
  });

  test('a corrupt store: the face never unlocks, the problem says so, only the owner’s password opens, the files are kept', async () => {
    const { core: good } = await start();
    assert.equal(good.hasProfile, true);
    await stopAll();
    for (const file of ['profile.json', 'profile.json.bak']) writeFileSync(join(dataDir, file), 'not json at all');
    const { core, call } = await start();
    assert.equal(core.hasProfile, false);
    assert.equal(core.profileState, 'damaged');
    core.lock.lock('start');
    const view = await submitUntilDecided(call, frames.ownerProbes);
    assert.notEqual(view.phase, 'unlocked');
    assert.match(view.problem ?? '', /Face unlock is off until you enrol again/);
    assert.equal((await call<PasswordResult>(CHANNELS.lockSubmitPassword, 'not the password', 'lock')).ok, false);
    // The hash's copy outside the seal survived: the owner's password still opens the lock.
    assert.equal((await call<PasswordResult>(CHANNELS.lockSubmitPassword, PASSWORD, 'lock')).ok, true);
    assert.equal(readFileSync(join(dataDir, 'profile.json'), 'utf8'), 'not json at all');
  });

  test('missing models: the password still works and the overlay says why the face does not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'face-unlock-nomodels-'));
    const core = await FaceUnlockCore.createFromOptions({ dataDir: dir, cipher, modelsDir: join(dir, 'missing'), clock });
    open.push({ core, ipc: createIpcHandlers({ core, trustedOrigins: [ORIGIN] }) });
    assert.equal(core.faceEngine, null);
    assert.match(core.lock.view().problem ?? '', /unavailable/);
  });
});
