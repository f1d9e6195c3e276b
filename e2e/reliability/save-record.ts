// The profiles save-loop.ts writes, one per sequence number, shared with the test that
// kills it: every field follows from the number, so the parent can tell a record the
// child really wrote (byte for byte the same content) from a torn or mixed one.
import type { PasswordHash } from '../../main/profile/password.ts';
import { PROFILE_EMBEDDING_LENGTH, type FaceProfileRecord } from '../../main/profile/profile-types.ts';

const CREATED_ISO = '2030-01-01T00:00:00.000Z';
const EPOCH_MS = Date.parse(CREATED_ISO);
const LABEL_PREFIX = 'seq-';
/** Records grow and shrink with the number (1..16 embeddings, ~10–140 kB sealed), so a torn write cannot look like a whole one. */
const MAX_EMBEDDINGS = 16;

function vector(seq: number, k: number): number[] {
  return Array.from({ length: PROFILE_EMBEDDING_LENGTH }, (_, i) => Math.sin(seq * 1.618 + k * 0.577 + i * 0.37));
}

/** The record the child saves as number `seq`. */
export function recordFor(seq: number, password: PasswordHash): FaceProfileRecord {
  return {
    version: 1,
    createdIso: CREATED_ISO,
    // One second per save keeps the ISO string valid for any number a test can reach.
    updatedIso: new Date(EPOCH_MS + seq * 1000).toISOString(),
    appearances: [
      {
        id: 'default',
        label: `${LABEL_PREFIX}${seq}`,
        centre: vector(seq, 0),
        embeddings: Array.from({ length: 1 + (seq % MAX_EMBEDDINGS) }, (_, k) => vector(seq, k + 1)),
      },
    ],
    password,
  };
}

/** The sequence number a loaded record claims, or null when it claims none. */
export function claimedSeq(record: FaceProfileRecord): number | null {
  const label = record.appearances[0]?.label ?? '';
  if (!label.startsWith(LABEL_PREFIX)) return null;
  const seq = Number(label.slice(LABEL_PREFIX.length));
  return Number.isSafeInteger(seq) && seq >= 1 ? seq : null;
}
