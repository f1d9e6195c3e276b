import assert from 'node:assert/strict';
import { it } from 'node:test';
import { SerialQueue } from './serial-queue.ts';

it('runs operations one at a time in order, past a failure, and refuses new ones after dispose()', async () => {
  const queue = new SerialQueue('test store');
  const events: string[] = [];
  const step = (name: string, ms: number) => () => new Promise<string>((resolve) => setTimeout(() => (events.push(name), resolve(name)), ms));
  const first = queue.run(step('slow', 20));
  const failing = queue.run(() => Promise.reject(new Error('disk full')));
  const third = queue.run(step('fast', 0));
  assert.equal(await first, 'slow');
  await assert.rejects(failing, /disk full/);
  assert.equal(await third, 'fast');
  await queue.settle();
  assert.deepEqual(events, ['slow', 'fast']);
  queue.dispose();
  await assert.rejects(queue.run(step('late', 0)), /The test store has been disposed/);
});
