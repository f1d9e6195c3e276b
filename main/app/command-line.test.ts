import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  COMMAND_SENTENCES,
  EXIT_CODES,
  USAGE,
  decideCommand,
  forwardData,
  forwardedOf,
  parseCommandLine,
  statusReply,
  userWords,
  type AppStatus,
  type ArgvConvention,
  type CommandState,
} from './command-line.ts';

const PACKAGED: ArgvConvention = { defaultApp: false, platform: 'linux' };
const DEV: ArgvConvention = { defaultApp: true, platform: 'linux' };
const parse = (argv: string[], convention = PACKAGED) => parseCommandLine(argv, convention);
const command = (word: string | null) => ({ kind: 'command', command: word });

test('a packaged binary: argv[0] is the binary, the words follow; every switch is left to Chromium and Electron', () => {
  assert.deepEqual(parse(['/opt/Face Unlock/face-unlock']), command(null));
  assert.deepEqual(parse(['/opt/Face Unlock/face-unlock', 'lock']), command('lock'));
  for (const word of ['status', 'enrol', 'settings', 'test', 'help']) assert.deepEqual(parse(['face-unlock', word]), command(word));
  assert.deepEqual(parse(['face-unlock', '--no-sandbox', '--enable-logging', 'status', '--v=1']), command('status'));
  assert.deepEqual(parse(['face-unlock', '--launched-at-login']), command(null), 'the login item’s own flag is no command');
  assert.deepEqual(parse(['face-unlock', '--original-process-start-time=13371', '--allow-file-access-from-files']), command(null));
  assert.deepEqual(parse(['face-unlock', '.']), { kind: 'usage', error: 'Unknown command: .' }, 'packaged, no app path is expected');
});

test('electron . (process.defaultApp): the app path is skipped where Electron’s default_app finds it', () => {
  assert.deepEqual(parse(['/usr/lib/electron/electron', '.', 'lock'], DEV), command('lock'));
  assert.deepEqual(parse(['electron', '.'], DEV), command(null));
  assert.deepEqual(parse(['electron', '--no-sandbox', '/home/me/face-unlock', 'status'], DEV), command('status'), 'switches before the app path');
  assert.deepEqual(parse(['electron', '.', '--remote-debugging-port=9222', '--inspect=5858', 'settings'], DEV), command('settings'), 'electron-vite dev’s switches');
  assert.deepEqual(parse(['electron', '-r', 'ts-node/register', '.', 'test'], DEV), command('test'), '-r takes the next argument, which is no app path');
  assert.deepEqual(parse(['electron', '--app=/home/me/face-unlock', 'enrol'], DEV), command('enrol'), '--app= names the app path');
  assert.deepEqual(userWords(['electron', '.', 'lock'], PACKAGED).words, ['.', 'lock'], 'the convention decides: packaged, "." is a word');
});

test('--help, -h and help print the usage; a switch-looking word after -- is a word', () => {
  assert.deepEqual(parse(['face-unlock', '--help']), command('help'));
  assert.deepEqual(parse(['face-unlock', '-h']), command('help'));
  assert.deepEqual(parse(['electron', '.', 'lock', '--help'], DEV), command('help'), 'help wins over a command');
  assert.deepEqual(parse(['face-unlock', '--', '--help']), { kind: 'usage', error: 'Unknown command: --help' });
  for (const word of ['lock', 'status', 'enrol', 'settings', 'test', 'help', '--help']) assert.ok(USAGE.includes(word), word);
  for (const code of Object.values(EXIT_CODES)) assert.match(USAGE, new RegExp(`^  ${code}  `, 'm'), `exit code ${code} is explained`);
});

test('an unknown command or any extra word is a usage error: nothing takes a password or a setting', () => {
  assert.deepEqual(parse(['face-unlock', 'unlock']), { kind: 'usage', error: 'Unknown command: unlock' });
  assert.deepEqual(parse(['face-unlock', 'Lock']), { kind: 'usage', error: 'Unknown command: Lock' }, 'words are exact');
  assert.deepEqual(parse(['face-unlock', 'lock', 'correct horse battery']), { kind: 'usage', error: 'lock takes no arguments.' });
  assert.deepEqual(parse(['face-unlock', 'settings', 'livenessMode=off']), { kind: 'usage', error: 'settings takes no arguments.' });
  assert.deepEqual(parse(['face-unlock', 'lock', 'status']), { kind: 'usage', error: 'lock takes no arguments.' });
  assert.deepEqual(parse(['face-unlock', '\u001b[2Jx']), { kind: 'usage', error: 'Unknown command: ?[2Jx' }, 'no escape reaches the terminal');
});

test('on Windows, /switches are Chromium’s too', () => {
  assert.deepEqual(parse(['Face Unlock.exe', '/prefetch:1', 'lock'], { defaultApp: false, platform: 'win32' }), command('lock'));
  assert.deepEqual(parse(['face-unlock', '/tmp'], PACKAGED), { kind: 'usage', error: 'Unknown command: /tmp' });
});

test('what a second instance forwards is read back exactly, and anything else is ignored', () => {
  const replyId = '0123456789abcdef0123456789abcdef';
  const roundTrip = (forwarded: Parameters<typeof forwardData>[0]) => forwardedOf(JSON.parse(JSON.stringify(forwardData(forwarded))));
  assert.deepEqual(roundTrip({ command: 'lock', replyId }), { command: 'lock', replyId });
  assert.deepEqual(roundTrip({ command: 'status', replyId }), { command: 'status', replyId });
  assert.deepEqual(roundTrip({ command: null }), { command: null });
  assert.deepEqual(forwardedOf(undefined), { command: null }, 'no additionalData: a bare launch (an older version)');
  assert.deepEqual(forwardedOf(null), { command: null });
  for (const data of [
    { faceUnlock: 1, command: 'help', replyId },
    { faceUnlock: 1, command: 'unlock', replyId },
    { faceUnlock: 1, command: 'lock' },
    { faceUnlock: 1, command: 'lock', replyId: '../../etc/passwd' },
    { faceUnlock: 1, command: 'lock', replyId, password: 'x' },
    { faceUnlock: 2, command: 'lock', replyId },
    { command: 'lock', replyId },
    ['lock'],
    'lock',
  ]) {
    assert.equal(forwardedOf(data), 'malformed', JSON.stringify(data));
  }
});

const UNLOCKED: CommandState = { locked: false, canLock: true, profileState: 'enrolled', faceAvailable: true };

test('lock locks when something can unlock it again, and says so otherwise', () => {
  assert.deepEqual(decideCommand('lock', UNLOCKED), { action: 'lock', reply: { exitCode: 0, stream: 'stdout', text: COMMAND_SENTENCES.locked } });
  assert.deepEqual(decideCommand('lock', { ...UNLOCKED, locked: true }).reply.exitCode, EXIT_CODES.ok, 'already locked is done');
  const none = decideCommand('lock', { ...UNLOCKED, canLock: false, profileState: 'none' });
  assert.deepEqual(none, { action: 'none', reply: { exitCode: EXIT_CODES.refused, stream: 'stderr', text: COMMAND_SENTENCES.cannotLock } });
  const damaged = decideCommand('lock', { ...UNLOCKED, profileState: 'damaged' });
  assert.equal(damaged.action, 'lock', 'a damaged profile whose password survived still locks, as the tray does');
});

test('enrol, settings and test open their window only while unlocked, and only when it has something to do', () => {
  assert.equal(decideCommand('settings', UNLOCKED).action, 'openSettings');
  assert.equal(decideCommand('enrol', UNLOCKED).action, 'openEnrol');
  assert.equal(decideCommand('test', UNLOCKED).action, 'openTest');
  for (const word of ['enrol', 'settings', 'test', null] as const) {
    const { action, reply } = decideCommand(word, { ...UNLOCKED, locked: true });
    assert.equal(action, 'none', `${word} opens nothing while locked`);
    assert.deepEqual([reply.exitCode, reply.text], [EXIT_CODES.refused, COMMAND_SENTENCES.refusedWhileLocked]);
  }
  assert.deepEqual(decideCommand('test', { ...UNLOCKED, profileState: 'none', canLock: false }).reply.text, COMMAND_SENTENCES.enrolFirst);
  assert.equal(decideCommand('test', { ...UNLOCKED, faceAvailable: false }).action, 'none');
  assert.equal(decideCommand('enrol', { ...UNLOCKED, faceAvailable: false }).action, 'none', 'as the tray: no models, no enrolment');
  assert.equal(decideCommand('settings', { ...UNLOCKED, faceAvailable: false }).action, 'openSettings');
  assert.equal(decideCommand(null, UNLOCKED).action, 'openSettings', 'a bare launch opens settings, as before');
  assert.equal(decideCommand(null, { ...UNLOCKED, profileState: 'none' }).action, 'openEnrol', 'or the wizard with nothing enrolled');
});

const STATUS: AppStatus = { profileState: 'enrolled', livenessMode: 'standard', lock: { phase: 'unlocked', lockoutRemainingMs: 0 } };

test('status: four lines, exit 0 only with a face enrolled and no problem', () => {
  assert.deepEqual(statusReply(STATUS), {
    exitCode: 0,
    stream: 'stdout',
    text: 'Face: enrolled\nLiveness: standard\nLock: unlocked\nProblem: none',
  });
  const locked = (lock: AppStatus['lock']) => statusReply({ ...STATUS, lock }).text.split('\n')[2];
  assert.equal(locked({ phase: 'locked', lockoutRemainingMs: 0 }), 'Lock: locked');
  assert.equal(locked({ phase: 'lockedOut', lockoutRemainingMs: 29_001 }), 'Lock: locked out: no password accepted for 30 s');
  assert.equal(locked({ phase: 'locked', lockoutRemainingMs: 0, passwordReason: 'restart' }), 'Lock: locked, password required (after a restart)');
  assert.equal(locked({ phase: 'locked', lockoutRemainingMs: 12_000 }), 'Lock: locked, face paused for 12 s');
  assert.equal(statusReply({ ...STATUS, lock: { phase: 'lockedOut', lockoutRemainingMs: 5_000 } }).exitCode, 0, 'locked out is a usable lock working');

  const none = statusReply({ ...STATUS, profileState: 'none', livenessMode: 'off' });
  assert.deepEqual([none.exitCode, none.text.split('\n').slice(0, 2)], [1, ['Face: not enrolled', 'Liveness: off']]);
  assert.equal(statusReply({ ...STATUS, profileState: 'damaged' }).exitCode, 1);
  const problem = statusReply({ ...STATUS, problem: 'The face models could not be loaded.' });
  assert.deepEqual([problem.exitCode, problem.text.split('\n')[3]], [1, 'Problem: The face models could not be loaded.']);
});
