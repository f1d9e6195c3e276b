// A worker thread running one of these TypeScript modules. Node 20 does not run the parent's
// `--import tsx` in a worker, so the worker registers tsx itself before importing the module.
import { Worker } from 'node:worker_threads';

const BOOT = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(require('node:worker_threads').workerData.moduleUrl); });`;

/** The module gets `data` as workerData.data. */
export function startTsWorker(moduleUrl: URL, data: unknown): Worker {
  return new Worker(BOOT, { eval: true, workerData: { moduleUrl: moduleUrl.href, data } });
}
