// The impostor scores of all pairs or of the enrol protocol, computed on every core: 18 million
// pairs and 31 million protocol probes (6,000 photos) took 53 s on one thread here. Each worker
// scores an interleaved share; the parent, which only tallies, takes the chunks as they come.
import { availableParallelism } from 'node:os';
import type { LabelledEmbedding, Part, ProtocolOptions } from './protocol.ts';
import { startTsWorker } from './ts-worker.ts';

export type ScoreJobKind = { kind: 'pairs' } | { kind: 'protocol'; protocol: ProtocolOptions };

export interface ScoreJob {
  faces: LabelledEmbedding[];
  job: ScoreJobKind;
  part: Part;
}

/** Streams the job's impostor scores to `visit` (in no particular order), scored by `threads` workers. */
export async function streamImpostorsInParallel(
  faces: LabelledEmbedding[],
  job: ScoreJobKind,
  visit: (score: number) => void,
  threads = availableParallelism(),
): Promise<void> {
  const plain = faces.map(({ person, embedding }) => ({ person, embedding }));
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
