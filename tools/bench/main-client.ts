// The bench's side of the main host (main-host.ts): starts it as a child process, sends it
// requests, and passes on the lock views it pushes.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Settings } from '../../main/profile/settings-rules.ts';
import type { BridgeHandlers } from '../../e2e/bridge.ts';
import { CHANNELS, type FrameReport } from '../../preload/api.ts';
import type { FrameRecord, HostMemory, HostRequest, ViewEvent } from './main-host.ts';

const HOST = fileURLToPath(new URL('./main-host.ts', import.meta.url));

export class MainClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly viewListeners = new Set<(event: ViewEvent) => void>();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: { id?: number; result?: unknown; error?: string; event?: string }) => {
      if (message.event === 'view') for (const listener of this.viewListeners) listener(message as ViewEvent);
      if (message.id === undefined) return;
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error !== undefined) waiting?.reject(new Error(message.error));
      else waiting?.resolve(message.result);
    });
    child.on('exit', (code) => {
      for (const waiting of this.pending.values()) waiting.reject(new Error(`the main host exited (${code})`));
      this.pending.clear();
    });
  }

  /** Starts the host with the real models; `trustedOrigin` is where the pages are served. */
  static async start(trustedOrigin: string): Promise<MainClient> {
    const child = fork(HOST, [trustedOrigin], { execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`the main host exited (${code}) before it was ready`)));
    });
    return new MainClient(child);
  }

  private request<T>(request: HostRequest): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ id, request });
    });
  }

  /** Enrols the owner from these frames, as the wizard does with photos; resolves how many it took. */
  enrol(reports: FrameReport[]): Promise<number> {
    return this.request({ op: 'enrol', reports });
  }

  updateSettings(patch: Partial<Settings>): Promise<void> {
    return this.request({ op: 'settings', patch });
  }

  /** Locks as the tray does; resolves when main locked (epoch ms). */
  lock(): Promise<number> {
    return this.request({ op: 'lock' });
  }

  unlockWithPassword(): Promise<boolean> {
    return this.request({ op: 'unlockWithPassword' });
  }

  /** The lock frames main received since the last call. */
  takeFrames(): Promise<FrameRecord[]> {
    return this.request({ op: 'takeFrames' });
  }

  memory(): Promise<HostMemory> {
    return this.request({ op: 'memory' });
  }

  /** The bridge handlers of the test bridge (e2e/bridge.ts), each a call into the host. */
  bridgeHandlers(): BridgeHandlers {
    const handlers: BridgeHandlers = {};
    for (const channel of Object.values(CHANNELS)) {
      handlers[channel] = (payload, context) => this.request({ op: 'call', channel, payload, context });
    }
    return handlers;
  }

  onView(listener: (event: ViewEvent) => void): () => void {
    this.viewListeners.add(listener);
    return () => this.viewListeners.delete(listener);
  }

  async dispose(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.request({ op: 'dispose' }).catch(() => undefined);
    await exited;
  }
}
