// A stand-in for systemd-logind on a test bus: the name org.freedesktop.login1 with the
// Manager (GetSession, GetSessionByPID, PrepareForSleep) and one Session (Lock, Unlock), as
// org.freedesktop.login1(5) describes them, exported with dbus-next's service API so a
// client introspects and subscribes to it exactly as it would to the real one.
import { DBusError, NameFlag, RequestNameReply, interface as dbusInterface, sessionBus, type MessageBus } from 'dbus-next';

const LOGIN1 = 'org.freedesktop.login1';
const MANAGER_PATH = '/org/freedesktop/login1';
export const FAKE_SESSION_ID = 'c7';
export const FAKE_SESSION_PATH = `${MANAGER_PATH}/session/${FAKE_SESSION_ID}`;

interface ManagerCalls {
  getSession: string[];
  getSessionByPid: number[];
}

class FakeManager extends dbusInterface.Interface {
  constructor(
    private readonly calls: ManagerCalls,
    private readonly knowsAuto: boolean,
  ) {
    super('org.freedesktop.login1.Manager');
  }

  GetSession(id: string): string {
    this.calls.getSession.push(id);
    if (id === FAKE_SESSION_ID || (this.knowsAuto && id === 'auto')) return FAKE_SESSION_PATH;
    throw new DBusError('org.freedesktop.login1.NoSuchSession', `No session '${id}' known`);
  }

  GetSessionByPID(pid: number): string {
    this.calls.getSessionByPid.push(pid);
    return FAKE_SESSION_PATH;
  }

  PrepareForSleep(start: boolean): boolean {
    return start;
  }
}
FakeManager.configureMembers({
  methods: {
    GetSession: { inSignature: 's', outSignature: 'o' },
    GetSessionByPID: { inSignature: 'u', outSignature: 'o' },
  },
  signals: { PrepareForSleep: { signature: 'b' } },
});

class FakeSession extends dbusInterface.Interface {
  constructor() {
    super('org.freedesktop.login1.Session');
  }

  Lock(): void {}

  Unlock(): void {}
}
FakeSession.configureMembers({ signals: { Lock: { signature: '' }, Unlock: { signature: '' } } });

export interface FakeLogindOptions {
  /** The test bus's address. */
  address: string;
  /** A logind older than systemd 234 answers NoSuchSession to GetSession('auto'). */
  knowsAuto?: boolean;
}

export class FakeLogind {
  private constructor(
    /** What the client asked the Manager, in order. */
    readonly calls: ManagerCalls,
    private readonly bus: MessageBus,
    private readonly manager: FakeManager,
    private readonly session: FakeSession,
  ) {}

  /** Connected, exported and owning org.freedesktop.login1 when this resolves. */
  static async start(options: FakeLogindOptions): Promise<FakeLogind> {
    const bus = sessionBus({ busAddress: options.address });
    bus.on('error', () => {}); // the test may kill the daemon under it
    const calls: ManagerCalls = { getSession: [], getSessionByPid: [] };
    const manager = new FakeManager(calls, options.knowsAuto ?? true);
    const session = new FakeSession();
    bus.export(MANAGER_PATH, manager);
    bus.export(FAKE_SESSION_PATH, session);
    const reply = await bus.requestName(LOGIN1, NameFlag.DO_NOT_QUEUE);
    if (reply !== RequestNameReply.PRIMARY_OWNER) {
      bus.disconnect();
      throw new Error(`${LOGIN1} is taken on the test bus (${reply})`);
    }
    return new FakeLogind(calls, bus, manager, session);
  }

  /** As `loginctl lock-session`, the desktop's idle lock or xss-lock make logind do. */
  lock(): void {
    this.session.Lock();
  }

  /** As `loginctl unlock-session`. */
  unlock(): void {
    this.session.Unlock();
  }

  /** true: a suspend is about to happen; false: the machine woke up. */
  prepareForSleep(start: boolean): void {
    this.manager.PrepareForSleep(start);
  }

  /** Leaves the bus, giving up the name (as logind stopping does). */
  stop(): void {
    try {
      this.bus.disconnect();
    } catch {
      // the daemon is gone already
    }
  }
}
