// Ciphers that run under plain Node, for tests and the tools' simulated main process (the app
// seals with Electron's safeStorage: main/app/safe-storage-cipher.ts).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Cipher } from '../main/profile/cipher.ts';

const PLAIN_MAGIC = Buffer.from('PLAINTEXT-NOT-SECRET:', 'utf8');

/** For tests only: stores the bytes as they are, behind a marker that says so. */
export class PlainCipher implements Cipher {
  readonly isStrong = false;

  async encrypt(plain: Buffer): Promise<Buffer> {
    return Buffer.concat([PLAIN_MAGIC, plain]);
  }

  async decrypt(sealed: Buffer): Promise<Buffer> {
    if (!sealed.subarray(0, PLAIN_MAGIC.length).equals(PLAIN_MAGIC)) {
      throw new Error('These bytes were not written by the plain cipher.');
    }
    return Buffer.from(sealed.subarray(PLAIN_MAGIC.length));
  }
}

const AES_KEY_BYTES = 32;
const GCM_IV_BYTES = 12;
const GCM_TAG_BYTES = 16;
// A leading format byte lets a future layout be told apart from this one.
const AES_GCM_FORMAT_V1 = 1;

/**
 * AES-256-GCM with a fresh random IV per message; layout `format ‖ iv ‖ tag ‖ ciphertext`.
 * The auth tag makes any change to the sealed bytes fail decryption.
 */
export function createAesGcmCipher(key: Buffer): Cipher {
  if (key.length !== AES_KEY_BYTES) {
    throw new RangeError(`The AES-256-GCM key must be ${AES_KEY_BYTES} bytes, got ${key.length}.`);
  }
  const ownKey = Buffer.from(key);
  return {
    isStrong: true,
    async encrypt(plain: Buffer): Promise<Buffer> {
      const iv = randomBytes(GCM_IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', ownKey, iv);
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([Buffer.of(AES_GCM_FORMAT_V1), iv, cipher.getAuthTag(), body]);
    },
    async decrypt(sealed: Buffer): Promise<Buffer> {
      const headerBytes = 1 + GCM_IV_BYTES + GCM_TAG_BYTES;
      if (sealed.length < headerBytes || sealed[0] !== AES_GCM_FORMAT_V1) {
        throw new Error('These bytes are not an AES-256-GCM message of this app.');
      }
      const iv = sealed.subarray(1, 1 + GCM_IV_BYTES);
      const tag = sealed.subarray(1 + GCM_IV_BYTES, headerBytes);
      const decipher = createDecipheriv('aes-256-gcm', ownKey, iv, { authTagLength: GCM_TAG_BYTES });
      decipher.setAuthTag(tag);
      // final() throws when the tag does not match: tampered bytes or the wrong key.
      return Buffer.concat([decipher.update(sealed.subarray(headerBytes)), decipher.final()]);
    },
  };
}
