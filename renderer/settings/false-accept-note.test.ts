import assert from 'node:assert/strict';
import { it } from 'node:test';
import { falseAcceptNote } from './false-accept-note.ts';

it('says the profile’s rate in words, to two significant digits', () => {
  assert.match(falseAcceptNote({ profileState: 'enrolled', falseAccepts: { far: 1 / 81_234, kind: 'about' } }), /about 1 stranger in 81,000 would be let in per attempt/);
  assert.match(falseAcceptNote({ profileState: 'enrolled', falseAccepts: { far: 3 / 7_500_000, kind: 'below' } }), /fewer than 1 stranger in 2,500,000/);
});

it('says when there is nothing to measure, or it could not be measured', () => {
  assert.match(falseAcceptNote({ profileState: 'none', falseAccepts: null }), /when you enrol/);
  assert.match(falseAcceptNote({ profileState: 'enrolled', falseAccepts: null }), /could not be measured/);
});
