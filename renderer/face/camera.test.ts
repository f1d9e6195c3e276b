import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CameraError, cameraProblemOf } from './camera.ts';

function domError(name: string): Error {
  const error = new Error('x');
  error.name = name;
  return error;
}

test('getUserMedia errors map to what the user can act on', () => {
  assert.equal(cameraProblemOf(domError('NotFoundError')), 'missing');
  assert.equal(cameraProblemOf(domError('OverconstrainedError')), 'missing');
  assert.equal(cameraProblemOf(domError('NotAllowedError')), 'denied');
  assert.equal(cameraProblemOf(domError('NotReadableError')), 'other');
  assert.equal(cameraProblemOf('weird'), 'other');
  assert.equal(cameraProblemOf(new CameraError('unplugged', 'gone')), 'unplugged');
});
