// Keeps the face profile (embeddings, centres, password hash, security settings) sealed
// on disk. Writes are atomic (tmp, fsync, rename) and the last good copy is kept as .bak;
// loading never deletes or overwrites the profile, and a damaged file is moved aside
// (never overwritten) by the next save, so the user's data is never silently lost.
// Beside it, password-hash.json keeps a copy of the password's scrypt hash alone, outside
// the seal: when the keyring changes or both copies of the profile are damaged, the lock
// can still check the password and ask for it before anyone enrols a new face.
import { open as openFile, mkdir, readFile, readdir, rename, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Cipher } from './cipher.ts';
import { isWellFormedPasswordHash, type PasswordHash } from './password.ts';
import { isPlainRecord, parseProfileRecord, type FaceProfileRecord } from './profile-types.ts';
import { SerialQueue } from '../base/serial-queue.ts';

/** The few file operations the stores use; tests replace single ones to inject faults. */
export interface StoreFs {
  readFile(path: string): Promise<Buffer>;
  /** Creates or truncates, writes everything and fsyncs before resolving. */
  writeFileDurable(path: string, data: Buffer): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  readdir(path: string): Promise<string[]>;
  /** Creates the directory and its parents, owner-only where the platform allows. */
  mkdir(path: string): Promise<void>;
  /** Makes a rename inside the directory durable; best effort. */
  syncDir(path: string): Promise<void>;
}

export const nodeStoreFs: StoreFs = {
  readFile: (path) => readFile(path),
  async writeFileDurable(path, data) {
    const handle = await openFile(path, 'w', 0o600);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  rename: (from, to) => rename(from, to),
  unlink: (path) => unlink(path),
  readdir: (path) => readdir(path),
  async mkdir(path) {
    await mkdir(path, { recursive: true, mode: 0o700 });
  },
  async syncDir(path) {
    // Windows cannot open a directory for fsync; there the rename alone has to do.
    try {
      const handle = await openFile(path, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch {
      // best effort by design
    }
  },
};

/** Replaces `path` with `data` so that a crash leaves either the old or the new file, never a mix. */
export async function writeFileAtomic(fs: StoreFs, path: string, data: Buffer): Promise<void> {
  const tmpPath = `${path}.tmp`;
  await fs.writeFileDurable(tmpPath, data);
  await fs.rename(tmpPath, path);
}

export function isMissingFileError(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ENOENT';
}

export type LoadResult =
  /** `problem`: the backup is damaged (the profile is fine; the next save moves the backup aside). */
  | { status: 'ok'; profile: FaceProfileRecord; problem?: string }
  | { status: 'empty' }
  | { status: 'recoveredFromBackup'; profile: FaceProfileRecord; problem: string }
  /** No profile can be read; `password` is the surviving copy of its hash, if any. */
  | { status: 'corrupt'; problem: string; password: PasswordHash | null };

export interface ProfileStoreOptions {
  dir: string;
  cipher: Cipher;
  fs?: Partial<StoreFs>;
  /** Clock for the names of moved-aside files. */
  nowMs?: () => number;
}

export const PROFILE_FILE_NAME = 'profile.json';
export const PASSWORD_COPY_FILE_NAME = 'password-hash.json';
const ENVELOPE_FORMAT = 'face-unlock-profile';
const PASSWORD_COPY_FORMAT = 'face-unlock-password-hash';
// Far above a full profile (MAX_APPEARANCES × (MAX_EMBEDDINGS_PER_APPEARANCE + 1 +
// LEARNED_RING_SIZE) × PROFILE_EMBEDDING_LENGTH numbers: 8 × 75 × 512 today, about 8 MB
// sealed, profile-types.ts), far below harm.
const MAX_FILE_BYTES = 32 * 1024 * 1024;

type FileState =
  | { kind: 'missing' }
  | { kind: 'good'; bytes: Buffer; profile: FaceProfileRecord }
  | { kind: 'bad'; problem: string };

export class ProfileStore {
  readonly #dir: string;
  readonly #cipher: Cipher;
  readonly #fs: StoreFs;
  readonly #nowMs: () => number;
  // One operation at a time, so a save never interleaves with a load or a delete.
  readonly #queue = new SerialQueue('profile store');

  private constructor(options: ProfileStoreOptions) {
    this.#dir = options.dir;
    this.#cipher = options.cipher;
    this.#fs = { ...nodeStoreFs, ...options.fs };
    this.#nowMs = options.nowMs ?? Date.now;
  }

  static async open(options: ProfileStoreOptions): Promise<ProfileStore> {
    const store = new ProfileStore(options);
    await store.#fs.mkdir(options.dir);
    return store;
  }

  get #mainPath(): string {
    return join(this.#dir, PROFILE_FILE_NAME);
  }

  get #backupPath(): string {
    return `${this.#mainPath}.bak`;
  }

  get #passwordCopyPath(): string {
    return join(this.#dir, PASSWORD_COPY_FILE_NAME);
  }

  load(): Promise<LoadResult> {
    return this.#serialise(async () => {
      const main = await this.#readState(this.#mainPath);
      if (main.kind === 'good') {
        await this.#keepPasswordCopy(main.profile.password);
        const backup = await this.#readState(this.#backupPath);
        if (backup.kind !== 'bad') return { status: 'ok', profile: main.profile };
        return { status: 'ok', profile: main.profile, problem: `The backup of the face profile ${backup.problem}; the next save replaces it (nothing is lost).` };
      }
      const backup = await this.#readState(this.#backupPath);
      const mainProblem = main.kind === 'missing' ? 'is missing' : main.problem;
      if (backup.kind === 'good') {
        await this.#keepPasswordCopy(backup.profile.password);
        return {
          status: 'recoveredFromBackup',
          profile: backup.profile,
          problem: `The face profile file ${mainProblem}; the previous copy was used instead.`,
        };
      }
      const password = await this.#readPasswordCopy();
      // Both gone but the hash's copy is there: the profile was removed behind the app's back.
      if (main.kind === 'missing' && backup.kind === 'missing' && password === null) return { status: 'empty' };
      const backupProblem = backup.kind === 'missing' ? 'is missing' : backup.problem;
      return {
        status: 'corrupt',
        problem: `The face profile file ${mainProblem}, and its backup ${backupProblem}. The files were left in place.`,
        password,
      };
    });
  }

  save(profile: FaceProfileRecord): Promise<void> {
    return this.#serialise(async () => {
      const checked = parseProfileRecord(profile);
      if (!checked.ok) throw new Error(`Refusing to save a malformed profile: ${checked.problem}.`);
      const plain = Buffer.from(JSON.stringify(checked.profile), 'utf8');
      const sealed = await this.#cipher.encrypt(plain);
      const envelope = { format: ENVELOPE_FORMAT, version: 1, sealedB64: sealed.toString('base64') };
      const tmpPath = `${this.#mainPath}.tmp`;
      await this.#fs.writeFileDurable(tmpPath, Buffer.from(JSON.stringify(envelope), 'utf8'));

      const current = await this.#readState(this.#mainPath);
      if (current.kind === 'good') {
        await this.#moveAsideIfBad(this.#backupPath);
        await writeFileAtomic(this.#fs, this.#backupPath, current.bytes);
      } else if (current.kind === 'bad') {
        await this.#moveAside(this.#mainPath);
      }
      await this.#fs.rename(tmpPath, this.#mainPath);
      await this.#fs.syncDir(this.#dir);
      await this.#keepPasswordCopy(checked.profile.password);
    });
  }

  /** Removes the profile, its backup, leftovers and moved-aside copies: the user asked for their face data to go. */
  delete(): Promise<void> {
    return this.#serialise(async () => {
      const names = await this.#fs.readdir(this.#dir);
      for (const name of names.filter((n) => n.startsWith(PROFILE_FILE_NAME) || n.startsWith(PASSWORD_COPY_FILE_NAME))) {
        try {
          await this.#fs.unlink(join(this.#dir, name));
        } catch (error) {
          if (!isMissingFileError(error)) throw error;
        }
      }
      await this.#fs.syncDir(this.#dir);
    });
  }

  dispose(): void {
    this.#queue.dispose();
  }

  #serialise<T>(operation: () => Promise<T>): Promise<T> {
    return this.#queue.run(operation);
  }

  /**
   * Writes the hash's copy when it is missing or stale. Best effort: the copy is derived from
   * the profile, so failing to write it loses nothing, and the next load or save tries again.
   */
  async #keepPasswordCopy(password: PasswordHash): Promise<void> {
    const current = await this.#readPasswordCopy();
    if (current && JSON.stringify(current) === JSON.stringify(password)) return;
    const copy = { format: PASSWORD_COPY_FORMAT, version: 1, password };
    await writeFileAtomic(this.#fs, this.#passwordCopyPath, Buffer.from(JSON.stringify(copy), 'utf8')).catch(() => undefined);
  }

  async #readPasswordCopy(): Promise<PasswordHash | null> {
    try {
      const copy: unknown = JSON.parse((await this.#fs.readFile(this.#passwordCopyPath)).toString('utf8'));
      if (!isPlainRecord(copy) || copy.format !== PASSWORD_COPY_FORMAT || copy.version !== 1) return null;
      return isWellFormedPasswordHash(copy.password) ? { ...copy.password } : null;
    } catch {
      return null;
    }
  }

  async #readState(path: string): Promise<FileState> {
    let bytes: Buffer;
    try {
      bytes = await this.#fs.readFile(path);
    } catch (error) {
      if (isMissingFileError(error)) return { kind: 'missing' };
      return { kind: 'bad', problem: `could not be read (${(error as Error).message})` };
    }
    if (bytes.length > MAX_FILE_BYTES) return { kind: 'bad', problem: 'is far too large to be a profile' };
    const opened = await this.#unseal(bytes);
    if (typeof opened === 'string') return { kind: 'bad', problem: opened };
    return { kind: 'good', bytes, profile: opened };
  }

  /** The profile inside a file's bytes, or a plain-language clause saying what is wrong. */
  async #unseal(bytes: Buffer): Promise<FaceProfileRecord | string> {
    let envelope: unknown;
    try {
      envelope = JSON.parse(bytes.toString('utf8'));
    } catch {
      return 'is not readable (it may have been cut short)';
    }
    if (
      !isPlainRecord(envelope) ||
      envelope.format !== ENVELOPE_FORMAT ||
      envelope.version !== 1 ||
      typeof envelope.sealedB64 !== 'string' ||
      !/^[A-Za-z0-9+/]*={0,2}$/.test(envelope.sealedB64)
    ) {
      return 'is not a face profile of this app';
    }
    let plain: Buffer;
    try {
      plain = await this.#cipher.decrypt(Buffer.from(envelope.sealedB64, 'base64'));
    } catch {
      return 'could not be decrypted (the system keyring may have changed, or the file was altered)';
    }
    let record: unknown;
    try {
      record = JSON.parse(plain.toString('utf8'));
    } catch {
      return 'decrypted to something unreadable';
    }
    const parsed = parseProfileRecord(record);
    return parsed.ok ? parsed.profile : `holds an unexpected shape (${parsed.problem})`;
  }

  async #moveAsideIfBad(path: string): Promise<void> {
    if ((await this.#readState(path)).kind === 'bad') await this.#moveAside(path);
  }

  /** Renames a damaged file to `<name>.corrupt-<timestamp>` without replacing an earlier one. */
  async #moveAside(path: string): Promise<void> {
    const stamp = new Date(this.#nowMs()).toISOString().replace(/[:.]/g, '-');
    const taken = new Set(await this.#fs.readdir(this.#dir));
    const baseName = `${basename(path)}.corrupt-${stamp}`;
    let name = baseName;
    for (let n = 1; taken.has(name); n += 1) name = `${baseName}-${n}`;
    await this.#fs.rename(path, join(this.#dir, name));
  }
}
