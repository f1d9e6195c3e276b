// "Who tried while I was away" (opt-in, off by default): each refused face attempt on the
// lock keeps one sealed snapshot (snapshot-store.ts): the judged frame's context crop, when,
// and what the lock said. A refused attempt is exactly what counts toward the lockout
// (LockController.onFaceAttemptFailed, attempt.ts), so an unlock never leaves one. After the
// next unlock (face or password) the shell says how many were refused; Settings shows them
// and deletes them. Writing happens off the frame's path and can never hold the lock shut
// or open: a failed write is a problem on the board, and the lock goes on as before.
import { MAX_REFUSED_ATTEMPTS, type FrameReport, type LockView, type RefusedAttemptsView } from '../../preload/api.ts';
import { Emitter, type Disposable, type Event } from '../base/emitter.ts';
import { systemClock, type Clock } from '../lock/clock.ts';
import type { FaceAttemptFailure } from '../lock/lock-controller.ts';
import { join } from 'node:path';
import type { Cipher } from '../profile/cipher.ts';
import { SNAPSHOT_DIR_NAME, SnapshotStore } from '../profile/snapshot-store.ts';
import type { ProblemBoard } from './problem-board.ts';

/** The problem board's source for what goes wrong here. */
export const SNAPSHOT_PROBLEM_SOURCE = 'snapshots';

export const SNAPSHOT_SENTENCES = Object.freeze({
  notKept: 'A refused face attempt could not be kept as a snapshot (the disk may be full, or the keyring unavailable). The lock works as before.',
  switchUnreadable: 'Whether to keep refused face attempts could not be read: it is off until you turn it on again.',
  switchNotSaved: 'Keeping refused face attempts could not be saved as off: it is off until Face Unlock restarts.',
});

/** The notice after an unlock: "2 attempts to unlock with a face were refused while you were away…". */
export function awayNotice(count: number): string {
  const attempts = count === 1 ? '1 attempt' : `${count} attempts`;
  return `${attempts} to unlock with a face ${count === 1 ? 'was' : 'were'} refused while you were away. Settings shows ${count === 1 ? 'it' : 'them'}.`;
}

export interface AttemptSnapshotsOptions {
  store: SnapshotStore;
  /** The lock's refused attempts and its views (an unlock ends the time away). */
  lock: { onFaceAttemptFailed: Event<FaceAttemptFailure>; onChange: Event<LockView> };
  problems: ProblemBoard;
  /** Wall clock: the time shown with each snapshot. */
  clock?: Clock;
  maxKept?: number;
}

export class AttemptSnapshots {
  readonly #options: AttemptSnapshotsOptions;
  readonly #notices = new Emitter<string>();
  readonly #subscriptions: Disposable[];
  /** Fires after an unlock that follows refused attempts kept while locked, with the sentence to show. */
  readonly onAwayNotice: Event<string> = this.#notices.event;
  #keeping = false;
  #switchUnreadable = false;
  /** The latest judged lock frame's context crop in this lock, while keeping: what a refused attempt keeps. */
  #lastCrop: Uint8Array | null = null;
  #refusedWhileAway = 0;
  #disposed = false;

  /** The store in its folder of the app's data folder, sealed with the profile's cipher. */
  static inDataDir({ dataDir, cipher, ...options }: Omit<AttemptSnapshotsOptions, 'store'> & { dataDir: string; cipher: Cipher }): AttemptSnapshots {
    return new AttemptSnapshots({ ...options, store: new SnapshotStore({ dir: join(dataDir, SNAPSHOT_DIR_NAME), cipher }) });
  }

  constructor(options: AttemptSnapshotsOptions) {
    this.#options = options;
    this.#subscriptions = [
      options.lock.onFaceAttemptFailed((failure) => this.#refused(failure)),
      options.lock.onChange((view) => view.phase === 'unlocked' && this.#unlocked()),
    ];
  }

  get keeping(): boolean {
    return this.#keeping;
  }

  /** Reads the switch (off until read, so nothing is kept that was not asked for). */
  async load(): Promise<void> {
    const read = await this.#options.store.readKeep().catch(() => ({ keep: false, unreadable: true }));
    this.#keeping = read.keep;
    this.#switchUnreadable = read.unreadable;
  }

  /** The lock frame about to be reported to the lock: a refused attempt it ends keeps its crop. */
  noteFrame(frame: FrameReport): void {
    if (this.#keeping && frame.face) this.#lastCrop = frame.face.contextCrop;
  }

  /** Settings' list: every snapshot, newest first, and those that could not be read. */
  async view(): Promise<RefusedAttemptsView> {
    const { snapshots, unreadableIds } = await this.#options.store.list();
    return {
      keeping: this.#keeping,
      maxKept: this.#maxKept,
      attempts: snapshots.map(({ id, atMs, reason, contextCrop }) => ({ id, atMs, reason, contextCrop })),
      unreadableIds,
      ...(this.#switchUnreadable ? { problem: SNAPSHOT_SENTENCES.switchUnreadable } : {}),
    };
  }

  /** On only once saved; off at once (nothing more is kept), even if saving it fails. Kept snapshots stay until deleted. */
  async setKeeping(keep: boolean): Promise<RefusedAttemptsView> {
    if (!keep) this.#stopKeeping();
    try {
      await this.#options.store.writeKeep(keep);
    } catch {
      throw new Error(keep ? 'Not turned on: the setting could not be saved.' : SNAPSHOT_SENTENCES.switchNotSaved);
    }
    this.#keeping = keep;
    this.#switchUnreadable = false;
    return this.view();
  }

  /** No password: deleting only removes data. */
  async delete(id: string): Promise<RefusedAttemptsView> {
    await this.#options.store.delete(id);
    return this.view();
  }

  async deleteAll(): Promise<RefusedAttemptsView> {
    await this.#options.store.deleteAll();
    this.#options.problems.clear(SNAPSHOT_PROBLEM_SOURCE);
    return this.view();
  }

  /** Resolves once every snapshot asked for so far is written (or failed). */
  settle(): Promise<void> {
    return this.#options.store.settle();
  }

  /** Lets a write in progress finish, then closes the store. */
  dispose(): void {
    this.#disposed = true;
    this.#stopKeeping();
    for (const subscription of this.#subscriptions) subscription.dispose();
    this.#notices.dispose();
    void this.settle().then(() => this.#options.store.dispose());
  }

  get #maxKept(): number {
    return this.#options.maxKept ?? MAX_REFUSED_ATTEMPTS;
  }

  #stopKeeping(): void {
    this.#keeping = false;
    this.#lastCrop = null;
  }

  #refused(failure: FaceAttemptFailure): void {
    const crop = this.#lastCrop;
    if (this.#disposed || !this.#keeping || !crop) return;
    this.#refusedWhileAway += 1;
    const snapshot = { atMs: (this.#options.clock ?? systemClock).nowMs(), reason: failure.feedback, contextCrop: Uint8Array.from(crop) };
    this.#options.store.add(snapshot, this.#maxKept).then(
      () => this.#options.problems.clear(SNAPSHOT_PROBLEM_SOURCE),
      () => this.#options.problems.set(SNAPSHOT_PROBLEM_SOURCE, SNAPSHOT_SENTENCES.notKept),
    );
  }

  #unlocked(): void {
    this.#lastCrop = null;
    const count = this.#refusedWhileAway;
    this.#refusedWhileAway = 0;
    try {
      if (count > 0) this.#notices.fire(awayNotice(count));
    } catch {
      // The notice is a courtesy: a listener that breaks must not reach the lock's view listeners.
    }
  }
}
