// The session's own lock drives ours on Linux. Electron's powerMonitor 'lock-screen' is
// macOS/Windows only, so `loginctl lock-session`, the desktop's idle lock and xss-lock would
// leave our overlay down; they all go through systemd-logind, which tells the session's
// lockers with the Lock signal on the session object (org.freedesktop.login1.Session), and
// announces a suspend with the Manager's PrepareForSleep(true). Both lock ours.
//
// Unlock is deliberately not listened to: logind sends it for `loginctl unlock-session`, which
// any program running as the user (or an admin) may ask for, and the desktop's own locker answers
// it. Someone else's unlock must never open a face lock: ours opens by the owner's face or password only.
//
// LockedHint is not set either: logind keeps one boolean per session while two lockers may
// be up at once (ours and the desktop's); clearing it when ours opens would say "unlocked"
// while the desktop's own locker still stands, and leaving it set would say "locked" after both opened.
import { DBusError, Message, systemBus, type ClientInterface, type MessageBus } from 'dbus-next';
import type { EventEmitter } from 'node:events';

const LOGIN1 = 'org.freedesktop.login1';
const MANAGER_PATH = '/org/freedesktop/login1';
const MANAGER_INTERFACE = 'org.freedesktop.login1.Manager';
const SESSION_INTERFACE = 'org.freedesktop.login1.Session';
/**
 * logind's name for "the caller's session if it is in one, else its user's display session"
 * (systemd's commit "logind: make "self" and "auto" magic strings when operating on seats +
 * sessions"): right for an app started by a systemd user unit, as desktops now start
 * autostart apps, which has no XDG_SESSION_ID and whose process belongs to no session.
 */
const AUTO_SESSION = 'auto';

/** The console line (with the reason after it) when logind cannot be followed. */
export const SESSION_LOCK_UNAVAILABLE =
  "Face Unlock: locking the session (loginctl lock-session, the desktop's lock) will not show Face Unlock's lock: systemd-logind on the system D-Bus is out of reach";

/** What logind asked for: the session's lock, or a suspend about to happen. */
export type SessionLockCause = 'sessionLock' | 'sleep';

export interface LogindSessionLockOptions {
  lock(cause: SessionLockCause): void;
  /** Opens the connection to the bus logind is on: the system bus unless a test brings its own. */
  bus?: () => MessageBus;
  /** The session to follow; $XDG_SESSION_ID by default, else logind's own choice for this process. */
  sessionId?: string;
  /**
   * Said at most once in this object's life: logind could not be reached (no system bus, no
   * logind, no session), or the bus went away later. Nothing locks from the session then.
   */
  onUnavailable?(reason: string): void;
}

export type SessionLockState = 'listening' | 'unavailable' | 'disposed';

export class LogindSessionLock {
  readonly #options: LogindSessionLockOptions;
  #bus: MessageBus | null = null;
  #disposed = false;
  #saidUnavailable = false;
  #settle: (state: SessionLockState) => void = () => {};
  /** Settles once the signals are subscribed, or once logind is known to be out of reach. */
  readonly started: Promise<SessionLockState>;

  constructor(options: LogindSessionLockOptions) {
    this.#options = options;
    this.started = new Promise((resolve) => (this.#settle = resolve));
    void this.#start().catch((error: unknown) => this.#unavailable(describe(error)));
  }

  async #start(): Promise<void> {
    const bus = (this.#bus = (this.#options.bus ?? systemBus)());
    // A MessageBus without an 'error' listener throws on a failed connect or a dropped socket:
    // this listener stays for the bus's whole life, after dispose too.
    bus.on('error', (error: unknown) => this.#unavailable(describe(error)));
    // MessageBus forwards its socket's errors but not its end (dbus-next 0.10.2, lib/bus.js
    // listens to the connection's 'message' and 'error' only), and a bus daemon that exits
    // simply closes the socket; the connection's own 'end' is the one sign of it.
    connectionOf(bus)?.on('end', () => this.#unavailable('the bus closed the connection'));

    const manager = (await bus.getProxyObject(LOGIN1, MANAGER_PATH)).getInterface(MANAGER_INTERFACE);
    const sessionPath = await findSession(manager, this.#sessionId());
    const session = (await bus.getProxyObject(LOGIN1, sessionPath)).getInterface(SESSION_INTERFACE);
    if (this.#disposed) return;
    session.on('Lock', () => this.#lock('sessionLock'));
    manager.on('PrepareForSleep', (start: unknown) => {
      if (start === true) this.#lock('sleep'); // false is the wake-up: powerMonitor's 'resume' has it
    });
    // dbus-next drops a signal whose sender is not the owner it last saw answer for the name, and
    // 0.10.2 never learns of a new owner by itself (lib/bus.js reads `msg.iface`, which a
    // message does not have, where it meant to follow NameOwnerChanged). So when logind
    // restarts (sessions kept), asking it for the session again is what makes its signals heard.
    bus.on('message', (message: Message) => {
      if (isNewOwnerOf(LOGIN1, message)) void this.#follow(manager, sessionPath);
    });
    // Sent after the signals' AddMatch calls on the same connection: its reply means they are in place.
    await bus.call(
      new Message({
        destination: 'org.freedesktop.DBus',
        path: '/org/freedesktop/DBus',
        interface: 'org.freedesktop.DBus',
        member: 'AddMatch',
        signature: 's',
        body: [`type='signal',sender='org.freedesktop.DBus',interface='org.freedesktop.DBus',member='NameOwnerChanged',arg0='${LOGIN1}'`],
      }),
    );
    this.#settle(this.#disposed ? 'disposed' : 'listening');
  }

  /** logind came back: the same session must still be there, or nothing would lock from it. */
  async #follow(manager: ClientInterface, sessionPath: string): Promise<void> {
    try {
      if ((await findSession(manager, this.#sessionId())) !== sessionPath) this.#unavailable('the session is gone');
    } catch (error) {
      this.#unavailable(describe(error));
    }
  }

  #sessionId(): string | undefined {
    return this.#options.sessionId ?? process.env.XDG_SESSION_ID;
  }

  #lock(cause: SessionLockCause): void {
    if (this.#disposed || this.#saidUnavailable) return;
    this.#options.lock(cause);
  }

  #unavailable(reason: string): void {
    if (this.#disposed || this.#saidUnavailable) return;
    this.#saidUnavailable = true;
    this.#settle('unavailable');
    this.#disconnect();
    this.#options.onUnavailable?.(reason);
  }

  #disconnect(): void {
    try {
      this.#bus?.disconnect();
    } catch {
      // already closed: nothing left to let go of
    }
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#settle('disposed');
    this.#disconnect();
  }
}

/** The session's object path: the given id, else logind's "auto", else the session holding this process. */
async function findSession(manager: ClientInterface, sessionId: string | undefined): Promise<string> {
  try {
    return String(await manager.GetSession(sessionId || AUTO_SESSION));
  } catch (error) {
    // A logind from before "auto" answers NoSuchSession; it knows a process's session by its pid.
    if (sessionId || !(error instanceof DBusError)) throw error;
    return String(await manager.GetSessionByPID(process.pid));
  }
}

function isNewOwnerOf(name: string, message: Message): boolean {
  const [changed, , newOwner] = message.body ?? [];
  return message.sender === 'org.freedesktop.DBus' && message.interface === 'org.freedesktop.DBus' &&
    message.member === 'NameOwnerChanged' && changed === name && typeof newOwner === 'string' && newOwner !== '';
}

function connectionOf(bus: MessageBus): EventEmitter | undefined {
  return (bus as unknown as { _connection?: EventEmitter })._connection;
}

/** A short reason for the log: D-Bus error names and socket errors, nothing about the user. */
function describe(error: unknown): string {
  if (error instanceof DBusError) return error.type;
  if (error instanceof Error) return error.message;
  return String(error);
}
