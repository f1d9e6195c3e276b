// ProfileStore promises that a crash leaves the old profile or the new one, never a mix,
// and that a save that resolved is never lost. A power cut is out of reach here, but a
// kill -9 is not: a child (save-loop.ts) saves back to back with the real AES-256-GCM
// cipher, and is killed at a seeded random moment, so the kills land at every point of
// a save (tmp write, fsync, backup, renames). After each kill the store must load, hold
// at least the last save the child acknowledged, and hold a record the child wrote whole.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../../tools/math/random.ts';
import { hashPassword } from '../../main/profile/password.ts';
import { PROFILE_FILE_NAME, ProfileStore } from '../../main/profile/profile-store.ts';
import { claimedSeq, recordFor } from './save-record.ts';
import { createAesGcmCipher } from '../../test-support/ciphers.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = join(HERE, '..', '..');
const SAVE_LOOP = join(HERE, 'save-loop.ts');
const KILLS = 60;
const SEED = Number(process.env.RELIABILITY_SEED ?? 0x6b1119);
// A fixed key: the parent must open what every child sealed.
const KEY = createHash('sha256').update('kill-during-save test key').digest();
// A child that has not started saving by then is stuck, not slow (startup is ~0.3 s).
const START_TIMEOUT_MS = 20_000;

interface KilledRun {
  /** The record the child loaded before it started (0: empty store). */
  startSeq: number;
  /** Sequence numbers whose save resolved, as the child reported them. */
  acked: number[];
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
}

/** Starts save-loop.ts on `dir`, waits until it says it is saving, then SIGKILLs it after `delayMs`. */
async function runAndKill(dir: string, passwordJson: string, delayMs: number, live: Set<() => void>): Promise<KilledRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', SAVE_LOOP, dir, KEY.toString('hex'), passwordJson], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killNow = () => child.kill('SIGKILL');
  live.add(killNow);
  let stderr = '';
  let pending = '';
  let startSeq: number | null = null;
  const acked: number[] = [];
  let reportSaving: () => void = () => undefined;
  const saving = new Promise<void>((resolve) => (reportSaving = resolve));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? ''; // a line the kill cut short was never acknowledged
    for (const line of lines) {
      const start = /^saving (\d+)$/.exec(line);
      if (start) {
        startSeq = Number(start[1]);
        reportSaving();
      } else if (/^\d+$/.test(line)) {
        acked.push(Number(line));
      } else {
        stderr += `unexpected stdout line: ${line}\n`;
      }
    }
  });
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  const startTimer = new AbortController();
  try {
    const started = await Promise.race([
      saving.then(() => true),
      closed.then(() => false),
      sleep(START_TIMEOUT_MS, false, { signal: startTimer.signal }).catch(() => false),
    ]);
    startTimer.abort(); // a pending timer would hold the test process open for its full length
    if (!started) {
      killNow();
      const { code, signal } = await closed;
      assert.fail(`save-loop did not start saving (code ${code}, signal ${signal}):\n${stderr}`);
    }
    await sleep(delayMs);
    killNow();
    const { code, signal } = await closed;
    assert.notEqual(startSeq, null);
    return { startSeq: startSeq ?? -1, acked, signal, code, stderr };
  } finally {
    live.delete(killNow);
  }
}

test(`kill -9 during profile saves loses nothing acknowledged and never corrupts the store (${KILLS} kills, seed ${SEED})`, { timeout: 150_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'face-unlock-kill-'));
  const live = new Set<() => void>();
  const random = seededRandom(SEED);
  const startedMs = performance.now();
  const outcomes = { heldLastAck: 0, heldInFlightSave: 0, killedBeforeFirstAck: 0, tmpLeft: 0, backupTmpLeft: 0, recoveredFromBackup: 0 };
  try {
    const password = await hashPassword('kill-during-save password');
    const passwordJson = JSON.stringify(password);
    const cipher = createAesGcmCipher(KEY);
    let lastAcked = 0;
    let expectedStart = 0;
    for (let kill = 1; kill <= KILLS; kill++) {
      // Half the kills come within the first save or two, where a child spends the least time,
      // the rest anywhere in the first ~10 saves (5–15 ms each, growing with the record).
      const delayMs = random() < 0.5 ? random() * 25 : random() * 150;
      const run = await runAndKill(dir, passwordJson, delayMs, live);
      const where = `kill ${kill} after ${delayMs.toFixed(1)} ms (seed ${SEED})`;
      assert.equal(run.signal, 'SIGKILL', `${where}: the child ended by itself (code ${run.code}):\n${run.stderr}`);
      assert.equal(run.stderr, '', `${where}: the child complained:\n${run.stderr}`);
      assert.equal(run.startSeq, expectedStart, `${where}: the child loaded another record than the parent did`);
      for (const [i, seq] of run.acked.entries()) assert.equal(seq, run.startSeq + i + 1, `${where}: acknowledgements out of order`);
      if (run.acked.length === 0) outcomes.killedBeforeFirstAck++;
      lastAcked = Math.max(lastAcked, ...run.acked);
      // At most one save is in flight: the child awaits each before the next.
      const lastStarted = run.startSeq + run.acked.length + 1;

      const names = readdirSync(dir);
      if (names.includes(`${PROFILE_FILE_NAME}.tmp`)) outcomes.tmpLeft++;
      if (names.includes(`${PROFILE_FILE_NAME}.bak.tmp`)) outcomes.backupTmpLeft++;
      // A kill leaves no damaged profile or backup behind, so nothing is ever moved aside.
      assert.deepEqual(names.filter((name) => name.includes('.corrupt-')), [], `${where}: a file was moved aside as damaged`);

      const store = await ProfileStore.open({ dir, cipher });
      const loaded = await store.load();
      store.dispose();
      if (lastAcked === 0 && loaded.status === 'empty') {
        expectedStart = 0;
        continue;
      }
      assert.ok(loaded.status === 'ok' || loaded.status === 'recoveredFromBackup', `${where}: the store loads as ${loaded.status} (${JSON.stringify(loaded)})`);
      if (loaded.status === 'recoveredFromBackup') outcomes.recoveredFromBackup++;
      const seq = claimedSeq(loaded.profile);
      assert.ok(seq !== null, `${where}: the stored profile claims no sequence number`);
      assert.ok(seq >= lastAcked, `${where}: record ${seq} loaded, but save ${lastAcked} had been acknowledged`);
      assert.ok(seq <= lastStarted, `${where}: record ${seq} loaded, but the child had only started ${lastStarted}`);
      // Whole: exactly what the child saved as that number, every one of the embeddings.
      assert.deepEqual(loaded.profile, recordFor(seq, password), `${where}: record ${seq} is not the one the child wrote`);
      if (seq === lastAcked) outcomes.heldLastAck++;
      else outcomes.heldInFlightSave++;
      expectedStart = seq;
    }
    // Saves must have completed in good number (~2.5 per run here), or the kills tested little but startup.
    assert.ok(lastAcked >= KILLS / 2, `only ${lastAcked} saves were acknowledged over ${KILLS} runs`);
    t.diagnostic(`${KILLS} SIGKILLs during saves, ${lastAcked} saves acknowledged, seed ${SEED}, ${((performance.now() - startedMs) / 1000).toFixed(1)} s`);
    t.diagnostic(`after the kills: ${JSON.stringify(outcomes)}`);
  } finally {
    for (const kill of live) kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
