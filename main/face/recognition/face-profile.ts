// The tutorial's FaceUnlock, grown up: the centre of the enrolment embeddings
// (one per appearance: glasses, beard…), cosine to the best centre, a calibrated threshold.
import { centroidNormalized, cosineSimilarity } from '../math/vectors.ts';
import { adaptedCentre, type LearnedFaces } from './adaptive-centre.ts';

/**
 * The shipped threshold, and the floor of every profile's own (profile-calibration.ts raises
 * it for a face close to many strangers). Not the tutorial's 0.8 (it rejects 74 % of genuine
 * probes with this model: `npm run eval -- ../shared/faces/five_celebrity`, metrics.json's
 * protocol.frrAt08): the cosine that keeps a stranger's single frame under
 * TARGET_FAR_PER_ATTEMPT on the larger sets measured (README, "Accuracy at scale").
 */
export const DEFAULT_THRESHOLD_COSINE = 0.5;
/**
 * Strangers let in per unlock attempt that the unlock rule aims at: 1 in 50,000, Android's
 * class 3 biometric. An attempt needs its last frame to match on its own (match-window.ts),
 * so a frame's false-accept rate bounds the attempt's.
 */
export const TARGET_FAR_PER_ATTEMPT = 2e-5;
export const TUTORIAL_THRESHOLD_COSINE = 0.8;

export interface Appearance {
  id: string;
  label: string;
  /** The enrolled centre: the mean of `embeddings`, never changed by learning. */
  centre: Float32Array;
  embeddings: Float32Array[];
  /** What confident unlocks taught it (adaptive-centre.ts); absent: nothing yet. */
  learned?: LearnedFaces;
}

export class FaceProfile {
  /** The centre each appearance is matched with: the enrolled one, with what it learned (adaptive-centre.ts). */
  readonly centres: readonly Float32Array[];

  constructor(readonly appearances: readonly Appearance[]) {
    if (appearances.length === 0) throw new Error('a face profile needs at least one appearance');
    this.centres = appearances.map((appearance) => adaptedCentre(appearance.centre, appearance.learned?.embeddings ?? []));
  }

  /** Unlocks the profile learned from (all appearances), for the Settings line. */
  get learnedUnlocks(): number {
    return this.appearances.reduce((sum, appearance) => sum + (appearance.learned?.unlocks ?? 0), 0);
  }

  static fromEmbeddings(embeddings: Float32Array[], label = 'default'): FaceProfile {
    return new FaceProfile([appearanceFrom(embeddings, 'default', label)]);
  }

  /** Cosine to the nearest appearance centre: the best match counts. */
  similarity(embedding: Float32Array): number {
    return Math.max(...this.centres.map((centre) => cosineSimilarity(centre, embedding)));
  }
}

export function appearanceFrom(embeddings: Float32Array[], id: string, label: string): Appearance {
  if (embeddings.length === 0) throw new Error('an appearance needs at least one embedding');
  return { id, label, centre: centroidNormalized(embeddings), embeddings };
}
