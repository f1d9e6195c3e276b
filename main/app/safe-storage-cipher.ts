// The profile's cipher in the app: Electron's safeStorage (the OS keyring: Keychain,
// DPAPI, libsecret/kwallet), through its asynchronous API.
import { safeStorage } from 'electron';
import type { Cipher } from '../profile/cipher.ts';

export async function createSafeStorageCipher(): Promise<Cipher> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) {
    throw new Error('the system offers no encryption for stored secrets');
  }
  // Linux without a keyring falls back to a hard-coded key: obfuscation, not secrecy.
  const isStrong = process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text';
  return {
    isStrong,
    encrypt: (plain) => safeStorage.encryptStringAsync(plain.toString('base64')),
    decrypt: async (sealed) => Buffer.from((await safeStorage.decryptStringAsync(sealed)).result, 'base64'),
  };
}
