import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isBlockedWhileLocked } from './overlay-keys.ts';

const key = (k: string, mods: Partial<{ control: boolean; meta: boolean; alt: boolean; shift: boolean }> = {}) => ({
  key: k,
  control: false,
  meta: false,
  alt: false,
  shift: false,
  type: 'keyDown',
  ...mods,
});

test('the usual ways out of a window are swallowed', () => {
  for (const input of [key('F4', { alt: true }), key('w', { control: true }), key('q', { meta: true }), key('r', { control: true }), key('F5'), key('F11'), key('I', { control: true, shift: true }), key('ArrowLeft', { alt: true })]) {
    assert.equal(isBlockedWhileLocked(input), true, JSON.stringify(input));
  }
});

test('typing the password is not', () => {
  for (const input of [key('a'), key('A', { shift: true }), key('Enter'), key('Backspace'), key('v', { control: true }), key('Tab')]) {
    assert.equal(isBlockedWhileLocked(input), false, JSON.stringify(input));
  }
});
