// The main-process face pipeline in one place: face crop → landmarks and head pose →
// aligned 112×112 → unit embedding. Owns the ONNX sessions; the lock screen, the wizard
// and the command-line tools all go through it. Locating comes apart from embedding so
// that main judges the pose (the quality gate) before paying for an embedding (~20 ms).
import { join } from 'node:path';
import type { BoxPx } from '../../../preload/api.ts';
import { alignFace112, boxCrop112, mirrorRgb } from './aligner.ts';
import { ALIGNED_SIZE, Embedder } from '../models/embedder.ts';
import { estimateHeadPose, type HeadPose } from './head-pose.ts';
import { Landmarker } from '../models/landmarker.ts';
import { modelFileName } from '../../../models/model-manifest.ts';
import { l2Normalize } from '../math/vectors.ts';

export interface FaceEngineOptions {
  /** Folder with the prepared models (the manifest's 'landmarks' and 'embedder'). */
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

export interface FaceLocation {
  /** The 68 landmarks in face-crop pixels. */
  points68: Float32Array;
  /**
   * From the landmarks in crop pixels: the crop is the frame scaled uniformly and shifted,
   * which changes no angle, so this is the pose in the camera frame too.
   */
  pose: HeadPose;
  timingsMs: { landmarks: number };
}

export interface FaceEmbedding {
  embedding: Float32Array;
  aligned112: Uint8Array;
  timingsMs: { align: number; embed: number };
}

export interface FaceAnalysis extends FaceLocation, FaceEmbedding {
  timingsMs: FaceLocation['timingsMs'] & FaceEmbedding['timingsMs'];
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
    const [landmarker, embedder] = await Promise.allSettled([
      Landmarker.createFromOptions({ ...session, modelPath: join(options.modelsDir, modelFileName('landmarks')) }),
      Embedder.createFromOptions({ ...session, modelPath: join(options.modelsDir, modelFileName('embedder')) }),
    ]);
    if (landmarker.status === 'rejected' || embedder.status === 'rejected') {
      // One damaged or missing model is enough to fail; release the session the other one opened.
      await Promise.all([landmarker, embedder].map((opened) => opened.status === 'fulfilled' && opened.value.dispose()));
      throw landmarker.status === 'rejected' ? landmarker.reason : (embedder as PromiseRejectedResult).reason;
    }
    return new FaceEngine(landmarker.value, embedder.value, options.flipTta ?? false, options.alignment ?? 'landmarks');
  }

  /** The landmarks and the head pose: what the quality gate needs before anything is embedded. */
  async locate(input: FaceCropInput): Promise<FaceLocation> {
    const start = performance.now();
    const points68 = await this.landmarker.detect(input.faceCrop, input.cropSize, input.boxInCrop);
    const pose = estimateHeadPose(points68);
    return { points68, pose, timingsMs: { landmarks: performance.now() - start } };
  }

  /** The aligned face and its unit embedding, from the landmarks `locate` found on the same crop. */
  async embed(input: FaceCropInput, points68: Float32Array): Promise<FaceEmbedding> {
    const t0 = performance.now();
    const { aligned112 } =
      this.alignment === 'box'
        ? boxCrop112(input.faceCrop, input.cropSize, input.boxInCrop)
        : alignFace112(input.faceCrop, input.cropSize, points68);
    const t1 = performance.now();
    let embedding = await this.embedder.embed(aligned112);
    if (this.flipTta) {
      const mirrored = await this.embedder.embed(mirrorRgb(aligned112, ALIGNED_SIZE));
      embedding = l2Normalize(embedding.map((value, i) => value + mirrored[i]));
    }
    return { embedding, aligned112, timingsMs: { align: t1 - t0, embed: performance.now() - t1 } };
  }

  /** Locate and embed in one go, for the tools (every photo is measured, whatever its quality). */
  async analyse(input: FaceCropInput): Promise<FaceAnalysis> {
    const location = await this.locate(input);
    const embedded = await this.embed(input, location.points68);
    return { ...location, ...embedded, timingsMs: { ...location.timingsMs, ...embedded.timingsMs } };
  }

  async dispose(): Promise<void> {
    await Promise.all([this.landmarker.dispose(), this.embedder.dispose()]);
  }
}
