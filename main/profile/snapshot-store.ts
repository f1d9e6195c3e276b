// Snapshots of refused face attempts (opt-in, Settings): one sealed file per attempt in their
// own owner-only folder, sealed with the profile's Cipher and written atomically like the
// profile. A file's name is a random id, so the folder tells nobody when an attempt was made
// (the time is sealed inside); at most `maxKept` readable snapshots stay, the oldest dropped.
// A file that cannot be read is listed as unreadable, never deleted behind the owner's back
// and never in the way of the others. Beside them, keep.json is the plain on/off switch.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { CONTEXT_CROP_BYTES } from '../../preload/api.ts';
import { FEEDBACK, type FeedbackCode } from '../../preload/feedback.ts';
import type { Cipher } from './cipher.ts';
import { isMissingFileError, nodeStoreFs, writeFileAtomic, type StoreFs } from './profile-store.ts';
import { isPlainRecord } from './profile-types.ts';
import { SerialQueue } from '../base/serial-queue.ts';

/** The folder inside the app's data folder. */
export const SNAPSHOT_DIR_NAME = 'refused-attempts';
export const KEEP_FILE_NAME = 'keep.json';
const SNAPSHOT_SUFFIX = '.attempt';
const ENVELOPE_FORMAT = 'face-unlock-refused-attempt';
const KEEP_FORMAT = 'face-unlock-refused-attempts-setting';
/** A sealed 128×128 RGB crop is ~88 KB (base64 twice); anything far larger is not one of ours. */
const MAX_FILE_BYTES = 1024 * 1024;
const ID_PATTERN = /^[0-9a-f]{32}$/;

/** A snapshot's id: 32 lower-case hex digits (16 random bytes), also its file's name. */
export function isSnapshotId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

export interface Snapshot {
  /** When the attempt was refused, ms since the epoch. */
  atMs: number;
  /** What the lock said (a key of preload/feedback.ts FEEDBACK). */
  reason: FeedbackCode;
  /** The frame's context crop, CONTEXT_CROP_BYTES of RGB. */
  contextCrop: Uint8Array;
}

export interface StoredSnapshot extends Snapshot {
  id: string;
}

export interface SnapshotListing {
  /** Newest first. */
  snapshots: StoredSnapshot[];
  /** Files that could not be read (damaged, or sealed under another keyring): their ids, to delete. */
  unreadableIds: string[];
}

/** The on/off switch as read: off when missing; off, with a problem, when it cannot be read. */
export interface KeepSetting {
  keep: boolean;
  unreadable: boolean;
}

export interface SnapshotStoreOptions {
  dir: string;
  cipher: Cipher;
  fs?: Partial<StoreFs>;
  /** New ids; tests fix them. */
  newId?: () => string;
}

export class SnapshotStore {
  readonly #dir: string;
  readonly #cipher: Cipher;
  readonly #fs: StoreFs;
  readonly #newId: () => string;
  // One operation at a time: an add's pruning never races a delete or a listing.
  readonly #queue = new SerialQueue('snapshot store');

  constructor(options: SnapshotStoreOptions) {
    this.#dir = options.dir;
    this.#cipher = options.cipher;
    this.#fs = { ...nodeStoreFs, ...options.fs };
    this.#newId = options.newId ?? (() => randomBytes(16).toString('hex'));
  }

  readKeep(): Promise<KeepSetting> {
    return this.#serialise(async () => {
      let bytes: Buffer;
      try {
        bytes = await this.#fs.readFile(join(this.#dir, KEEP_FILE_NAME));
      } catch (error) {
        return { keep: false, unreadable: !isMissingFileError(error) };
      }
      try {
        const value: unknown = JSON.parse(bytes.toString('utf8'));
        if (isPlainRecord(value) && value.format === KEEP_FORMAT && value.version === 1 && typeof value.keep === 'boolean') {
          return { keep: value.keep, unreadable: false };
        }
      } catch {
        // falls through: unreadable
      }
      return { keep: false, unreadable: true };
    });
  }

  writeKeep(keep: boolean): Promise<void> {
    return this.#serialise(async () => {
      await this.#fs.mkdir(this.#dir);
      await writeFileAtomic(this.#fs, join(this.#dir, KEEP_FILE_NAME), Buffer.from(JSON.stringify({ format: KEEP_FORMAT, version: 1, keep }), 'utf8'));
    });
  }

  /** Seals and writes one snapshot, then drops the oldest readable ones beyond `maxKept`. Resolves to its id. */
  add(snapshot: Snapshot, maxKept: number): Promise<string> {
    return this.#serialise(async () => {
      const checked = checkedSnapshot(snapshot);
      if (typeof checked === 'string') throw new Error(`Refusing to keep a malformed snapshot: ${checked}.`);
      const plain = Buffer.from(JSON.stringify({ atMs: checked.atMs, reason: checked.reason, contextCropB64: Buffer.from(checked.contextCrop).toString('base64') }), 'utf8');
      const sealed = await this.#cipher.encrypt(plain);
      const id = this.#newId();
      if (!isSnapshotId(id)) throw new Error('A snapshot id must be 32 hex digits.');
      await this.#fs.mkdir(this.#dir);
      await writeFileAtomic(this.#fs, this.#pathOf(id), Buffer.from(JSON.stringify({ format: ENVELOPE_FORMAT, version: 1, sealedB64: sealed.toString('base64') }), 'utf8'));
      const { snapshots } = await this.#list();
      for (const old of snapshots.slice(Math.max(0, maxKept))) await this.#unlink(old.id);
      await this.#fs.syncDir(this.#dir);
      return id;
    });
  }

  list(): Promise<SnapshotListing> {
    return this.#serialise(() => this.#list());
  }

  /** Deletes one snapshot (readable or not); false when there is none by that id. */
  delete(id: string): Promise<boolean> {
    return this.#serialise(async () => {
      if (!isSnapshotId(id)) return false;
      const removed = await this.#unlink(id);
      await this.#fs.syncDir(this.#dir);
      return removed;
    });
  }

  /** Deletes every snapshot, unreadable ones and half-written leftovers included; the switch stays. */
  deleteAll(): Promise<void> {
    return this.#serialise(async () => {
      for (const name of await this.#names()) {
        if (name.endsWith(SNAPSHOT_SUFFIX) || name.endsWith(`${SNAPSHOT_SUFFIX}.tmp`)) await this.#unlinkPath(join(this.#dir, name));
      }
      await this.#fs.syncDir(this.#dir);
    });
  }

  /** Resolves once every operation asked for so far has finished (or failed). */
  settle(): Promise<void> {
    return this.#queue.settle();
  }

  dispose(): void {
    this.#queue.dispose();
  }

  #serialise<T>(operation: () => Promise<T>): Promise<T> {
    return this.#queue.run(operation);
  }

  #pathOf(id: string): string {
    return join(this.#dir, `${id}${SNAPSHOT_SUFFIX}`);
  }

  async #names(): Promise<string[]> {
    try {
      return await this.#fs.readdir(this.#dir);
    } catch (error) {
      if (isMissingFileError(error)) return [];
      throw error;
    }
  }

  async #list(): Promise<SnapshotListing> {
    const snapshots: StoredSnapshot[] = [];
    const unreadableIds: string[] = [];
    for (const name of await this.#names()) {
      const id = name.endsWith(SNAPSHOT_SUFFIX) ? name.slice(0, -SNAPSHOT_SUFFIX.length) : '';
      if (!isSnapshotId(id)) continue; // leftovers (.tmp) and strangers' files are none of ours to show
      const snapshot = await this.#read(id);
      if (snapshot) snapshots.push({ id, ...snapshot });
      else unreadableIds.push(id);
    }
    snapshots.sort((a, b) => b.atMs - a.atMs || (a.id < b.id ? -1 : 1));
    return { snapshots, unreadableIds: unreadableIds.sort() };
  }

  /** The snapshot in a file, or null when it cannot be read, opened or trusted (a damaged file, another keyring). */
  async #read(id: string): Promise<Snapshot | null> {
    try {
      const bytes = await this.#fs.readFile(this.#pathOf(id));
      if (bytes.length > MAX_FILE_BYTES) return null;
      const envelope: unknown = JSON.parse(bytes.toString('utf8'));
      if (!isPlainRecord(envelope) || envelope.format !== ENVELOPE_FORMAT || envelope.version !== 1 || typeof envelope.sealedB64 !== 'string') return null;
      const record: unknown = JSON.parse((await this.#cipher.decrypt(Buffer.from(envelope.sealedB64, 'base64'))).toString('utf8'));
      if (!isPlainRecord(record) || typeof record.contextCropB64 !== 'string') return null;
      const checked = checkedSnapshot({ atMs: record.atMs, reason: record.reason, contextCrop: Buffer.from(record.contextCropB64, 'base64') });
      return typeof checked === 'string' ? null : { ...checked, contextCrop: new Uint8Array(checked.contextCrop) };
    } catch {
      return null;
    }
  }

  async #unlink(id: string): Promise<boolean> {
    return this.#unlinkPath(this.#pathOf(id));
  }

  async #unlinkPath(path: string): Promise<boolean> {
    try {
      await this.#fs.unlink(path);
      return true;
    } catch (error) {
      if (isMissingFileError(error)) return false;
      throw error;
    }
  }
}

/** The snapshot if it is well formed, or what is wrong with it. */
function checkedSnapshot(value: { atMs: unknown; reason: unknown; contextCrop: Uint8Array }): Snapshot | string {
  if (typeof value.atMs !== 'number' || !Number.isSafeInteger(value.atMs) || value.atMs < 0) return 'its time is not a moment';
  if (typeof value.reason !== 'string' || !Object.hasOwn(FEEDBACK, value.reason)) return 'its reason is not a feedback code';
  if (value.contextCrop.byteLength !== CONTEXT_CROP_BYTES) return `its crop is not ${CONTEXT_CROP_BYTES} bytes`;
  return { atMs: value.atMs, reason: value.reason as FeedbackCode, contextCrop: value.contextCrop };
}
