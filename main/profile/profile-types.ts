// The face profile as kept on disk (sealed by ProfileStore). Everything read back is
// checked here, because a file can be truncated, altered or written by another version.
import { MAX_APPEARANCE_LABEL_LENGTH } from '../../preload/api.ts';
import { EMBEDDING_SIZE } from '../../models/model-manifest.ts';
import { isWellFormedPasswordHash, type PasswordHash } from './password.ts';
import { LEARNED_RING_SIZE } from '../face/recognition/adaptive-centre.ts';

/** Length of every embedding and centre: the embedder's output size. */
export const PROFILE_EMBEDDING_LENGTH = EMBEDDING_SIZE;
export const MAX_APPEARANCES = 8;
export const MAX_EMBEDDINGS_PER_APPEARANCE = 64;
const MAX_ID_LENGTH = 64;
/** Far beyond a lifetime of unlocks; a larger count is not one this app wrote. */
const MAX_LEARNED_UNLOCKS = 1e9;

export interface FaceAppearance {
  id: string;
  label: string;
  /** Mean of the embeddings, PROFILE_EMBEDDING_LENGTH numbers. */
  centre: number[];
  /** The enrolled embeddings, PROFILE_EMBEDDING_LENGTH numbers each. */
  embeddings: number[][];
  /**
   * What confident unlocks taught it (main/face/recognition/adaptive-centre.ts): the latest
   * LEARNED_RING_SIZE fused embeddings and the count of unlocks. Absent in profiles written
   * before it existed, and after "Forget what it learned": nothing learned.
   */
  learned?: { embeddings: number[][]; unlocks: number };
}

export interface FaceProfileRecord {
  version: 1;
  createdIso: string;
  updatedIso: string;
  appearances: FaceAppearance[];
  password: PasswordHash;
  /** The lock policy's persisted state, opaque here (it must survive a JSON round trip). */
  lockState?: unknown;
  /** The security settings sealed with the face (settings-rules.ts reads them); opaque here. */
  security?: unknown;
}

export type ProfileParse = { ok: true; profile: FaceProfileRecord } | { ok: false; problem: string };

/** Checks every shape and number of a decrypted profile; returns a fresh object of known fields only. */
export function parseProfileRecord(value: unknown): ProfileParse {
  const fail = (problem: string): ProfileParse => ({ ok: false, problem });
  if (!isPlainRecord(value)) return fail('the profile is not an object');
  if (value.version !== 1) return fail(`the profile version is ${String(value.version)}, expected 1`);
  for (const key of ['createdIso', 'updatedIso'] as const) {
    const iso = value[key];
    if (typeof iso !== 'string' || iso.length > 40 || Number.isNaN(Date.parse(iso))) {
      return fail(`the profile's ${key} is not a date`);
    }
  }
  if (!isWellFormedPasswordHash(value.password)) return fail('the password hash is malformed');
  const appearances = value.appearances;
  if (!Array.isArray(appearances) || appearances.length < 1 || appearances.length > MAX_APPEARANCES) {
    return fail(`the profile must hold 1 to ${MAX_APPEARANCES} appearances`);
  }
  const parsed: FaceAppearance[] = [];
  for (const [index, appearance] of appearances.entries()) {
    const result = parseAppearance(appearance);
    if (typeof result === 'string') return fail(`appearance ${index}: ${result}`);
    if (parsed.some((other) => other.id === result.id)) return fail(`appearance ${index}: duplicate id`);
    parsed.push(result);
  }
  const profile: FaceProfileRecord = {
    version: 1,
    createdIso: value.createdIso as string,
    updatedIso: value.updatedIso as string,
    appearances: parsed,
    password: { ...value.password },
  };
  if (value.lockState !== undefined) profile.lockState = value.lockState;
  if (value.security !== undefined) profile.security = value.security;
  return { ok: true, profile };
}

function parseAppearance(value: unknown): FaceAppearance | string {
  if (!isPlainRecord(value)) return 'not an object';
  const { id, label, centre, embeddings } = value;
  if (typeof id !== 'string' || id.length < 1 || id.length > MAX_ID_LENGTH) return 'bad id';
  if (typeof label !== 'string' || label.length > MAX_APPEARANCE_LABEL_LENGTH) return 'bad label';
  const centreProblem = vectorProblem(centre);
  if (centreProblem !== null) return `centre ${centreProblem}`;
  if (!Array.isArray(embeddings) || embeddings.length > MAX_EMBEDDINGS_PER_APPEARANCE) {
    return `embeddings must be a list of at most ${MAX_EMBEDDINGS_PER_APPEARANCE}`;
  }
  for (const [index, embedding] of embeddings.entries()) {
    const problem = vectorProblem(embedding);
    if (problem !== null) return `embedding ${index} ${problem}`;
  }
  const parsed: FaceAppearance = {
    id,
    label,
    centre: [...(centre as number[])],
    embeddings: (embeddings as number[][]).map((embedding) => [...embedding]),
  };
  if (value.learned !== undefined) {
    const learned = parseLearned(value.learned);
    if (typeof learned === 'string') return `learned ${learned}`;
    parsed.learned = learned;
  }
  return parsed;
}

function parseLearned(value: unknown): NonNullable<FaceAppearance['learned']> | string {
  if (!isPlainRecord(value)) return 'is not an object';
  const { embeddings, unlocks } = value;
  if (!Array.isArray(embeddings) || embeddings.length > LEARNED_RING_SIZE) return `embeddings must be a list of at most ${LEARNED_RING_SIZE}`;
  for (const [index, embedding] of embeddings.entries()) {
    const problem = vectorProblem(embedding);
    if (problem !== null) return `embedding ${index} ${problem}`;
  }
  if (typeof unlocks !== 'number' || !Number.isInteger(unlocks) || unlocks < embeddings.length || unlocks > MAX_LEARNED_UNLOCKS) {
    return 'unlocks must be a whole number no smaller than the embeddings kept';
  }
  return { embeddings: (embeddings as number[][]).map((embedding) => [...embedding]), unlocks };
}

function vectorProblem(value: unknown): string | null {
  if (!Array.isArray(value)) return 'is not a list of numbers';
  if (value.length !== PROFILE_EMBEDDING_LENGTH) {
    return `has ${value.length} numbers instead of ${PROFILE_EMBEDDING_LENGTH}`;
  }
  const bad = value.findIndex((x) => typeof x !== 'number' || !Number.isFinite(x));
  return bad === -1 ? null : `has a value that is not a finite number at ${bad}`;
}

export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
