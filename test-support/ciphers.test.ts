import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { PlainCipher, createAesGcmCipher } from './ciphers.ts';

const message = Buffer.from('{"centre":[0.125,-0.5,0.75]}', 'utf8');

test('AES-GCM round trip hides the plaintext and uses a fresh IV each time', async () => {
  const cipher = createAesGcmCipher(randomBytes(32));
  assert.equal(cipher.isStrong, true);
  const first = await cipher.encrypt(message);
  const second = await cipher.encrypt(message);
  assert.equal(first.includes(Buffer.from('centre')), false);
  assert.notDeepEqual(first, second);
  assert.deepEqual(await cipher.decrypt(first), message);
  assert.deepEqual(await cipher.decrypt(second), message);
});

test('AES-GCM detects tampering anywhere, truncation and the wrong key', async () => {
  const key = randomBytes(32);
  const cipher = createAesGcmCipher(key);
  const sealed = await cipher.encrypt(message);
  for (const index of [0, 1, 20, sealed.length - 1]) {
    const tampered = Buffer.from(sealed);
    tampered[index] ^= 0x01;
    await assert.rejects(cipher.decrypt(tampered), `flipped byte ${index}`);
  }
  await assert.rejects(cipher.decrypt(sealed.subarray(0, sealed.length - 1)));
  await assert.rejects(cipher.decrypt(sealed.subarray(0, 10)));
  const otherKey = Buffer.from(key);
  otherKey[0] ^= 0xff;
  await assert.rejects(createAesGcmCipher(otherKey).decrypt(sealed));
});

test('AES-GCM keeps its own copy of the key and refuses wrong key sizes', async () => {
  const key = randomBytes(32);
  const cipher = createAesGcmCipher(key);
  const sealed = await cipher.encrypt(message);
  key.fill(0);
  assert.deepEqual(await cipher.decrypt(sealed), message);
  assert.throws(() => createAesGcmCipher(randomBytes(16)), RangeError);
});

test('the plain cipher is marked weak, round-trips and refuses foreign bytes', async () => {
  const cipher = new PlainCipher();
  assert.equal(cipher.isStrong, false);
  const sealed = await cipher.encrypt(message);
  assert.equal(sealed.toString('utf8').startsWith('PLAINTEXT-NOT-SECRET:'), true);
  assert.deepEqual(await cipher.decrypt(sealed), message);
  await assert.rejects(cipher.decrypt(message));
});
