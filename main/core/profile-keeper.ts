// The one writer of the face profile. Every change (an enrolment, an added appearance,
// a lock-state update, the security settings, a delete) is queued here and computed from
// the record as it is when its turn comes, not when it was asked for: so a lock-state
// write that was asked for while a delete ran finds no profile and writes nothing, where
// it used to save the old record back (2 of 16 deletes with natural timing).
import { Emitter, type Event } from '../base/emitter.ts';
import { FaceProfile, type Appearance } from '../face/recognition/face-profile.ts';
import type { PasswordHash } from '../profile/password.ts';
import type { LoadResult, ProfileStore } from '../profile/profile-store.ts';
import type { FaceProfileRecord } from '../profile/profile-types.ts';
import { SerialQueue } from '../base/serial-queue.ts';

/** none: nothing enrolled; enrolled: a profile was read; damaged: one exists but cannot be read. */
export type ProfileState = 'none' | 'enrolled' | 'damaged';

export class ProfileKeeper {
  #record: FaceProfileRecord | null;
  #profile: FaceProfile | null;
  /** A damaged profile's surviving password hash: the password still unlocks, and is asked before a new enrolment. */
  #survivingPassword: PasswordHash | null;
  #damaged: boolean;
  readonly #writes = new SerialQueue('profile writer');
  readonly #changed = new Emitter<void>();
  /** Fires when the enrolled faces change (saved, replaced, deleted). */
  readonly onChange: Event<void> = this.#changed.event;

  constructor(
    private readonly store: ProfileStore,
    loaded: LoadResult,
  ) {
    this.#record = loaded.status === 'ok' || loaded.status === 'recoveredFromBackup' ? loaded.profile : null;
    this.#profile = this.#record ? profileOf(this.#record) : null;
    this.#damaged = loaded.status === 'corrupt';
    this.#survivingPassword = loaded.status === 'corrupt' ? loaded.password : null;
  }

  get state(): ProfileState {
    if (this.#record) return 'enrolled';
    return this.#damaged ? 'damaged' : 'none';
  }

  get record(): FaceProfileRecord | null {
    return this.#record;
  }

  /** The enrolled faces, for matching; null when none can be read. */
  get profile(): FaceProfile | null {
    return this.#profile;
  }

  /** The owner's password hash: the profile's, or the surviving copy of a damaged one. */
  get password(): PasswordHash | null {
    return this.#record?.password ?? this.#survivingPassword;
  }

  /**
   * Queues a change, computed from the record current when it runs; `change` returns the
   * record to save, or the same record to save nothing. Resolves to whether it saved;
   * rejects when the save fails.
   */
  update(change: (current: FaceProfileRecord | null) => FaceProfileRecord | null): Promise<boolean> {
    return this.#enqueue(async () => {
      const current = this.#record;
      const next = change(current);
      if (next === current || next === null) return false;
      await this.store.save(next);
      this.#adopt(next, next.appearances !== current?.appearances);
      return true;
    });
  }

  /** Removes the profile, its backup, damaged copies and the hash's copy. */
  delete(): Promise<void> {
    return this.#enqueue(async () => {
      await this.store.delete();
      this.#survivingPassword = null;
      this.#damaged = false;
      this.#adopt(null, true);
    });
  }

  /** Resolves once every queued write has finished (a quit waits for the last lock state). */
  settle(): Promise<void> {
    return this.#writes.settle();
  }

  dispose(): void {
    this.#changed.dispose();
    this.store.dispose();
  }

  #enqueue<T>(operation: () => Promise<T>): Promise<T> {
    return this.#writes.run(operation);
  }

  #adopt(record: FaceProfileRecord | null, facesChanged: boolean): void {
    this.#record = record;
    if (record) {
      this.#damaged = false;
      this.#survivingPassword = null;
    }
    if (!facesChanged) return;
    this.#profile = record ? profileOf(record) : null;
    this.#changed.fire();
  }
}

export function toStored(appearance: Appearance): FaceProfileRecord['appearances'][number] {
  const stored: FaceProfileRecord['appearances'][number] = {
    id: appearance.id,
    label: appearance.label,
    centre: [...appearance.centre],
    embeddings: appearance.embeddings.map((e) => [...e]),
  };
  if (appearance.learned) stored.learned = { embeddings: appearance.learned.embeddings.map((e) => [...e]), unlocks: appearance.learned.unlocks };
  return stored;
}

function profileOf(record: FaceProfileRecord): FaceProfile {
  return new FaceProfile(
    record.appearances.map((stored) => ({
      id: stored.id,
      label: stored.label,
      centre: Float32Array.from(stored.centre),
      embeddings: stored.embeddings.map((e) => Float32Array.from(e)),
      ...(stored.learned ? { learned: { embeddings: stored.learned.embeddings.map((e) => Float32Array.from(e)), unlocks: stored.learned.unlocks } } : {}),
    })),
  );
}
