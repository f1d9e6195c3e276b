import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PasswordHash } from './password.ts';
import { PROFILE_EMBEDDING_LENGTH, parseProfileRecord, type FaceProfileRecord } from './profile-types.ts';

// A well-formed hash (shape only; these tests never verify a password).
const password: PasswordHash = {
  algorithm: 'scrypt',
  N: 2 ** 15,
  r: 8,
  p: 1,
  saltB64: Buffer.alloc(16, 1).toString('base64'),
  hashB64: Buffer.alloc(32, 2).toString('base64'),
};

function vector(seed: number): number[] {
  return Array.from({ length: PROFILE_EMBEDDING_LENGTH }, (_, i) => Math.sin(seed + i) / 20);
}

function profile(): FaceProfileRecord {
  return {
    version: 1,
    createdIso: '2025-01-02T03:04:05.000Z',
    updatedIso: '2025-01-03T03:04:05.000Z',
    appearances: [{ id: 'a1', label: 'Glasses', centre: vector(1), embeddings: [vector(2), vector(3)] }],
    password: { ...password },
    lockState: { failedAttempts: 2 },
  };
}

test('a well-formed profile parses to an equal, separate object without unknown keys', () => {
  const input = { ...profile(), surplus: 'dropped' };
  const result = parseProfileRecord(input);
  assert.equal(result.ok, true);
  if (!result.ok) return;
  assert.deepEqual(result.profile, profile());
  assert.notEqual(result.profile.appearances[0].centre, input.appearances[0].centre);
});

test('wrong shapes and numbers are rejected with a reason', () => {
  const cases: [string, (p: FaceProfileRecord) => unknown, RegExp][] = [
    ['511-number centre', (p) => (p.appearances[0].centre = vector(1).slice(1)), /511 numbers instead of 512/],
    ['NaN in centre', (p) => (p.appearances[0].centre[7] = Number.NaN), /not a finite number at 7/],
    ['Infinity in embedding', (p) => (p.appearances[0].embeddings[1][0] = Infinity), /embedding 1/],
    ['string in centre', (p) => ((p.appearances[0].centre as unknown[])[0] = '0.1'), /finite/],
    ['no appearances', (p) => (p.appearances = []), /1 to 8 appearances/],
    ['duplicate ids', (p) => p.appearances.push({ ...p.appearances[0] }), /duplicate id/],
    ['wrong version', (p) => ((p as { version: number }).version = 2), /version is 2/],
    ['bad date', (p) => (p.updatedIso = 'yesterday'), /updatedIso/],
    ['bad password hash', (p) => (p.password.N = 3), /password hash/],
    ['empty id', (p) => (p.appearances[0].id = ''), /bad id/],
  ];
  for (const [name, damage, reason] of cases) {
    const damaged = profile();
    damage(damaged);
    const result = parseProfileRecord(damaged);
    assert.equal(result.ok, false, name);
    if (!result.ok) assert.match(result.problem, reason, name);
  }
  for (const notProfile of [null, [], 'profile', 42]) {
    assert.equal(parseProfileRecord(notProfile).ok, false);
  }
});

test('what the face learned: a profile without it loads as before; with it, it round-trips; damaged, it is refused', () => {
  // Written before adaptive templates existed: no `learned`, and none appears on reading.
  const old = parseProfileRecord(JSON.parse(JSON.stringify(profile())));
  assert.equal(old.ok, true);
  if (old.ok) assert.equal(Object.hasOwn(old.profile.appearances[0], 'learned'), false);
  const learned = { ...profile(), appearances: [{ ...profile().appearances[0], learned: { embeddings: [vector(4), vector(5)], unlocks: 7 } }] };
  const result = parseProfileRecord(JSON.parse(JSON.stringify(learned)));
  assert.equal(result.ok, true);
  if (result.ok) assert.deepEqual(result.profile, learned);
  const cases: [string, unknown, RegExp][] = [
    ['not an object', [vector(4)], /learned is not an object/],
    ['ring too long', { embeddings: Array.from({ length: 11 }, (_, i) => vector(i)), unlocks: 11 }, /at most 10/],
    ['short vector', { embeddings: [vector(4).slice(1)], unlocks: 1 }, /learned embedding 0 has 511/],
    ['fewer unlocks than kept', { embeddings: [vector(4), vector(5)], unlocks: 1 }, /unlocks/],
    ['fractional count', { embeddings: [], unlocks: 1.5 }, /unlocks/],
  ];
  for (const [name, value, reason] of cases) {
    const damaged = { ...profile(), appearances: [{ ...profile().appearances[0], learned: value }] };
    const parsed = parseProfileRecord(damaged);
    assert.equal(parsed.ok, false, name);
    if (!parsed.ok) assert.match(parsed.problem, reason, name);
  }
});
