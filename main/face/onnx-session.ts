// One place that opens ONNX models, so a missing, damaged or swapped file always gives
// the same clear message (the lock screen then falls back to the password).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import * as ort from 'onnxruntime-node';
import { modelHashProblem } from './model-manifest.ts';

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
  try {
    return await ort.InferenceSession.create(bytes, {
      intraOpNumThreads: options.threads ?? 1,
      interOpNumThreads: 1,
      graphOptimizationLevel: options.graphOptimizationLevel ?? 'all',
      executionProviders: ['cpu'],
    });
  } catch (error) {
    // The expected bytes failing to load point at the runtime (an incompatible onnxruntime, say).
    throw unavailable(`could not be loaded (${(error as Error).message.split('\n')[0]})`);
  }
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
