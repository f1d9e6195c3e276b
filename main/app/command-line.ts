// The command line, as data and pure functions: which words it takes, how they are found in
// Electron's argv, what a command does in each state, what it prints and the exit codes.
// start.ts runs it; face-unlock-app.ts performs it; status-channel.ts carries the answer of
// the running instance back to a second one. Nothing here can unlock or weaken the lock: the
// commands lock, report, or open a window while unlocked; none takes a password or a setting.
import type { LivenessMode, LockView } from '../../preload/api.ts';
import type { ProfileState } from '../core/profile-keeper.ts';
import { REFUSALS } from '../core/refusals.ts';

export const COMMANDS = ['lock', 'status', 'enrol', 'settings', 'test', 'help'] as const;
export type Command = (typeof COMMANDS)[number];
/** The commands a second instance hands to the running one (help is answered where it is typed). */
export type ForwardedCommand = Exclude<Command, 'help'>;
const FORWARDED: readonly string[] = COMMANDS.filter((command) => command !== 'help');

/** The one table of exit codes (the usage text and the README say the same). */
export const EXIT_CODES = Object.freeze({
  /** Done; for status: a face is enrolled and nothing is wrong. */
  ok: 0,
  /** Refused, or not usable: nothing to lock with, locked (a window asked for), no face, a problem. */
  refused: 1,
  /** An unknown command or an extra argument. */
  usage: 2,
  /** status: no Face Unlock is running. */
  notRunning: 3,
  /** A Face Unlock runs but gave no answer in time (REPLY_TIMEOUT_MS). */
  noAnswer: 4,
});

/**
 * How long a second instance waits for the running one's answer. A command sent while the
 * first instance is still starting is answered once it has started: under the stand-in, with
 * the real ONNX models on a shared 2-core machine, a start takes 0.2–0.26 s and a start plus
 * two answered commands about 0.3 s (`node --import tsx --test --test-name-pattern='still
 * starting' e2e/electron-shell.test.ts`). 10 s leaves room for a real keyring prompt or a cold
 * disk without leaving a script hanging for good.
 */
export const REPLY_TIMEOUT_MS = 10_000;

export const PROGRAM_NAME = 'face-unlock';

export const USAGE = `Usage: ${PROGRAM_NAME} [command]

Commands:
  lock       lock the screen now (starts Face Unlock if it is not running)
  status     whether a face is enrolled, the liveness mode, the lock state, any problem
  enrol      open the enrolment wizard (only while unlocked)
  settings   open Settings (only while unlocked)
  test       open Test recognition (only while unlocked)
  help       this text (also --help, -h)

With no command, Face Unlock starts in the tray, or the running one opens its window.
No command unlocks anything, takes a password or changes a setting.

Exit codes:
  ${EXIT_CODES.ok}  done; status: a face is enrolled and nothing is wrong
  ${EXIT_CODES.refused}  refused or not usable: lock with nothing to unlock it again, a window
     asked for while locked, status with no face enrolled or a problem
  ${EXIT_CODES.usage}  unknown command or extra argument
  ${EXIT_CODES.notRunning}  status: Face Unlock is not running
  ${EXIT_CODES.noAnswer}  Face Unlock is running but did not answer within ${REPLY_TIMEOUT_MS / 1000} s
`;

/** What the command line prints: the sentences in one place. */
export const COMMAND_SENTENCES = Object.freeze({
  locked: 'Locked.',
  alreadyLocked: 'Already locked.',
  cannotLock: 'Not locking: nothing could unlock it again. Enrol a face and its password first.',
  lockFailed: 'Face Unlock could not lock the screen.',
  failed: 'Face Unlock could not carry out the command.',
  refusedWhileLocked: 'Face Unlock is locked: unlock it on the lock screen first.',
  faceUnavailable: 'The face models are not loaded: enrolment and Test recognition are unavailable.',
  enrolFirst: REFUSALS.enrolFirst,
  opened: { enrol: 'Opened the enrolment wizard.', settings: 'Opened Settings.', test: 'Opened Test recognition.' },
  notRunning: 'Face Unlock is not running: nothing is locked.',
  noAnswer: `Face Unlock is running but did not answer within ${REPLY_TIMEOUT_MS / 1000} s.`,
});

export interface CommandReply {
  exitCode: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

const ok = (text: string): CommandReply => ({ exitCode: EXIT_CODES.ok, stream: 'stdout', text });
const refused = (text: string): CommandReply => ({ exitCode: EXIT_CODES.refused, stream: 'stderr', text });

export const HELP_REPLY: CommandReply = ok(USAGE.trimEnd());
export const NOT_RUNNING_REPLY: CommandReply = { exitCode: EXIT_CODES.notRunning, stream: 'stdout', text: COMMAND_SENTENCES.notRunning };
export const NO_ANSWER_REPLY: CommandReply = { exitCode: EXIT_CODES.noAnswer, stream: 'stderr', text: COMMAND_SENTENCES.noAnswer };

export type CommandLine = { kind: 'command'; command: Command | null } | { kind: 'usage'; error: string };

export interface ArgvConvention {
  /** process.defaultApp: started as `electron <app path>`, so argv carries the app path too. */
  defaultApp: boolean;
  platform: NodeJS.Platform;
}

/**
 * The user's words in Electron's argv. argv[0] is the executable (Electron, or the packaged
 * binary); with `electron .` (process.defaultApp) the app path follows among Chromium's
 * switches, found as Electron's default_app finds it: the first argument that is not a switch,
 * unless `--app=<path>` named it, with `-r`/`--require` taking the next one. Every switch is
 * Chromium's or Electron's (`--no-sandbox`, `--enable-logging`, `--launched-at-login`…) and is
 * left to them: only `--help`/`-h` is ours. On Windows Chromium also takes `/switch`.
 */
export function userWords(argv: readonly string[], convention: ArgvConvention): { words: string[]; help: boolean } {
  const isSwitch = (arg: string) => (arg.startsWith('-') && arg.length > 1) || (convention.platform === 'win32' && arg.startsWith('/'));
  const words: string[] = [];
  let help = false;
  let appPathPending = convention.defaultApp;
  let nextIsRequired = false;
  let afterDashes = false;
  for (const arg of argv.slice(1)) {
    if (nextIsRequired) {
      nextIsRequired = false;
    } else if (!afterDashes && arg === '--') {
      afterDashes = true;
    } else if (!afterDashes && isSwitch(arg)) {
      if (arg === '--help' || arg === '-h') help = true;
      if (appPathPending && (arg === '-r' || arg === '--require')) nextIsRequired = true;
      if (arg.startsWith('--app=')) appPathPending = false;
    } else if (appPathPending) {
      appPathPending = false;
    } else {
      words.push(arg);
    }
  }
  return { words, help };
}

/** At most one command; anything else on the line (a password, a setting) is refused, never ignored. */
export function parseCommandLine(argv: readonly string[], convention: ArgvConvention): CommandLine {
  const { words, help } = userWords(argv, convention);
  if (help) return { kind: 'command', command: 'help' };
  if (words.length === 0) return { kind: 'command', command: null };
  const [word, ...extra] = words;
  if (!(COMMANDS as readonly string[]).includes(word)) return { kind: 'usage', error: `Unknown command: ${printable(word)}` };
  if (extra.length > 0) return { kind: 'usage', error: `${word} takes no arguments.` };
  return { kind: 'command', command: word as Command };
}

export function usageReply(error: string): CommandReply {
  return { exitCode: EXIT_CODES.usage, stream: 'stderr', text: `${error}\n\n${USAGE.trimEnd()}` };
}

/** Control characters would let a word (or a forged reply) rewrite the terminal. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?');
}

/** What a second instance hands over: Electron's additionalData, since its argv arrives reordered and extended. */
export interface Forwarded {
  command: ForwardedCommand | null;
  /** Where the answer goes (status-channel.ts); absent for a bare launch, which waits for none. */
  replyId?: string;
}

const REPLY_ID = /^[0-9a-f]{32}$/;

export function forwardData(forwarded: Forwarded): Record<string, unknown> {
  return { faceUnlock: 1, ...forwarded };
}

/**
 * The running instance's view of additionalData. None at all is a bare launch (an older
 * version, or Electron's own relaunch); anything that is not exactly what forwardData makes
 * is ignored rather than guessed at.
 */
export function forwardedOf(data: unknown): Forwarded | 'malformed' {
  if (data === undefined || data === null) return { command: null };
  if (typeof data !== 'object' || Array.isArray(data)) return 'malformed';
  const { faceUnlock, command, replyId, ...rest } = data as Record<string, unknown>;
  if (faceUnlock !== 1 || Object.keys(rest).length > 0) return 'malformed';
  if (command === null && replyId === undefined) return { command: null };
  if (typeof command !== 'string' || !FORWARDED.includes(command)) return 'malformed';
  if (typeof replyId !== 'string' || !REPLY_ID.test(replyId)) return 'malformed';
  return { command: command as ForwardedCommand, replyId };
}

/** What a command may look at: the running app's state. */
export interface CommandState {
  locked: boolean;
  /** A password exists that can open the lock again. */
  canLock: boolean;
  profileState: ProfileState;
  faceAvailable: boolean;
}

export type CommandAction = 'lock' | 'openEnrol' | 'openSettings' | 'openTest' | 'none';

/**
 * What a command (or a bare launch, null) does in this state, and what it answers if it does
 * it. The lock's answer is confirmed by the app after locking (lockNow may still refuse).
 */
export function decideCommand(command: Exclude<ForwardedCommand, 'status'> | null, state: CommandState): { action: CommandAction; reply: CommandReply } {
  if (command === 'lock') {
    if (state.locked) return { action: 'none', reply: ok(COMMAND_SENTENCES.alreadyLocked) };
    if (!state.canLock) return { action: 'none', reply: refused(COMMAND_SENTENCES.cannotLock) };
    return { action: 'lock', reply: ok(COMMAND_SENTENCES.locked) };
  }
  // Behind the overlay nothing may open: a window there would be a way around it.
  if (state.locked) return { action: 'none', reply: refused(COMMAND_SENTENCES.refusedWhileLocked) };
  if (command === null) return { action: state.profileState === 'enrolled' ? 'openSettings' : 'openEnrol', reply: ok('') };
  if (command === 'settings') return { action: 'openSettings', reply: ok(COMMAND_SENTENCES.opened.settings) };
  // As the tray: enrolling and testing need the face models, testing a face enrolled.
  if (!state.faceAvailable) return { action: 'none', reply: refused(COMMAND_SENTENCES.faceUnavailable) };
  if (command === 'enrol') return { action: 'openEnrol', reply: ok(COMMAND_SENTENCES.opened.enrol) };
  if (state.profileState !== 'enrolled') return { action: 'none', reply: refused(COMMAND_SENTENCES.enrolFirst) };
  return { action: 'openTest', reply: ok(COMMAND_SENTENCES.opened.test) };
}

export interface AppStatus {
  profileState: ProfileState;
  livenessMode: LivenessMode;
  lock: Pick<LockView, 'phase' | 'passwordReason' | 'lockoutRemainingMs'>;
  problem?: string;
}

const PROFILE_WORDS: Record<ProfileState, string> = { none: 'not enrolled', enrolled: 'enrolled', damaged: 'profile damaged, enrol again' };
const PASSWORD_REASON_WORDS: Record<NonNullable<LockView['passwordReason']>, string> = {
  restart: 'after a restart',
  timeout: 'not entered for too long',
  attempts: 'too many face attempts',
  noFace: 'face unlock unavailable',
};

function lockWords(lock: AppStatus['lock']): string {
  const seconds = Math.ceil(lock.lockoutRemainingMs / 1000);
  if (lock.phase === 'unlocked') return 'unlocked';
  if (lock.phase === 'lockedOut') return `locked out: no password accepted for ${seconds} s`;
  if (lock.passwordReason) return `locked, password required (${PASSWORD_REASON_WORDS[lock.passwordReason]})`;
  if (lock.lockoutRemainingMs > 0) return `locked, face paused for ${seconds} s`;
  return 'locked';
}

/** status: four `key: value` lines a script can read; exit 0 only when the lock is usable (a face, no problem). */
export function statusReply(status: AppStatus): CommandReply {
  const usable = status.profileState === 'enrolled' && !status.problem;
  const text = [
    `Face: ${PROFILE_WORDS[status.profileState]}`,
    `Liveness: ${status.livenessMode}`,
    `Lock: ${lockWords(status.lock)}`,
    `Problem: ${status.problem ? printable(status.problem) : 'none'}`,
  ].join('\n');
  return { exitCode: usable ? EXIT_CODES.ok : EXIT_CODES.refused, stream: 'stdout', text };
}
