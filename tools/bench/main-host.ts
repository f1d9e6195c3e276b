// The real main services in a process of their own, for the lock-screen bench: a
// FaceUnlockCore with the passive liveness model, as the app builds it, behind the very IPC
// handlers ipcMain registers. A process of its own so that its memory is the main process's
// alone (not the bench's browser driver), and its CPU competes with Chromium's as the app's
// does. Run with fork() and `serialization: 'advanced'`; every message is a HostRequest.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FaceUnlockCore } from '../../main/core/face-unlock-core.ts';
import { PassiveLiveness } from '../../main/face/models/passive-liveness.ts';
import { createIpcHandlers } from '../../main/ipc/handlers.ts';
import type { Settings } from '../../main/profile/settings-rules.ts';
import { modelPath, modelsDir, shippedCohortPath } from '../../models/prepare.ts';
import { CHANNELS, type EnrolProgress, type FeedbackCode, type FrameReport, type LockView } from '../../preload/api.ts';
import { epochMs } from './clock.ts';
import { createAesGcmCipher } from '../../test-support/ciphers.ts';
import { REQUIRED_ENROL_FRAMES } from '../../main/profile/enrolment.ts';

const HOST_PASSWORD = 'bench owner password';

/** One lock frame as main saw it. */
export interface FrameRecord {
  receivedMs: number;
  answeredMs: number;
  /** Main judged it (the verifier ran and the lock took its outcome); false when dropped or unlocked. */
  judged: boolean;
  feedback: FeedbackCode;
}

export type HostRequest =
  | { op: 'enrol'; reports: FrameReport[] }
  | { op: 'settings'; patch: Partial<Settings> }
  | { op: 'lock' }
  | { op: 'unlockWithPassword' }
  | { op: 'call'; channel: string; payload: unknown; context: { senderId: number; frameUrl: string } }
  | { op: 'takeFrames' }
  | { op: 'memory' }
  | { op: 'dispose' };

export interface HostMemory {
  rssMb: number;
  maxRssMb: number;
  /** V8's heap (reserved, in use) and the memory JS objects hold outside it (ArrayBuffers). */
  heapTotalMb: number;
  heapUsedMb: number;
  externalMb: number;
}

/** Messages the host sends unasked: every change of the lock view, stamped. */
export interface ViewEvent {
  event: 'view';
  view: LockView;
  atMs: number;
}

async function startHost(trustedOrigin: string): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'face-unlock-bench-main-'));
  const core = await FaceUnlockCore.createFromOptions({
    dataDir,
    cipher: createAesGcmCipher(randomBytes(32)),
    modelsDir: modelsDir(),
    cohortPath: shippedCohortPath(),
    createLivenessScorer: () => PassiveLiveness.createFromOptions({ modelPath: modelPath('liveness') }),
  });
  const ipc = createIpcHandlers({ core, trustedOrigins: [trustedOrigin] });
  let frames: FrameRecord[] = [];
  // The lock takes exactly one outcome per judged frame: counting them tells judged from dropped.
  let judgedCount = 0;
  const reportFace = core.lock.reportFace.bind(core.lock);
  core.lock.reportFace = (outcome) => {
    judgedCount++;
    return reportFace(outcome);
  };
  core.onLockView((view) => process.send!({ event: 'view', view, atMs: epochMs() } satisfies ViewEvent));

  const handle = async (request: HostRequest): Promise<unknown> => {
    switch (request.op) {
      case 'enrol':
        return enrol(request.reports);
      case 'settings':
        await core.updateSettings(request.patch);
        return null;
      case 'lock':
        core.lock.lock('user');
        return epochMs();
      case 'unlockWithPassword':
        return (await core.lock.submitPassword(HOST_PASSWORD)).ok;
      case 'call': {
        const handler = ipc.handlers[request.channel];
        if (!handler) throw new Error(`no handler for ${request.channel}`);
        if (request.channel !== CHANNELS.lockSubmitFrame) return handler(request.payload, request.context);
        const receivedMs = epochMs();
        const before = judgedCount;
        const view = (await handler(request.payload, request.context)) as LockView;
        frames.push({ receivedMs, answeredMs: epochMs(), judged: judgedCount > before, feedback: view.feedback });
        return view;
      }
      case 'takeFrames': {
        const taken = frames;
        frames = [];
        return taken;
      }
      case 'memory': {
        const megabytes = (bytes: number) => bytes / 2 ** 20;
        const usage = process.memoryUsage();
        return {
          rssMb: megabytes(usage.rss),
          maxRssMb: process.resourceUsage().maxRSS / 1024,
          heapTotalMb: megabytes(usage.heapTotal),
          heapUsedMb: megabytes(usage.heapUsed),
          externalMb: megabytes(usage.external),
        } satisfies HostMemory;
      }
      case 'dispose':
        ipc.dispose();
        await core.dispose();
        rmSync(dataDir, { recursive: true, force: true });
        setImmediate(() => process.exit(0));
        return null;
    }
  };

  /** The wizard's path for photos: frames until the enrolment has enough, then save with the password. */
  const enrol = async (reports: readonly FrameReport[]): Promise<number> => {
    // Handlers of their own with a paced clock: these frames come all at once, not at a camera's rate.
    let rateMs = 0;
    const seeding = createIpcHandlers({ core, trustedOrigins: [trustedOrigin], rateClock: { nowMs: () => (rateMs += 100) } });
    const context = { senderId: 2, frameUrl: new URL('enrol/index.html', trustedOrigin).href };
    try {
      await seeding.handlers[CHANNELS.enrolBegin]({ mode: 'replace', source: 'photos' }, context);
      for (const [index, report] of reports.entries()) {
        const progress = (await seeding.handlers[CHANNELS.enrolAddFrame](report, context)) as EnrolProgress;
        // Video frames go in as photos, held to the camera enrolment's count (10), as the README's figures were measured.
        if (progress.capturedCount < Math.max(progress.requiredCount, REQUIRED_ENROL_FRAMES)) continue;
        const saved = (await seeding.handlers[CHANNELS.enrolSave](HOST_PASSWORD, context)) as { ok: boolean; message?: string };
        if (!saved.ok) throw new Error(`the enrolment was not saved: ${saved.message}`);
        return index + 1;
      }
      throw new Error(`the enrolment took all ${reports.length} frames and still wants more`);
    } finally {
      seeding.dispose();
    }
  };

  process.on('message', (message: { id: number; request: HostRequest }) => {
    handle(message.request).then(
      (result) => process.send!({ id: message.id, result }),
      (error: Error) => process.send!({ id: message.id, error: error.message }),
    );
  });
  process.send!({ event: 'ready' });
}

startHost(process.argv[2]).catch((error: Error) => {
  console.error(`bench main host: ${error.message}`);
  process.exit(1);
});
