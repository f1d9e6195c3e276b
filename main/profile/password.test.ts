import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../preload/api.ts';
import { hashPassword, isWellFormedPasswordHash, verifyPassword, type PasswordHash } from './password.ts';

test('a hashed password verifies, a wrong one does not', async () => {
  const hash = await hashPassword('correct horse');
  assert.equal(hash.algorithm, 'scrypt');
  assert.equal(hash.N, 2 ** 15);
  assert.equal(Buffer.from(hash.saltB64, 'base64').length, 16);
  assert.equal(Buffer.from(hash.hashB64, 'base64').length, 32);
  assert.equal(await verifyPassword('correct horse', hash), true);
  assert.equal(await verifyPassword('correct horsE', hash), false);
  assert.equal(await verifyPassword('correct horse ', hash), false);
});

test('the same password gets a different salt and hash each time', async () => {
  const first = await hashPassword('same password');
  const second = await hashPassword('same password');
  assert.notEqual(first.saltB64, second.saltB64);
  assert.notEqual(first.hashB64, second.hashB64);
  assert.equal(await verifyPassword('same password', second), true);
});

test('the hash survives a JSON round trip', async () => {
  const hash = await hashPassword('through json');
  const restored = JSON.parse(JSON.stringify(hash)) as PasswordHash;
  assert.equal(await verifyPassword('through json', restored), true);
});

test('passwords outside the length limits are refused on hashing', async () => {
  await assert.rejects(hashPassword('a'.repeat(MIN_PASSWORD_LENGTH - 1)), RangeError);
  await assert.rejects(hashPassword('a'.repeat(MAX_PASSWORD_LENGTH + 1)), RangeError);
  await assert.rejects(hashPassword(42 as unknown as string), TypeError);
  const longest = await hashPassword('a'.repeat(MAX_PASSWORD_LENGTH));
  assert.equal(await verifyPassword('a'.repeat(MAX_PASSWORD_LENGTH), longest), true);
});

test('malformed hashes verify as false and never throw', async () => {
  const good = await hashPassword('good password');
  const malformed: unknown[] = [
    null,
    undefined,
    'scrypt',
    [],
    {},
    { ...good, algorithm: 'md5' },
    { ...good, N: 2 ** 15 + 1 },
    { ...good, N: 2 ** 30 },
    { ...good, r: 0 },
    { ...good, p: 1.5 },
    { ...good, saltB64: 'not base64!' },
    { ...good, saltB64: Buffer.alloc(8).toString('base64') },
    { ...good, hashB64: Buffer.alloc(31).toString('base64') },
    { ...good, extra: true },
  ];
  for (const hash of malformed) {
    assert.equal(isWellFormedPasswordHash(hash), false, JSON.stringify(hash));
    assert.equal(await verifyPassword('good password', hash as PasswordHash), false);
  }
  assert.equal(await verifyPassword(undefined as unknown as string, good), false);
});
