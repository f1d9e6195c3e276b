// Password hashing for the fallback password: scrypt with a random per-profile salt,
// so a stolen profile file costs an attacker real work per guess.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../preload/api.ts';

export interface PasswordHash {
  algorithm: 'scrypt';
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
  saltB64: string;
  hashB64: string;
}

const COST_N = 2 ** 15;
const BLOCK_SIZE_R = 8;
const PARALLELISM_P = 1;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
// Bounds for hashes read back from disk: a tampered N or r must not make verification
// allocate gigabytes or spin for minutes.
const MIN_COST_N = 2 ** 14;
const MAX_COST_N = 2 ** 17;
const MAX_BLOCK_SIZE_R = 16;
const MAX_PARALLELISM_P = 4;

/** Why a password cannot be used, or null when its length is acceptable. */
export function passwordLengthProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`;
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return `The password must be at most ${MAX_PASSWORD_LENGTH} characters long.`;
  }
  return null;
}

export async function hashPassword(password: string): Promise<PasswordHash> {
  if (typeof password !== 'string') throw new TypeError('The password must be a string.');
  const problem = passwordLengthProblem(password);
  if (problem !== null) throw new RangeError(problem);
  const salt = randomBytes(SALT_BYTES);
  const params = { N: COST_N, r: BLOCK_SIZE_R, p: PARALLELISM_P };
  const key = await deriveKey(password, salt, params);
  return {
    algorithm: 'scrypt',
    ...params,
    saltB64: salt.toString('base64'),
    hashB64: key.toString('base64'),
  };
}

/** True only for the right password; any malformed hash or password gives false, never a throw. */
export async function verifyPassword(password: string, hash: PasswordHash): Promise<boolean> {
  if (typeof password !== 'string' || passwordLengthProblem(password) !== null) return false;
  if (!isWellFormedPasswordHash(hash)) return false;
  const salt = Buffer.from(hash.saltB64, 'base64');
  const expected = Buffer.from(hash.hashB64, 'base64');
  try {
    const actual = await deriveKey(password, salt, hash);
    return timingSafeEqual(actual, expected);
  } catch {
    return false;
  }
}

/** Shape and bounds check for a hash read from storage. */
export function isWellFormedPasswordHash(value: unknown): value is PasswordHash {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const hash = value as Record<string, unknown>;
  const keys = Object.keys(hash).sort().join(',');
  if (keys !== 'N,algorithm,hashB64,p,r,saltB64') return false;
  if (hash.algorithm !== 'scrypt') return false;
  const { N, r, p } = hash;
  if (!isIntegerIn(N, MIN_COST_N, MAX_COST_N) || (N & (N - 1)) !== 0) return false;
  if (!isIntegerIn(r, 1, MAX_BLOCK_SIZE_R) || !isIntegerIn(p, 1, MAX_PARALLELISM_P)) return false;
  return decodedLength(hash.saltB64) === SALT_BYTES && decodedLength(hash.hashB64) === KEY_BYTES;
}

function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function decodedLength(value: unknown): number {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) return -1;
  return Buffer.from(value, 'base64').length;
}

function deriveKey(
  password: string,
  salt: Buffer,
  params: { N: number; r: number; p: number },
): Promise<Buffer> {
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    // scrypt needs 128·N·r bytes; Node's default ceiling (32 MiB) is just too small for N=2^15, r=8.
    maxmem: 256 * params.N * params.r,
  };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}
