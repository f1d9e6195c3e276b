// The main-process face pipeline in one place: face crop → landmarks → aligned
// 112×112 → unit embedding. Owns the ONNX sessions; the lock screen, the wizard
// and the command-line tools all go through it.
import { join } from 'node:path';
import type { BoxPx } from '../../preload/api.ts';
import { alignFace112, boxCrop112, mirrorRgb } from './aligner.ts';
import { ALIGNED_SIZE, Embedder } from './embedder.ts';
import { Landmarker } from './landmarker.ts';
import { l2Normalize } from './vectors.ts';

export interface FaceEngineOptions {
  /** Folder with the prepared models (fr_landmark.onnx, fr_feature.onnx). */
  modelsDir: string;
  threads?: number;
  /**
   * Also embed the mirrored face and average. Off: on the shared photos it changed
   * nothing measurable and doubles the embedding cost (see README, bench).
   */
  flipTta?: boolean;
  /** 'landmarks' (the product) or 'box' (the unaligned baseline, for measuring what alignment is worth). */
  alignment?: 'landmarks' | 'box';
}

export interface FaceCropInput {
  faceCrop: Uint8Array;
  cropSize: number;
  boxInCrop: BoxPx;
}

export interface FaceAnalysis {
  embedding: Float32Array;
  points68: Float32Array;
  aligned112: Uint8Array;
  timingsMs: { landmarks: number; align: number; embed: number };
}

export class FaceEngine {
  private constructor(
    private readonly landmarker: Landmarker,
    private readonly embedder: Embedder,
    private readonly flipTta: boolean,
    private readonly alignment: 'landmarks' | 'box',
  ) {}

  static async createFromOptions(options: FaceEngineOptions): Promise<FaceEngine> {
    const session = { threads: options.threads };
    const [landmarker, embedder] = await Promise.all([
      Landmarker.createFromOptions({ ...session, modelPath: join(options.modelsDir, 'fr_landmark.onnx') }),
      Embedder.createFromOptions({ ...session, modelPath: join(options.modelsDir, 'fr_feature.onnx') }),
    ]);
    return new FaceEngine(landmarker, embedder, options.flipTta ?? false, options.alignment ?? 'landmarks');
  }

  async analyse(input: FaceCropInput): Promise<FaceAnalysis> {
    const t0 = performance.now();
    const points68 = await this.landmarker.detect(input.faceCrop, input.cropSize, input.boxInCrop);
    const t1 = performance.now();
    const { aligned112 } =
      this.alignment === 'box'
        ? boxCrop112(input.faceCrop, input.cropSize, input.boxInCrop)
        : alignFace112(input.faceCrop, input.cropSize, points68);
    const t2 = performance.now();
    let embedding = await this.embedder.embed(aligned112);
    if (this.flipTta) {
      const mirrored = await this.embedder.embed(mirrorRgb(aligned112, ALIGNED_SIZE));
      embedding = l2Normalize(embedding.map((value, i) => value + mirrored[i]));
    }
    const t3 = performance.now();
    return { embedding, points68, aligned112, timingsMs: { landmarks: t1 - t0, align: t2 - t1, embed: t3 - t2 } };
  }

  async dispose(): Promise<void> {
    await Promise.all([this.landmarker.dispose(), this.embedder.dispose()]);
  }
}
