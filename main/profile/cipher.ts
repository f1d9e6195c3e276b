// The one seam through which secrets reach the disk. In the app, main/app adapts Electron's
// safeStorage to this interface (safe-storage-cipher.ts); tests and tools use the ciphers in
// test-support/ciphers.ts, which run under plain Node.

export interface Cipher {
  /** False when the bytes are merely obfuscated (Linux basic_text keyring, or plain); the UI warns then. */
  readonly isStrong: boolean;
  encrypt(plain: Buffer): Promise<Buffer>;
  /** Rejects when the bytes were not sealed by this cipher or were altered. */
  decrypt(sealed: Buffer): Promise<Buffer>;
}
