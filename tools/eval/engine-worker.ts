// One FaceEngine (landmarks, alignment, embedding: main's own code) in a worker thread, so
// eval embeds on every core while Chromium detects. Messages: FaceJob in, FaceJobResult out.
import { parentPort, workerData } from 'node:worker_threads';
import { FACE_CROP_SIZE } from '../../preload/api.ts';
import { FaceEngine, type FaceEngineOptions } from '../../main/face/pipeline/face-engine.ts';
import type { FaceJob, FaceJobResult } from './engine-pool.ts';

const port = parentPort!;
const engine = FaceEngine.createFromOptions((workerData as { data: FaceEngineOptions }).data);

// Reported, not thrown, so a model that fails to open fails the run with its own message.
engine.then(() => port.postMessage({ ready: true }), (error: Error) => port.postMessage({ ready: false, error: error.message }));

// One job at a time: onnxruntime-node runs each inference on libuv's thread pool, so jobs
// started together would oversubscribe the cores and their stage timings would count waiting.
let queue: Promise<void> = Promise.resolve();
port.on('message', (job: FaceJob | 'close') => {
  queue = queue.then(() => handle(job));
});

async function handle(job: FaceJob | 'close'): Promise<void> {
  const opened = await engine.catch(() => null);
  if (job === 'close') {
    await opened?.dispose();
    port.close();
    return;
  }
  let result: FaceJobResult;
  try {
    if (!opened) throw new Error('face engine unavailable');
    const analysis = await opened.analyse({ faceCrop: new Uint8Array(job.faceCrop), cropSize: FACE_CROP_SIZE, boxInCrop: job.boxInCrop });
    result = { id: job.id, embedding: analysis.embedding, yawDegrees: analysis.pose.yawDegrees, timingsMs: analysis.timingsMs };
  } catch (error) {
    result = { id: job.id, error: (error as Error).message };
  }
  port.postMessage(result, 'embedding' in result ? [result.embedding.buffer as ArrayBuffer] : []);
}
