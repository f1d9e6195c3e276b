// One place that opens ONNX models, so a missing, damaged or swapped file always gives
// the same clear message (the lock screen then falls back to the password).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import * as ort from 'onnxruntime-node';
import { modelHashProblem } from '../../../models/model-manifest.ts';

export interface OnnxSessionOptions {
  /** A prepared model; its file name must be listed in models/manifest.json with its sha256. */
  modelPath: string;
  /**
   * Intra-op threads. 1 by default: on 2 cores a second thread gained nothing measurable
   * for these small nets, and it leaves a core to the renderer's camera and detector.
   */
  threads?: number;
  /** Graph optimisations; see Embedder for why one model wants less than 'all'. */
  graphOptimizationLevel?: 'basic' | 'extended' | 'all';
}

/** The message names the file and says what to do, because the lock screen shows it as is. */
export class ModelUnavailableError extends Error {
  constructor(
    readonly modelPath: string,
    /** What is wrong, starting with the file name: "fr_feature.onnx is missing". */
    readonly problem: string,
  ) {
    super(`${problem}; reinstall Face Unlock, or in a source checkout run "npm run prepare-models"`);
    this.name = 'ModelUnavailableError';
  }
}

/**
 * Reads the model once, checks its sha256 against the manifest and builds the session from
 * those very bytes, so a file damaged on disk or swapped for another never runs (it would
 * load, then fail or mislead on every frame) and cannot change between check and use.
 */
export async function openOnnxSession(options: OnnxSessionOptions): Promise<ort.InferenceSession> {
  const file = basename(options.modelPath);
  const unavailable = (problem: string) => new ModelUnavailableError(options.modelPath, `${file} ${problem}`);
  let bytes: Buffer;
  try {
    bytes = await readFile(options.modelPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw unavailable(code === 'ENOENT' ? 'is missing' : `cannot be read (${code ?? (error as Error).message})`);
  }
  const mismatch = modelHashProblem(file, createHash('sha256').update(bytes).digest('hex'));
  if (mismatch) throw new ModelUnavailableError(options.modelPath, mismatch);
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, {
      intraOpNumThreads: options.threads ?? 1,
      interOpNumThreads: 1,
      graphOptimizationLevel: options.graphOptimizationLevel ?? 'all',
      // onnxruntime's CPU memory arena and memory pattern stay on: turning them off changed
      // nothing beyond run-to-run noise in main's RSS after 1,000 judged lock frames (176–187
      // MiB with both on, 176–186 with the arena alone, 182–194 with neither; the bench's main
      // host, two or three runs each).
      executionProviders: ['cpu'],
    });
  } catch (error) {
    // The expected bytes failing to load point at the runtime (an incompatible onnxruntime, say).
    throw unavailable(`could not be loaded (${(error as Error).message.split('\n')[0]})`);
  }
  try {
    await warmUp(session);
  } catch (error) {
    await session.release();
    throw unavailable(`could not run (${(error as Error).message.split('\n')[0]})`);
  }
  return session;
}

/**
 * Runs on zeros of the model's input shape when the session opens: onnxruntime prepares its
 * kernels on the first runs, which would otherwise be the first frames of the first unlock.
 * Fresh sessions, one run after another (ms, 2 loaded cores): the embedder 124, 36, 19, 19;
 * the landmarks 23, 0.8; the liveness model 7.6, 7.0, 5.0.
 */
const WARM_UP_RUNS = 2;

async function warmUp(session: ort.InferenceSession): Promise<void> {
  const input = session.inputMetadata[0];
  if (!input?.isTensor || input.type !== 'float32') return;
  const dims = input.shape.map((dim) => (typeof dim === 'number' && dim > 0 ? dim : 1));
  const zeros = new Float32Array(dims.reduce((size, dim) => size * dim, 1));
  for (let run = 0; run < WARM_UP_RUNS; run++) await runSingle(session, zeros, dims);
}

/** Runs a single-input, single-output model and returns its output data. */
export async function runSingle(
  session: ort.InferenceSession,
  input: Float32Array,
  dims: readonly number[],
): Promise<Float32Array> {
  const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', input, dims) };
  const results = await session.run(feeds);
  return results[session.outputNames[0]].data as Float32Array;
}
