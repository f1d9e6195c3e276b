import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { CommandReply } from './command-line.ts';
import { REPLY_FILE_NAME, ReplyWriter, awaitReply, pidAlive } from './status-channel.ts';

const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'face-unlock-replies-'));
  dirs.push(dir);
  return dir;
};
const ID = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const LOCKED: CommandReply = { exitCode: 0, stream: 'stdout', text: 'Locked.' };
const POSIX = process.platform !== 'win32';
const quick = (dir: string, id = ID) => awaitReply({ dir, id, timeoutMs: 0 });

test('the answer written under an id is read back under that id, from an owner-only file', async () => {
  const dir = tempDir();
  const writer = new ReplyWriter({ dir });
  await writer.write(ID, LOCKED);
  assert.deepEqual(await quick(dir), LOCKED);
  assert.equal(await quick(dir, 'b'.repeat(32)), null, 'another id has no answer');
  if (POSIX) assert.equal(statSync(join(dir, REPLY_FILE_NAME)).mode & 0o777, 0o600);
  assert.doesNotMatch(readFileSync(join(dir, REPLY_FILE_NAME), 'utf8'), /password/i);
  await writer.dispose();
  assert.equal(await quick(dir), null, 'quitting removes the answers');
});

test('a second instance waits for an answer that comes later, and gives up at its deadline', async () => {
  const dir = tempDir();
  const writer = new ReplyWriter({ dir });
  setTimeout(() => void writer.write(ID, LOCKED), 120);
  const started = Date.now();
  assert.deepEqual(await awaitReply({ dir, id: ID, timeoutMs: 5_000, pollMs: 20 }), LOCKED);
  assert.ok(Date.now() - started >= 100);
  const gaveUp = Date.now();
  assert.equal(await awaitReply({ dir, id: 'c'.repeat(32), timeoutMs: 150, pollMs: 20 }), null);
  assert.ok(Date.now() - gaveUp < 2_000, 'no longer than its deadline (and a poll)');
  await writer.dispose();
});

test('the latest answers are kept for every waiting instance, and writes do not overtake one another', async () => {
  const dir = tempDir();
  const writer = new ReplyWriter({ dir });
  const ids = Array.from({ length: 20 }, (_, i) => i.toString(16).padStart(32, '0'));
  await Promise.all(ids.map((id, i) => writer.write(id, { ...LOCKED, text: `reply ${i}` })));
  assert.equal((await quick(dir, ids[19]))?.text, 'reply 19', 'the last write wins the file');
  assert.equal((await quick(dir, ids[4]))?.text, 'reply 4');
  assert.equal(await quick(dir, ids[3]), null, 'only the last 16 are kept');
  await writer.dispose();
});

test('a file is trusted only if its writer lives, it is private, a plain file and well formed', async () => {
  const dir = tempDir();
  const file = join(dir, REPLY_FILE_NAME);
  const body = (pid: number, reply: object = { id: ID, ...LOCKED }) => JSON.stringify({ version: 1, pid, replies: [reply] });
  const plant = (text: string) => writeFileSync(file, text, { mode: 0o600 });

  plant(body(process.pid));
  assert.deepEqual(await quick(dir), LOCKED, 'the well-formed control case is read');
  assert.equal(await awaitReply({ dir, id: ID, timeoutMs: 0, isAlive: () => false }), null, 'a dead writer’s answers are stale');
  assert.equal(pidAlive(process.pid), true);
  assert.equal(pidAlive(2 ** 22 + 12_345), false, 'a pid above Linux’s pid_max is nobody');

  for (const bad of [
    'not json',
    JSON.stringify({ version: 2, pid: process.pid, replies: [{ id: ID, ...LOCKED }] }),
    body(process.pid, { id: ID, ...LOCKED, exitCode: 256 }),
    body(process.pid, { id: ID, ...LOCKED, stream: 'tty' }),
    body(-1),
  ]) {
    plant(bad);
    assert.equal(await quick(dir), null, bad);
  }
  plant(body(process.pid, { id: ID, ...LOCKED, text: 'a\u001b]0;pwned\u0007b' }));
  assert.equal((await quick(dir))?.text, 'a?]0;pwned?b', 'control characters never reach the terminal');

  if (POSIX) {
    plant(body(process.pid));
    chmodSync(file, 0o644);
    assert.equal(await quick(dir), null, 'readable by others: not ours to trust');
    rmSync(file);
    const elsewhere = join(tempDir(), 'elsewhere.json');
    writeFileSync(elsewhere, body(process.pid), { mode: 0o600 });
    symlinkSync(elsewhere, file);
    assert.equal(await quick(dir), null, 'a symlink in its place is not followed');
    rmSync(file);
    writeFileSync(file, ' '.repeat(70 * 1024), { mode: 0o600 });
    assert.equal(await quick(dir), null, 'an oversized file is not read');
  }
});

test('the writer replaces a planted temporary file or symlink rather than writing through it', { skip: !POSIX && 'POSIX modes' }, async () => {
  const dir = tempDir();
  const target = join(tempDir(), 'victim.txt');
  writeFileSync(target, 'untouched');
  symlinkSync(target, join(dir, `${REPLY_FILE_NAME}.${process.pid}.tmp`));
  symlinkSync(target, join(dir, REPLY_FILE_NAME));
  const writer = new ReplyWriter({ dir });
  await writer.write(ID, LOCKED);
  assert.equal(readFileSync(target, 'utf8'), 'untouched');
  assert.deepEqual(await quick(dir), LOCKED);
  assert.equal(statSync(join(dir, REPLY_FILE_NAME)).mode & 0o777, 0o600);
  await writer.dispose();
});
