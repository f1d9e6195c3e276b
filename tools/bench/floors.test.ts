import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gateFloorMs } from './floors.ts';

test('recognition alone needs the attempt\'s mean of 3 frames: two intervals after the first', () => {
  assert.equal(gateFloorMs('off', 50), 100);
});

test('standard needs at least the early look of the passive window (6 frames and 250 ms), whose frames join the mean', () => {
  assert.equal(gateFloorMs('standard', 200), 5 * 200, 'slow frames: 6 frames span 1,000 ms');
  assert.equal(gateFloorMs('standard', 30), 9 * 30, 'fast frames: the early look\'s 250 ms take 10 frames');
});

test('a challenge has no floor', () => {
  assert.ok(Number.isNaN(gateFloorMs('strict', 50)));
});
