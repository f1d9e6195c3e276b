// A face that keeps up: an appearance's centre may take in, slowly, the faces of unlocks that
// were confidently the owner (adaptive-learning.ts decides which). The enrolment is never
// replaced: its centre keeps at least 1 − LEARNED_WEIGHT_CAP of the weight, the learned faces
// are a short ring of the latest ones, and forgetting them returns to the enrolled centre.
import { centroidNormalized, l2Normalize } from '../math/vectors.ts';

/**
 * The latest confident unlocks an appearance remembers. Ten is a week or two of a few unlocks
 * a day: a new beard or glasses is taken in over days, and one unlock moves the centre by at
 * most LEARNED_WEIGHT_CAP / LEARNED_RING_SIZE of its weight.
 */
export const LEARNED_RING_SIZE = 10;
/**
 * The most the learned faces may weigh in the centre (a full ring); the enrolment keeps the
 * rest. The cap is not what keeps the centre near the enrolled face: every lesson matched the
 * enrolled centre alone (adaptive-learning.ts), so their mean does, and so does any mix of it
 * with the enrolment (a chain of lessons chosen to drag it away is tested in
 * adaptive-template.test.ts). The cap bounds how far within that reach it goes, and how much a
 * mistaken lesson weighs: at 0.5 the centre keeps a cosine ≥ 0.866 to the enrolled one. An
 * enrolment is one sitting (the camera's frames) or a few photos, so the learned faces are as
 * much evidence of the owner as it. On five_celebrity (enrol 2, 3 or 4 `train_` photos, stream
 * the others, 8 draws each: `node --import tsx --test
 * tools/eval/adaptive-template.integration.test.ts`) a cap of 0.3 let in 7 of the 89 refused
 * `val_` judgements and 0.5 let in 17 (FRR 15.5 % → 12.5 %), shutting out none either way.
 */
export const LEARNED_WEIGHT_CAP = 0.5;

/** What an appearance learned: the ring of recent unit embeddings, and how many unlocks taught it. */
export interface LearnedFaces {
  /** Oldest first, at most LEARNED_RING_SIZE. */
  readonly embeddings: readonly Float32Array[];
  /** Unlocks learned from since enrolment (or since it was forgotten); the ring keeps the latest. */
  readonly unlocks: number;
}

/** The learned faces' weight in the centre: it grows with the ring, up to the cap. */
export function learnedWeight(count: number): number {
  return (LEARNED_WEIGHT_CAP * Math.min(Math.max(count, 0), LEARNED_RING_SIZE)) / LEARNED_RING_SIZE;
}

/**
 * The centre matched against: the enrolled centre, weight ≥ 1 − cap, combined with the mean of
 * the learned faces, normalised. Nothing learned: the enrolled centre itself.
 */
export function adaptedCentre(enrolledCentre: Float32Array, learned: readonly Float32Array[]): Float32Array {
  if (learned.length === 0) return enrolledCentre;
  const weight = learnedWeight(learned.length);
  const enrolled = l2Normalize(enrolledCentre);
  const recent = centroidNormalized(learned);
  const mixed = new Float32Array(enrolled.length);
  for (let k = 0; k < mixed.length; k++) mixed[k] = (1 - weight) * enrolled[k] + weight * recent[k];
  return l2Normalize(mixed);
}

/** One more unlock learned: the ring takes the embedding and drops its oldest beyond the size. */
export function withLesson(learned: LearnedFaces | undefined, embedding: Float32Array): LearnedFaces {
  const embeddings = [...(learned?.embeddings ?? []), embedding].slice(-LEARNED_RING_SIZE);
  return { embeddings, unlocks: (learned?.unlocks ?? 0) + 1 };
}
