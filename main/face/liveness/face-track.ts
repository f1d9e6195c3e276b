// Follows one face from frame to frame and says when the next frame no longer continues it.
// A real face in front of a webcam stays where it was, the same face, in the same light and
// scene; a slideshow, a swiped gallery or a swapped print jumps. Liveness evidence (the
// passive window, the challenge's moves) only adds up along one unbroken track.
import type { BoxPx } from '../../../preload/api.ts';
import { cosineSimilarity } from '../math/vectors.ts';

export interface TrackedFace {
  /** Monotonic time of the frame, ms. */
  timeMs: number;
  boxInFrame: BoxPx;
  /** The renderer's context crop (RGB, row-major): the face and what surrounds it. */
  contextCrop: Uint8Array;
  /** The face's unit embedding. */
  embedding: Float32Array;
}

/** Why a frame does not continue the track. */
export type TrackBreak = 'gap' | 'jump' | 'sceneCut' | 'identityCut';

export interface FaceTrackLimits {
  /** A face unseen for longer than this starts a new track (as the challenge's lost-face limit). */
  maxGapMs: number;
  /** A box centre moving more than this fraction of the box width between frames is another face. */
  maxCentreJumpFraction: number;
  /** …and so is a box width changing by more than this factor. */
  maxWidthRatio: number;
  /** Colour-histogram overlap of consecutive context crops below this is a cut to another picture. */
  minSceneOverlap: number;
  /** Cosine between consecutive embeddings below this is a cut to another picture of the face. */
  minFrameCosine: number;
}

/*
 * Measured on the product's path (renderer crops in Chromium, the main embedder), frames at
 * 10/s (and every other frame, 5/s, for a slow machine), ../shared/faces, development figures:
 * - real clips (turn_live: a person turning ±40° and nodding ±30°, 206 pairs; short_live, 36;
 *   whole camera frames, tools/eval-liveness/decode.ts): consecutive context-crop overlap
 *   ≥ 0.855 (median 0.979; 5/s: ≥ 0.750, 2 of turn_live's 103 pairs under the limit, in fast
 *   turns), embedding cosine ≥ 0.721 (5/s: ≥ 0.633, during a fast nod; median 0.989);
 * - two photos of one person (five_celebrity, 1 120 pairs, letterboxed into a webcam frame,
 *   the context crop kept inside the picture): overlap median 0.502 (95th percentile 0.757),
 *   cosine median 0.605; only 23 pairs (2.1 %) pass both limits below, so a slideshow's every
 *   change of photo is a cut ~98 % of the time;
 *   the challenge's move-path rule (challenge.ts) stops the photos that look continuous.
 * The box limits are the ones the challenge has always used.
 */
export const FACE_TRACK_LIMITS: Readonly<FaceTrackLimits> = Object.freeze({
  maxGapMs: 500,
  maxCentreJumpFraction: 0.5,
  maxWidthRatio: 1.5,
  minSceneOverlap: 0.8,
  minFrameCosine: 0.6,
});

/** 4 levels per channel: coarse enough that a face turning within the crop keeps its colours. */
const LEVELS = 4;

/** Normalised joint RGB histogram (LEVELS³ bins) of an RGB image. */
export function colourHistogram(rgb: Uint8Array): Float32Array {
  const bins = new Float32Array(LEVELS ** 3);
  const pixels = Math.floor(rgb.length / 3);
  if (pixels === 0) return bins;
  const shift = 8 - Math.log2(LEVELS);
  for (let i = 0; i < pixels * 3; i += 3) {
    bins[((rgb[i] >> shift) * LEVELS + (rgb[i + 1] >> shift)) * LEVELS + (rgb[i + 2] >> shift)] += 1;
  }
  for (let i = 0; i < bins.length; i++) bins[i] /= pixels;
  return bins;
}

/** Mean absolute difference of two equally sized images, in levels (0–255) per byte. */
export function meanAbsoluteDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length || a.length === 0) throw new RangeError('meanAbsoluteDifference: images differ in size');
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}

/** Histogram intersection: 1 for the same colours in the same proportions, 0 for none shared. */
export function histogramOverlap(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.min(a[i], b[i]);
  return sum;
}

interface Previous {
  face: TrackedFace;
  histogram: Float32Array;
}

export class FaceTrack {
  private previous: Previous | null = null;
  private change: number | null = null;

  constructor(private readonly limits: Readonly<FaceTrackLimits> = FACE_TRACK_LIMITS) {}

  /**
   * How much the context crop changed from the previous frame of the track, in levels per
   * byte (meanAbsoluteDifference); null on the track's first frame. A camera never delivers
   * the same picture twice: sensor noise and a living face change every frame a little.
   */
  get lastChangeLevels(): number | null {
    return this.change;
  }

  /**
   * The next frame's face: null when it continues the track, else why it does not (the
   * track then starts again from this face).
   */
  follow(face: TrackedFace): TrackBreak | null {
    const histogram = colourHistogram(face.contextCrop);
    const previous = this.previous;
    const broken = previous ? this.breakBetween(previous, face, histogram) : null;
    this.change = previous && !broken ? meanAbsoluteDifference(previous.face.contextCrop, face.contextCrop) : null;
    this.previous = { face, histogram };
    return broken;
  }

  reset(): void {
    this.previous = null;
    this.change = null;
  }

  private breakBetween(previous: Previous, face: TrackedFace, histogram: Float32Array): TrackBreak | null {
    const limits = this.limits;
    if (face.timeMs - previous.face.timeMs > limits.maxGapMs) return 'gap';
    if (faceBoxJumped(previous.face.boxInFrame, face.boxInFrame, limits)) return 'jump';
    if (histogramOverlap(previous.histogram, histogram) < limits.minSceneOverlap) return 'sceneCut';
    if (cosineSimilarity(previous.face.embedding, face.embedding) < limits.minFrameCosine) return 'identityCut';
    return null;
  }
}

/** The face box moved or changed size too much between two frames to be the same face moving on. */
export function faceBoxJumped(last: BoxPx, box: BoxPx, limits: Readonly<FaceTrackLimits> = FACE_TRACK_LIMITS): boolean {
  const jump = Math.hypot(box.x + box.width / 2 - last.x - last.width / 2, box.y + box.height / 2 - last.y - last.height / 2);
  const ratio = box.width / last.width;
  return jump > limits.maxCentreJumpFraction * last.width || ratio > limits.maxWidthRatio || ratio < 1 / limits.maxWidthRatio;
}
