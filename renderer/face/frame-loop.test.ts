import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_FRAMES_PER_SECOND } from '../../preload/api.ts';
import { DEFAULT_FRAMES_PER_SECOND, frameIntervalMs } from './frame-loop.ts';

test('the default rate is 8 frames a second', () => {
  assert.equal(DEFAULT_FRAMES_PER_SECOND, 8);
  assert.equal(frameIntervalMs(), 125);
});

test('the rate never exceeds what main accepts, nor drops below one a second', () => {
  assert.equal(frameIntervalMs(30), 1000 / MAX_FRAMES_PER_SECOND);
  assert.equal(frameIntervalMs(Number.POSITIVE_INFINITY), 125);
  assert.equal(frameIntervalMs(0), 1000);
  assert.equal(frameIntervalMs(Number.NaN), 125);
  assert.equal(frameIntervalMs(4), 250);
});
