// Starting Face Unlock as its main process does: read the command line (command-line.ts), then
// be the one instance, started in the tray, or hand the command to the running one and print
// its answer. main/index.ts is only this call; the Electron end-to-end tests' own entry
// (test-support) makes it too.
import { app, dialog } from 'electron';
import { randomBytes } from 'node:crypto';
import {
  HELP_REPLY,
  NOT_RUNNING_REPLY,
  NO_ANSWER_REPLY,
  REPLY_TIMEOUT_MS,
  forwardData,
  forwardedOf,
  parseCommandLine,
  usageReply,
  type CommandReply,
  type Forwarded,
} from './command-line.ts';
import { FaceUnlockApp } from './face-unlock-app.ts';
import { awaitReply } from './status-channel.ts';

export type Print = (reply: CommandReply) => Promise<void>;

export interface StartOptions {
  /** process.argv unless given (tests). */
  argv?: readonly string[];
  /** Where replies are printed: stdout or stderr, unless given (tests record them). */
  print?: Print;
  replyTimeoutMs?: number;
}

/** Resolves once the text is handed to the OS, so that exiting right after loses none of it. */
export const printToConsole: Print = (reply) =>
  new Promise((resolve) => {
    if (!reply.text) return resolve();
    const stream = reply.stream === 'stdout' ? process.stdout : process.stderr;
    stream.write(`${reply.text}\n`, () => resolve());
  });

/** Resolves to the running app, or null when this process only answered, or the start failed (said in a dialog). */
export async function startFaceUnlock(options: StartOptions = {}): Promise<FaceUnlockApp | null> {
  const print = options.print ?? printToConsole;
  const line = parseCommandLine(options.argv ?? process.argv, { defaultApp: process.defaultApp === true, platform: process.platform });
  // Help and mistakes are answered here and now: no instance is asked, none is started.
  if (line.kind === 'usage' || line.command === 'help') {
    const reply = line.kind === 'usage' ? usageReply(line.error) : HELP_REPLY;
    await print(reply);
    app.exit(reply.exitCode);
    return null;
  }
  const { command } = line;
  // Tests (and careful users) can keep a separate profile folder; the single-instance lock is scoped to it.
  if (process.env.FACE_UNLOCK_USER_DATA) app.setPath('userData', process.env.FACE_UNLOCK_USER_DATA);
  const forwarded: Forwarded = command ? { command, replyId: randomBytes(16).toString('hex') } : { command: null };
  if (!app.requestSingleInstanceLock(forwardData(forwarded))) {
    if (!forwarded.replyId) {
      app.quit(); // a bare launch: the running one opens its window, and nothing waits for it
      return null;
    }
    const timeoutMs = options.replyTimeoutMs ?? REPLY_TIMEOUT_MS;
    const reply = (await awaitReply({ dir: app.getPath('userData'), id: forwarded.replyId, timeoutMs })) ?? NO_ANSWER_REPLY;
    await print(reply);
    app.exit(reply.exitCode);
    return null;
  }
  if (command === 'status') {
    // Answering would mean starting: opening the keyring and the sealed profile, which is the app's start.
    await print(NOT_RUNNING_REPLY);
    app.exit(NOT_RUNNING_REPLY.exitCode);
    return null;
  }
  // Second instances may knock while this one is still starting: their commands wait for it.
  const early: Forwarded[] = [];
  let started = false;
  const keepEarly = (_event: unknown, _argv: string[], _cwd: string, data: unknown) => {
    const received = forwardedOf(data);
    if (!started && received !== 'malformed') early.push(received);
  };
  app.on('second-instance', keepEarly);
  app.dock?.hide();
  let shell: FaceUnlockApp;
  try {
    await app.whenReady();
    shell = await FaceUnlockApp.start({ command, print });
  } catch (error) {
    // Nothing was locked yet, so failing to start leaves the desktop as it was.
    dialog.showErrorBox('Face Unlock could not start', (error as Error).message);
    app.exit(1);
    return null;
  } finally {
    started = true;
    app.off('second-instance', keepEarly);
  }
  // Outside the try: once started (perhaps locked), nothing here may end in that exit.
  for (const received of early) shell.receive(received);
  return shell;
}
