// MobileFaceNet (the manifest's 'embedder'): an aligned 112×112 face → a unit embedding of
// EMBEDDING_SIZE numbers (the manifest's output shape).
import type * as ort from 'onnxruntime-node';
import { openOnnxSession, runSingle, type OnnxSessionOptions } from './onnx-session.ts';
import { l2Normalize } from '../math/vectors.ts';

export const ALIGNED_SIZE = 112;

export class Embedder {
  private constructor(private readonly session: ort.InferenceSession) {}

  static async createFromOptions(options: OnnxSessionOptions): Promise<Embedder> {
    // 'all' adds onnxruntime's NCHWc layout rewrites, which make this network three times
    // slower on x86 CPUs here (medians in one run: 62 ms 'all', 21 ms 'extended', 17–20 ms 'basic').
    return new Embedder(await openOnnxSession({ graphOptimizationLevel: 'extended', ...options }));
  }

  async embed(aligned112: Uint8Array): Promise<Float32Array> {
    const output = await runSingle(this.session, faceTensor112(aligned112), [1, 3, ALIGNED_SIZE, ALIGNED_SIZE]);
    return l2Normalize(output);
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}

/**
 * RGB 112×112 → NCHW float tensor in BGR order, (px − 127) / 128. BGR because the
 * network was trained on OpenCV images: the smoke check in models/manifest.json's note on
 * the embedder separates people better with BGR than with RGB.
 */
export function faceTensor112(rgb: Uint8Array): Float32Array {
  const plane = ALIGNED_SIZE * ALIGNED_SIZE;
  if (rgb.length !== plane * 3) throw new Error(`aligned face must be ${plane * 3} bytes, got ${rgb.length}`);
  const tensor = new Float32Array(plane * 3);
  for (let i = 0; i < plane; i++) {
    tensor[i] = (rgb[i * 3 + 2] - 127) / 128;
    tensor[plane + i] = (rgb[i * 3 + 1] - 127) / 128;
    tensor[2 * plane + i] = (rgb[i * 3] - 127) / 128;
  }
  return tensor;
}
