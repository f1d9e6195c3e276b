// One place that opens ONNX models, so a missing or corrupt file always gives the
// same clear message (the lock screen then falls back to the password).
import { existsSync } from 'node:fs';
import * as ort from 'onnxruntime-node';

export interface OnnxSessionOptions {
  modelPath: string;
  /**
   * Intra-op threads. 1 by default: on 2 cores a second thread gained nothing measurable
   * for these small nets, and it leaves a core to the renderer's camera and detector.
   */
  threads?: number;
  /** Graph optimisations; see Embedder for why one model wants less than 'all'. */
  graphOptimizationLevel?: 'basic' | 'extended' | 'all';
}

export class ModelUnavailableError extends Error {
  constructor(readonly modelPath: string, detail: string) {
    super(`Face model unavailable (${modelPath}): ${detail}. Run "npm run prepare-models".`);
    this.name = 'ModelUnavailableError';
  }
}

export async function openOnnxSession(options: OnnxSessionOptions): Promise<ort.InferenceSession> {
  if (!existsSync(options.modelPath)) throw new ModelUnavailableError(options.modelPath, 'file not found');
  try {
    return await ort.InferenceSession.create(options.modelPath, {
      intraOpNumThreads: options.threads ?? 1,
      interOpNumThreads: 1,
      graphOptimizationLevel: options.graphOptimizationLevel ?? 'all',
      executionProviders: ['cpu'],
    });
  } catch (error) {
    throw new ModelUnavailableError(options.modelPath, (error as Error).message.split('\n')[0]);
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
