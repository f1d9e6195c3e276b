// The bench's side of the main host (main-host.ts): starts it as a child process, sends it
// requests, and passes on the lock views it pushes.
import { fork, type ChildProcess, type ForkOptions } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Settings } from '../../main/profile/settings-rules.ts';
import type { BridgeHandlers } from '../../e2e/bridge.ts';
import { CHANNELS, type FrameReport } from '../../preload/api.ts';
import { bundleHost } from './host-bundle.ts';
import type { FrameRecord, HostMemory, HostRequest, ViewEvent } from './main-host.ts';

const HOST = fileURLToPath(new URL('./main-host.ts', import.meta.url));
/** In the repository, so node finds the bundle's packages from its folder up; git ignores node_modules. */
const BUNDLE_ROOT = fileURLToPath(new URL('../../node_modules/.cache/face-unlock-bench/', import.meta.url));

/**
 * How the host runs: 'bundled' (the default), one JS file as electron-vite ships main, under
 * plain node; 'tsx' (FACE_UNLOCK_BENCH_HOST=tsx), the TypeScript through tsx as before, whose
 * loader and transpiler the app never carries: 209 MiB after 1,000 frames against 185–190
 * bundled (two runs each, lock-screen bench, 2026-11-30).
 */
export type HostForm = 'bundled' | 'tsx';

export function hostFormOf(env: string | undefined): HostForm {
  if (env === undefined || env === '' || env === 'bundled') return 'bundled';
  if (env === 'tsx') return 'tsx';
  throw new Error(`FACE_UNLOCK_BENCH_HOST=${env}: expected "tsx" or "bundled"`);
}

export class MainClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly viewListeners = new Set<(event: ViewEvent) => void>();

  private constructor(
    private readonly child: ChildProcess,
    readonly hostForm: HostForm,
  ) {
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
  static async start(trustedOrigin: string, hostForm = hostFormOf(process.env.FACE_UNLOCK_BENCH_HOST)): Promise<MainClient> {
    const options: ForkOptions = { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] };
    let child: ChildProcess;
    let removeBundle = () => {};
    if (hostForm === 'tsx') {
      child = fork(HOST, [trustedOrigin], { ...options, execArgv: ['--import', 'tsx'] });
    } else {
      mkdirSync(BUNDLE_ROOT, { recursive: true });
      const dir = mkdtempSync(join(BUNDLE_ROOT, 'main-host-'));
      removeBundle = () => {
        rmSync(dir, { recursive: true, force: true });
        try {
          rmdirSync(BUNDLE_ROOT);
        } catch {
          // another bench's host is still there
        }
      };
      try {
        const bundle = join(dir, 'main-host.mjs');
        await bundleHost(HOST, bundle);
        // execArgv: [] or fork passes on this process's `--import tsx`.
        child = fork(bundle, [trustedOrigin], { ...options, execArgv: [] });
      } catch (error) {
        removeBundle();
        throw error;
      }
    }
    try {
      await new Promise<void>((resolve, reject) => {
        child.once('message', () => resolve());
        child.once('exit', (code) => reject(new Error(`the main host exited (${code}) before it was ready`)));
      });
    } finally {
      // Node read the bundle, one file with no chunks, at start: nothing is left behind if the bench is killed.
      removeBundle();
    }
    return new MainClient(child, hostForm);
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
