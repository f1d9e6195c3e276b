// The impostor scores of all pairs or of the enrol protocol, computed on every core: 18 million
// pairs and 31 million protocol probes (6,000 photos) took 53 s on one thread here. Each worker
// scores an interleaved share; the parent, which only tallies, takes the chunks as they come.
import { availableParallelism } from 'node:os';
import { streamAllPairs, streamEnrolProtocol, type LabelledEmbedding, type Part, type ProtocolOptions } from './protocol.ts';
import { startTsWorker } from './ts-worker.ts';

/**
 * Per protocol task (see ScoreVisitor.centre), an affine map of its impostor scores:
 * (score − shift[task]) / divide[task]. A margin to a per-centre threshold (divide 1), or a
 * z-norm against a cohort (shift the mean, divide by the sd).
 */
export interface PerTaskNormalisation {
  shift: Float64Array;
  divide: Float64Array;
}

export type ScoreJobKind =
  | { kind: 'pairs' }
  | { kind: 'protocol'; protocol: ProtocolOptions; perTask?: PerTaskNormalisation };

export interface ScoreJob {
  faces: LabelledEmbedding[];
  job: ScoreJobKind;
  part: Part;
}

/** One share of a job's impostor scores, to `visit`: what a worker runs, or the caller on one thread. */
export function runScoreJob({ faces, job, part }: ScoreJob, visit: (score: number) => void): void {
  if (job.kind === 'pairs') {
    streamAllPairs(faces, visit, part);
    return;
  }
  const perTask = job.perTask;
  if (!perTask) {
    streamEnrolProtocol(faces, job.protocol, { impostor: visit }, part);
    return;
  }
  let shift = 0;
  let divide = 1;
  streamEnrolProtocol(faces, job.protocol, {
    centre: (task) => ([shift, divide] = [perTask.shift[task], perTask.divide[task]]),
    impostor: (score) => visit((score - shift) / divide),
  }, part);
}

/**
 * Streams the job's impostor scores to `visit` (in no particular order), scored by `threads`
 * workers; with one thread, in this one (no worker to start).
 */
export async function streamImpostorsInParallel(
  faces: LabelledEmbedding[],
  job: ScoreJobKind,
  visit: (score: number) => void,
  threads = availableParallelism(),
): Promise<void> {
  const plain = faces.map(({ person, embedding }) => ({ person, embedding }));
  if (threads <= 1) {
    runScoreJob({ faces: plain, job, part: { index: 0, count: 1 } }, visit);
    return;
  }
  await Promise.all(Array.from({ length: threads }, (_, index) => new Promise<void>((resolve, reject) => {
    const data: ScoreJob = { faces: plain, job, part: { index, count: threads } };
    const worker = startTsWorker(new URL('./score-worker.ts', import.meta.url), data);
    worker.on('message', (message: Float64Array | 'done') => {
      if (message === 'done') {
        void worker.terminate();
        resolve();
        return;
      }
      for (let k = 0; k < message.length; k++) visit(message[k]);
    });
    worker.on('error', reject);
  })));
}
