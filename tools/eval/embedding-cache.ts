// What eval computed per photo, kept on disk by the sha256 of the photo's bytes, so a second
// run (or one with another threshold) embeds nothing again. One folder per pipeline identity;
// each run appends to a segment file of its own (no two writers share a file), records framed
// by length and CRC so a run killed mid-write loses only its unwritten records.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { EMBEDDING_SIZE } from '../../models/model-manifest.ts';
import type { PhotoRecord } from './photo-record.ts';

const MAGIC = Buffer.from('FUEVALC1');
const STATUS_CODES = ['face', 'noFace', 'unreadable'] as const;
/** Records are written in batches of this many, so a crash loses at most these. */
const FLUSH_EVERY = 64;

/** `$XDG_CACHE_HOME/face-unlock/eval`, else `~/.cache/face-unlock/eval`: outside the repo. */
export function defaultCacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'face-unlock', 'eval');
}

/** Hex sha256 of the photo bytes: the key. */
export function contentKey(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export class EmbeddingCache {
  private pending: Buffer[] = [];
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly records: Map<string, PhotoRecord>,
    private readonly segmentPath: string,
  ) {}

  /** Opens the folder of this pipeline identity (any string naming everything a result depends on) under `dir`. */
  static async open(options: { dir: string; identity: string }): Promise<EmbeddingCache> {
    const folder = join(options.dir, createHash('sha256').update(options.identity).digest('hex').slice(0, 24));
    await mkdir(folder, { recursive: true });
    const records = new Map<string, PhotoRecord>();
    for (const name of (await readdir(folder)).filter((n) => n.endsWith('.seg')).sort()) {
      // A torn tail is skipped, not cut off: its writer may be another run still going.
      readSegment(await readFile(join(folder, name)), records);
    }
    const segment = join(folder, `${Date.now()}-${process.pid}-${randomBytes(4).toString('hex')}.seg`);
    return new EmbeddingCache(records, segment);
  }

  get size(): number {
    return this.records.size;
  }

  get(key: string): PhotoRecord | undefined {
    return this.records.get(key);
  }

  put(key: string, record: PhotoRecord): void {
    this.records.set(key, record);
    this.pending.push(encodeRecord(key, record));
    if (this.pending.length >= FLUSH_EVERY) void this.flush();
  }

  /** Writes what is pending; resolves when it is on disk. */
  flush(): Promise<void> {
    const chunk = this.pending;
    this.pending = [];
    if (chunk.length > 0) {
      this.writing = this.writing.then(async () => {
        const file = await open(this.segmentPath, 'a');
        try {
          if ((await file.stat()).size === 0) await file.write(MAGIC);
          await file.write(Buffer.concat(chunk));
        } finally {
          await file.close();
        }
      });
    }
    return this.writing;
  }
}

/** u32 payload length | payload | u32 CRC-32 of the payload; the embedding as float32, little-endian. */
export function encodeRecord(key: string, record: PhotoRecord): Buffer {
  const { embedding, ...meta } = record.status === 'face' ? record : { ...record, embedding: null };
  const json = Buffer.from(JSON.stringify(meta));
  const payload = Buffer.alloc(32 + 1 + 4 + json.length + (embedding ? EMBEDDING_SIZE * 4 : 0));
  Buffer.from(key, 'hex').copy(payload, 0);
  payload.writeUInt8(STATUS_CODES.indexOf(record.status), 32);
  payload.writeUInt32LE(json.length, 33);
  json.copy(payload, 37);
  if (embedding) for (let i = 0; i < EMBEDDING_SIZE; i++) payload.writeFloatLE(embedding[i], 37 + json.length + 4 * i);
  const frame = Buffer.alloc(8 + payload.length);
  frame.writeUInt32LE(payload.length, 0);
  payload.copy(frame, 4);
  frame.writeUInt32LE(crc32(payload), 4 + payload.length);
  return frame;
}

/** Adds a segment's whole records to `into`; returns where a damaged tail starts, or null when the file is whole. */
export function readSegment(bytes: Buffer, into: Map<string, PhotoRecord>): number | null {
  if (bytes.length < MAGIC.length || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return 0;
  let pos = MAGIC.length;
  while (pos < bytes.length) {
    if (pos + 4 > bytes.length) return pos;
    const length = bytes.readUInt32LE(pos);
    if (pos + 8 + length > bytes.length) return pos;
    const payload = bytes.subarray(pos + 4, pos + 4 + length);
    if (crc32(payload) !== bytes.readUInt32LE(pos + 4 + length)) return pos;
    const decoded = decodePayload(payload);
    if (!decoded) return pos;
    into.set(decoded.key, decoded.record);
    pos += 8 + length;
  }
  return null;
}

function decodePayload(payload: Buffer): { key: string; record: PhotoRecord } | null {
  const status = STATUS_CODES[payload.readUInt8(32)];
  const jsonLength = payload.readUInt32LE(33);
  const meta = JSON.parse(payload.subarray(37, 37 + jsonLength).toString());
  const key = payload.subarray(0, 32).toString('hex');
  if (status !== 'face') return status ? { key, record: { ...meta, status } } : null;
  const start = 37 + jsonLength;
  if (payload.length !== start + EMBEDDING_SIZE * 4) return null;
  const embedding = new Float32Array(EMBEDDING_SIZE);
  for (let i = 0; i < EMBEDDING_SIZE; i++) embedding[i] = payload.readFloatLE(start + 4 * i);
  return { key, record: { ...meta, status, embedding } };
}
