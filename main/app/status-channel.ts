// The running instance's answers to second instances. Electron hands a second instance's
// command to the first (requestSingleInstanceLock's additionalData → 'second-instance') but
// gives nothing back, so the first writes its answer, under the id the second chose, into an
// owner-only file in userData; the second reads it there. Local (userData is the folder the
// single-instance lock itself is scoped to) and safe: the file is written whole (a temporary
// file renamed over it), created 0600, and trusted only if it is a regular file (no link
// followed), the user's own and private, small, well-formed, and its writer's pid is alive.
// It holds exit codes and the sentences printed, never anything about the face or password.
import { constants } from 'node:fs';
import { open, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { printable, type CommandReply } from './command-line.ts';
import { SerialQueue } from '../base/serial-queue.ts';

export const REPLY_FILE_NAME = 'command-replies.json';
/** Answers kept for second instances still polling; older ones are dropped. */
const KEPT_REPLIES = 16;
const MAX_FILE_BYTES = 64 * 1024;
const MAX_TEXT_CHARS = 2_000;
/** Between two reads of the file while waiting; short next to REPLY_TIMEOUT_MS, long next to a read. */
export const REPLY_POLL_MS = 50;

interface StoredReply extends CommandReply {
  id: string;
}

interface ReplyFileBody {
  version: 1;
  pid: number;
  replies: StoredReply[];
}

export interface ReplyWriterOptions {
  /** userData. */
  dir: string;
  pid?: number;
}

/** The first instance's side: one writer, its writes one at a time. */
export class ReplyWriter {
  readonly #file: string;
  readonly #pid: number;
  #replies: StoredReply[] = [];
  readonly #queue = new SerialQueue('reply writer');
  #disposed = false;

  constructor(options: ReplyWriterOptions) {
    this.#file = join(options.dir, REPLY_FILE_NAME);
    this.#pid = options.pid ?? process.pid;
  }

  /** Resolves once the answer is on disk; a failed write leaves the second instance to time out (exit 4), never to a wrong answer. */
  write(id: string, reply: CommandReply): Promise<void> {
    if (this.#disposed) return Promise.resolve();
    this.#replies = [...this.#replies, { id, ...reply, text: reply.text.slice(0, MAX_TEXT_CHARS) }].slice(-KEPT_REPLIES);
    const body: ReplyFileBody = { version: 1, pid: this.#pid, replies: this.#replies };
    return this.#queue.run(() => this.#writeWhole(JSON.stringify(body))).catch(() => undefined);
  }

  async #writeWhole(json: string): Promise<void> {
    if (this.#disposed) return;
    const temporary = `${this.#file}.${this.#pid}.tmp`;
    await rm(temporary, { force: true });
    // 'wx': a file planted under the temporary name is not written through; 0o600 from creation on.
    await writeFile(temporary, json, { mode: 0o600, flag: 'wx' });
    await rename(temporary, this.#file);
  }

  /** Quitting removes the file: no answer outlives the instance that gave it. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    await this.#queue.settle();
    this.#queue.dispose();
    await rm(this.#file, { force: true }).catch(() => undefined);
  }
}

/** Whether `pid` is a live process of this user (EPERM: someone else's, not our first instance). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface AwaitReplyOptions {
  /** userData. */
  dir: string;
  id: string;
  timeoutMs: number;
  pollMs?: number;
  isAlive?: (pid: number) => boolean;
}

/** The second instance's side: the answer under `id`, or null when none came in time. */
export async function awaitReply(options: AwaitReplyOptions): Promise<CommandReply | null> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const body = await readTrusted(join(options.dir, REPLY_FILE_NAME), options.isAlive ?? pidAlive);
    const found = body?.replies.find((reply) => reply.id === options.id);
    if (found) return { exitCode: found.exitCode, stream: found.stream, text: printable(found.text) };
    if (Date.now() >= deadline) return null;
    await sleep(options.pollMs ?? REPLY_POLL_MS);
  }
}

/** The file's contents if every check passes, else null (absent, foreign, too open, malformed, or its writer gone). */
export async function readTrusted(file: string, isAlive: (pid: number) => boolean): Promise<ReplyFileBody | null> {
  let json: string;
  try {
    // O_NOFOLLOW: a symlink planted in its place is not read (0 where the OS has none: Windows).
    const handle = await open(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    try {
      const stats = await handle.stat();
      if (!stats.isFile() || stats.size > MAX_FILE_BYTES) return null;
      if (process.platform !== 'win32') {
        // Windows keeps userData private by its ACLs; elsewhere the mode and owner say it.
        if ((stats.mode & 0o077) !== 0 || stats.uid !== process.getuid?.()) return null;
      }
      json = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
  const body = parseBody(json);
  return body && isAlive(body.pid) ? body : null;
}

function parseBody(json: string): ReplyFileBody | null {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const { version, pid, replies } = raw as Record<string, unknown>;
  if (version !== 1 || !Number.isSafeInteger(pid) || (pid as number) <= 0 || !Array.isArray(replies)) return null;
  return replies.every(isStoredReply) ? { version, pid: pid as number, replies } : null;
}

function isStoredReply(value: unknown): value is StoredReply {
  if (typeof value !== 'object' || value === null) return false;
  const { id, exitCode, stream, text } = value as Record<string, unknown>;
  return (
    typeof id === 'string' &&
    Number.isInteger(exitCode) &&
    (exitCode as number) >= 0 &&
    (exitCode as number) <= 255 &&
    (stream === 'stdout' || stream === 'stderr') &&
    typeof text === 'string' &&
    text.length <= MAX_TEXT_CHARS
  );
}
