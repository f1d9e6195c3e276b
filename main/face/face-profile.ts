// The tutorial's FaceUnlock, grown up: the centre of the enrolment embeddings
// (one per appearance: glasses, beard…), cosine to the best centre, a calibrated threshold.
import { centroidNormalized, cosineSimilarity } from './vectors.ts';

/**
 * Accept at or above this cosine. Not the tutorial's 0.8 (it rejects ~79 % of genuine
 * probes with this model): the value that gives FAR DEFAULT_THRESHOLD_TARGET_FAR on all
 * impostor pairs of the shared photo sets (`npm run eval`, see README), rounded up.
 */
export const DEFAULT_THRESHOLD_COSINE = 0.4;
/** The false-accept rate per compared frame DEFAULT_THRESHOLD_COSINE was calibrated for (Settings shows it). */
export const DEFAULT_THRESHOLD_TARGET_FAR = 1e-3;
export const TUTORIAL_THRESHOLD_COSINE = 0.8;

export interface Appearance {
  id: string;
  label: string;
  centre: Float32Array;
  embeddings: Float32Array[];
}

export class FaceProfile {
  constructor(readonly appearances: readonly Appearance[]) {
    if (appearances.length === 0) throw new Error('a face profile needs at least one appearance');
  }

  static fromEmbeddings(embeddings: Float32Array[], label = 'default'): FaceProfile {
    return new FaceProfile([appearanceFrom(embeddings, 'default', label)]);
  }

  withAppearance(appearance: Appearance): FaceProfile {
    return new FaceProfile([...this.appearances.filter((a) => a.id !== appearance.id), appearance]);
  }

  /** Cosine to the nearest appearance centre: the best match counts. */
  similarity(embedding: Float32Array): number {
    return Math.max(...this.appearances.map((appearance) => cosineSimilarity(appearance.centre, embedding)));
  }

  matches(embedding: Float32Array, thresholdCosine: number): boolean {
    return this.similarity(embedding) >= thresholdCosine;
  }
}

export function appearanceFrom(embeddings: Float32Array[], id: string, label: string): Appearance {
  if (embeddings.length === 0) throw new Error('an appearance needs at least one embedding');
  return { id, label, centre: centroidNormalized(embeddings), embeddings };
}
