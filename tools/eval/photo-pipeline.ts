// Photo file → embedding and head pose, through the renderer's detection and crop code
// (in Chromium) and the main process's face engine (in Node): the product's path.
import { FACE_CROP_SIZE } from '../../preload/api.ts';
import { FaceEngine } from '../../main/face/face-engine.ts';
import type { HeadPose } from '../../main/face/head-pose.ts';
import { BrowserFaceDetector, type PhotoAnalysis } from '../browser/browser-face-detector.ts';
import { modelsDir } from '../../models/prepare.ts';

export type PhotoEmbedding =
  | Exclude<PhotoAnalysis, { status: 'face' }>
  | (Extract<PhotoAnalysis, { status: 'face' }> & { embedding: Float32Array; aligned112: Uint8Array; points68: Float32Array; pose: HeadPose });

export interface PhotoPipelineOptions {
  chromiumPath?: string;
  modelsDir?: string;
  threads?: number;
  flipTta?: boolean;
  alignment?: 'landmarks' | 'box';
}

export class PhotoPipeline {
  /** Photos go through one at a time: one Chromium page, one set of ONNX sessions. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly detector: BrowserFaceDetector,
    readonly engine: FaceEngine,
  ) {}

  static async createFromOptions(options: PhotoPipelineOptions = {}): Promise<PhotoPipeline> {
    const engine = await FaceEngine.createFromOptions({
      modelsDir: options.modelsDir ?? modelsDir(),
      threads: options.threads,
      flipTta: options.flipTta,
      alignment: options.alignment,
    });
    try {
      return new PhotoPipeline(await BrowserFaceDetector.createFromOptions(options), engine);
    } catch (error) {
      await engine.dispose();
      throw error;
    }
  }

  embedPhoto(path: string): Promise<PhotoEmbedding> {
    const result = this.queue.then(() => this.embedNow(path));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async embedNow(path: string): Promise<PhotoEmbedding> {
    const analysis = await this.detector.analyseFile(path);
    if (analysis.status !== 'face') return analysis;
    const { face } = analysis;
    const result = await this.engine.analyse({ faceCrop: face.faceCrop, cropSize: FACE_CROP_SIZE, boxInCrop: face.boxInCrop });
    return {
      ...analysis,
      embedding: result.embedding,
      aligned112: result.aligned112,
      points68: result.points68,
      pose: result.pose,
      timingsMs: { ...analysis.timingsMs, ...result.timingsMs },
    };
  }

  async close(): Promise<void> {
    await Promise.all([this.detector.close(), this.engine.dispose()]);
  }
}
