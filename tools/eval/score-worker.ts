// One share of a score stream (see Part in protocol.ts), computed in a worker thread and
// posted to the parent in chunks of float64 scores, then 'done'.
import { parentPort, workerData } from 'node:worker_threads';
import { runScoreJob, type ScoreJob } from './score-workers.ts';

const CHUNK_SCORES = 1 << 18;
const port = parentPort!;
let chunk = new Float64Array(CHUNK_SCORES);
let filled = 0;
const visit = (score: number) => {
  chunk[filled++] = score;
  if (filled === CHUNK_SCORES) flush();
};

function flush(): void {
  const full = filled === chunk.length ? chunk : chunk.slice(0, filled);
  port.postMessage(full, [full.buffer]);
  chunk = new Float64Array(CHUNK_SCORES);
  filled = 0;
}

runScoreJob((workerData as { data: ScoreJob }).data, visit);
flush();
port.postMessage('done');
