// Photo file → embedding and head pose, through the renderer's detection and crop code
// (in Chromium) and the main process's face engine (in Node): the product's path.
import { readFile } from 'node:fs/promises';
import { FACE_CROP_SIZE } from '../../preload/api.ts';
import { FaceEngine } from '../../main/face/pipeline/face-engine.ts';
import type { HeadPose } from '../../main/face/pipeline/head-pose.ts';
import { BrowserFaceDetector, type FaceCropAnalysis, type PhotoAnalysis } from '../browser/browser-face-detector.ts';
import { modelsDir } from '../../models/prepare.ts';
import { contentKey, EmbeddingCache } from './embedding-cache.ts';
import { EnginePool } from './engine-pool.ts';
import { pipelineIdentity } from './pipeline-identity.ts';
import type { PhotoRecord } from './photo-record.ts';

export type PhotoEmbedding =
  | Exclude<PhotoAnalysis, { status: 'face' }>
  | (Extract<PhotoAnalysis, { status: 'face' }> & { embedding: Float32Array; aligned112: Uint8Array; points68: Float32Array; pose: HeadPose });

export interface PhotoPipelineOptions {
  chromiumPath?: string;
  modelsDir?: string;
  threads?: number;
  flipTta?: boolean;
  alignment?: 'landmarks' | 'box';
  /** Where embedPhotos keeps what it computed (see EmbeddingCache); none: computes everything. */
  cacheDir?: string;
  /** Worker threads embedding for embedPhotos; one per core by default. */
  embedWorkers?: number;
}

/**
 * Photos per DevTools call, and calls (with their embeddings) in flight. With two in flight
 * the batch size hardly mattered (1 to 32 photos a call: 70–88 photos/s, Chromium alone, lfw),
 * nor did 2, 3 or 4 in flight end to end (33–37 photos/s on a loaded machine); fewer in
 * flight hold fewer crops.
 */
const BATCH_PHOTOS = 16;
const BATCHES_IN_FLIGHT = 2;

export class PhotoPipeline {
  /** Photos go through embedPhoto one at a time: one Chromium page, one set of ONNX sessions. */
  private queue: Promise<unknown> = Promise.resolve();
  private pool: Promise<EnginePool> | null = null;

  private constructor(
    readonly detector: BrowserFaceDetector,
    readonly engine: FaceEngine,
    private readonly cache: EmbeddingCache | null,
    private readonly options: PhotoPipelineOptions,
  ) {}

  static async createFromOptions(options: PhotoPipelineOptions = {}): Promise<PhotoPipeline> {
    const engine = await FaceEngine.createFromOptions(engineOptions(options));
    try {
      const cache = options.cacheDir
        ? await EmbeddingCache.open({
            dir: options.cacheDir,
            identity: await pipelineIdentity({ alignment: options.alignment ?? 'landmarks', flipTta: options.flipTta ?? false }),
          })
        : null;
      return new PhotoPipeline(await BrowserFaceDetector.createFromOptions(options), engine, cache, options);
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

  /**
   * Every photo, streamed: read and looked up in the cache in Node, detected in Chromium in
   * batches, embedded on the worker pool while Chromium detects the next batch. `onRecord`
   * gets each photo's index in `paths` once, in no particular order.
   */
  async embedPhotos(paths: readonly string[], onRecord: (index: number, record: PhotoRecord, cached: boolean) => void): Promise<void> {
    const pool = await this.startEmbedders();
    const inFlight = new Set<Promise<void>>();
    for (let start = 0; start < paths.length; start += BATCH_PHOTOS) {
      const misses: { index: number; bytes: Buffer; key: string }[] = [];
      await Promise.all(paths.slice(start, start + BATCH_PHOTOS).map(async (path, offset) => {
        const index = start + offset;
        let bytes: Buffer;
        try {
          bytes = await readFile(path);
        } catch (error) {
          onRecord(index, { status: 'unreadable', detail: (error as Error).message, timingsMs: {} }, false);
          return;
        }
        const key = contentKey(bytes);
        const cached = this.cache?.get(key);
        if (cached) onRecord(index, cached, true);
        else misses.push({ index, bytes, key });
      }));
      if (misses.length === 0) continue;
      while (inFlight.size >= BATCHES_IN_FLIGHT) await Promise.race(inFlight);
      const batch = this.detectAndEmbed(pool, misses, onRecord).finally(() => inFlight.delete(batch));
      inFlight.add(batch);
    }
    await Promise.all(inFlight);
    await this.cache?.flush();
  }

  /** Opens embedPhotos' worker threads and their models (a second or so), once; embedPhoto needs none. */
  startEmbedders(): Promise<EnginePool> {
    return (this.pool ??= EnginePool.createFromOptions({ ...engineOptions(this.options), workers: this.options.embedWorkers }));
  }

  private async detectAndEmbed(
    pool: EnginePool,
    photos: { index: number; bytes: Buffer; key: string }[],
    onRecord: (index: number, record: PhotoRecord, cached: boolean) => void,
  ): Promise<void> {
    const analyses = await this.detector.analyseBatch(photos.map((photo) => ({ bytes: photo.bytes })), { contextCrop: false });
    await Promise.all(analyses.map(async (analysis, k) => {
      const record = await this.recordOf(pool, analysis);
      this.cache?.put(photos[k].key, record);
      onRecord(photos[k].index, record, false);
    }));
  }

  private async recordOf(pool: EnginePool, analysis: FaceCropAnalysis): Promise<PhotoRecord> {
    if (analysis.status !== 'face') return analysis;
    const { face, frameWidthPx, frameHeightPx, faceCount, thumbDataUrl } = analysis;
    const embedded = await pool.analyse(face.faceCrop, face.boxInCrop);
    return {
      status: 'face',
      frameWidthPx,
      frameHeightPx,
      faceCount,
      faceWidthPx: face.quality.faceWidthPx,
      thumbDataUrl,
      embedding: embedded.embedding,
      yawDegrees: embedded.yawDegrees,
      timingsMs: { ...analysis.timingsMs, ...embedded.timingsMs },
    };
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

  async dispose(): Promise<void> {
    const pool = this.pool?.catch(() => null);
    await Promise.all([this.detector.dispose(), this.engine.dispose(), pool?.then((opened) => opened?.dispose())]);
  }
}

function engineOptions(options: PhotoPipelineOptions) {
  return { modelsDir: options.modelsDir ?? modelsDir(), threads: options.threads, flipTta: options.flipTta, alignment: options.alignment };
}
