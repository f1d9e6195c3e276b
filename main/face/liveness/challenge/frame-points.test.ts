import assert from 'node:assert/strict';
import { it } from 'node:test';
import { pointsCropToFrame } from './frame-points.ts';

it('maps crop pixels to frame pixels through the box seen in both', () => {
  const boxInCrop = { x: 42, y: 42, width: 140, height: 140 };
  const boxInFrame = { x: 300, y: 100, width: 70, height: 70 };
  const frame = pointsCropToFrame([42, 42, 182, 182, 112, 77], boxInCrop, boxInFrame);
  assert.deepEqual([...frame], [300, 100, 370, 170, 335, 117.5]);
  assert.throws(() => pointsCropToFrame([0, 0], { ...boxInCrop, width: 0 }, boxInFrame), RangeError);
});
