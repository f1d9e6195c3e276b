import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProblemBoard } from './problem-board.ts';

test('problems from several sources are shown together and cleared one by one', () => {
  const board = new ProblemBoard();
  const seen: (string | undefined)[] = [];
  board.onChange((message) => seen.push(message));
  board.set('camera', 'No camera found.');
  board.set('camera', 'No camera found.'); // unchanged: no event
  board.set('models', 'Models missing.');
  assert.equal(board.message(), 'No camera found. Models missing.');
  board.clear('camera');
  board.clear('camera');
  assert.equal(board.message(), 'Models missing.');
  board.clear('models');
  assert.deepEqual(seen, ['No camera found.', 'No camera found. Models missing.', 'Models missing.', undefined]);
});
