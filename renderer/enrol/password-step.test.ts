import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MIN_PASSWORD_LENGTH } from '../../preload/api.ts';
import { newPasswordProblem } from './password-step.ts';

test('a new password needs the minimum length and the same text twice', () => {
  const short = 'a'.repeat(MIN_PASSWORD_LENGTH - 1);
  const enough = 'b'.repeat(MIN_PASSWORD_LENGTH);
  assert.equal(newPasswordProblem(short, short), `Use at least ${MIN_PASSWORD_LENGTH} characters`);
  assert.equal(newPasswordProblem(enough, `${enough}x`), 'The two passwords differ');
  assert.equal(newPasswordProblem(enough, enough), null);
  assert.equal(newPasswordProblem('x'.repeat(300), 'x'.repeat(300)), 'Use at most 256 characters');
});
