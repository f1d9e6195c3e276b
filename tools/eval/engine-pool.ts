// Face crops → embeddings on a pool of worker threads, one FaceEngine each. MobileFaceNet
// costs ~21 ms of CPU a face and its batch dimension is fixed at 1; a copy patched to a dynamic
// batch cost the same per face (21.3–22.4 ms at batch 4, 8 and 16 against 21.4–22.2 ms one by
// one, CPU time, two runs), so eval overlaps Chromium's detection with embedding on every
// core instead. onnxruntime's 'basic', 'extended' and no graph optimisation measured alike.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { BoxPx } from '../../preload/api.ts';
import type { FaceEngineOptions } from '../../main/face/pipeline/face-engine.ts';
import { startTsWorker } from './ts-worker.ts';

export interface FaceJob {
  id: number;
  /** FACE_CROP_SIZE² RGB, transferred to the worker. */
  faceCrop: ArrayBuffer;
  boxInCrop: BoxPx;
}

export type FaceJobResult =
  | { id: number; embedding: Float32Array; yawDegrees: number; timingsMs: Record<string, number> }
  | { id: number; error: string };

export type FaceEmbedded = Extract<FaceJobResult, { embedding: Float32Array }>;

interface WorkerSlot {
  worker: Worker;
  busy: number;
}

export class EnginePool {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(result: FaceEmbedded): void; reject(error: Error): void }>();

  private constructor(private readonly slots: WorkerSlot[]) {
    for (const slot of slots) {
      slot.worker.on('message', (result: FaceJobResult) => {
        slot.busy--;
        const waiter = this.pending.get(result.id);
        this.pending.delete(result.id);
        if ('error' in result) waiter?.reject(new Error(result.error));
        else waiter?.resolve(result);
      });
      slot.worker.on('error', (error) => this.failAll(error));
    }
  }

  /** `workers` defaults to one per core: on 2 cores the OS shares them with Chromium. */
  static async createFromOptions(options: FaceEngineOptions & { workers?: number }): Promise<EnginePool> {
    const count = options.workers ?? availableParallelism();
    const { workers: _workers, ...engineOptions } = options;
    const slots = Array.from({ length: count }, () => ({
      worker: startTsWorker(new URL('./engine-worker.ts', import.meta.url), engineOptions),
      busy: 0,
    }));
    const ready = await Promise.all(slots.map((slot) => new Promise<{ ready: boolean; error?: string }>((resolve, reject) => {
      slot.worker.once('message', resolve);
      slot.worker.once('error', reject);
    })).map((started) => started.catch((error: Error) => ({ ready: false, error: error.message }))));
    const failed = ready.find((state) => !state.ready);
    if (failed) {
      await Promise.all(slots.map((slot) => slot.worker.terminate()));
      throw new Error(failed.error ?? 'face engine worker failed to start');
    }
    return new EnginePool(slots);
  }

  /**
   * Landmarks, head pose, alignment and embedding of one face crop, on the least busy worker.
   * A crop that owns its whole buffer moves to the worker and is empty afterwards; any other is copied.
   */
  analyse(faceCrop: Uint8Array, boxInCrop: BoxPx): Promise<FaceEmbedded> {
    const slot = this.slots.reduce((best, candidate) => (candidate.busy < best.busy ? candidate : best));
    const id = this.nextId++;
    const owned = faceCrop.byteOffset === 0 && faceCrop.byteLength === faceCrop.buffer.byteLength ? faceCrop : faceCrop.slice();
    const job: FaceJob = { id, faceCrop: owned.buffer as ArrayBuffer, boxInCrop };
    slot.busy++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      slot.worker.postMessage(job, [job.faceCrop]);
    });
  }

  async dispose(): Promise<void> {
    await Promise.all(this.slots.map((slot) => new Promise<void>((resolve) => {
      slot.worker.once('exit', () => resolve());
      slot.worker.postMessage('close');
    })));
  }

  private failAll(error: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}
