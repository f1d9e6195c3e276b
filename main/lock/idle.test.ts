import assert from 'node:assert/strict';
import { test } from 'node:test';
import { idleLockDue } from './idle.ts';

test('idle lock is due after the set minutes, never when set to 0', () => {
  assert.equal(idleLockDue(299, 5), false);
  assert.equal(idleLockDue(300, 5), true);
  assert.equal(idleLockDue(1e6, 0), false);
});
