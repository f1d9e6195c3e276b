// Enrolment: good, varied frames of one face → embeddings → outliers dropped →
// a centre. The wizard drives it step by step; nothing is stored until save().
import { FACE_CROP_SIZE, type EnrolProgress, type EnrolReview, type FrameReport } from '../../preload/api.ts';
import type { FaceEngine } from '../face/face-engine.ts';
import { ENROL_QUALITY, qualityProblem } from '../face/quality-gate.ts';
import { centroidNormalized, cosineMatrix, cosineSimilarity } from '../face/vectors.ts';

export const REQUIRED_ENROL_FRAMES = 10;
/** Frames this alike and this close in yaw add nothing: ask for a small head turn instead. */
const DUPLICATE_COSINE = 0.97;
const DUPLICATE_YAW_DEGREES = 3;
/** An enrolment frame this far below the others' median similarity is dropped (a blink, a hand, a wrong face). */
const OUTLIER_MARGIN_COSINE = 0.15;

interface Capture {
  embedding: Float32Array;
  yawDegrees: number;
  aligned112: Uint8Array;
}

export class EnrolmentSession {
  private readonly captures: Capture[] = [];

  constructor(
    private readonly engine: FaceEngine,
    readonly requiredCount = REQUIRED_ENROL_FRAMES,
  ) {}

  get capturedCount(): number {
    return this.captures.length;
  }

  async addFrame(frame: FrameReport): Promise<EnrolProgress> {
    const progress = (feedback: EnrolProgress['feedback'], accepted = false): EnrolProgress => ({
      accepted,
      feedback,
      capturedCount: this.captures.length,
      requiredCount: this.requiredCount,
    });
    if (frame.faceCount === 0 || !frame.face) return progress('noFace');
    if (frame.faceCount > 1) return progress('severalFaces');
    const problem = qualityProblem(frame.face.quality, ENROL_QUALITY);
    if (problem) return progress(problem);
    const analysis = await this.engine.analyse({ faceCrop: frame.face.faceCrop, cropSize: FACE_CROP_SIZE, boxInCrop: frame.face.boxInCrop });
    const yawDegrees = frame.face.quality.yawDegrees;
    const duplicate = this.captures.some(
      (c) => Math.abs(c.yawDegrees - yawDegrees) < DUPLICATE_YAW_DEGREES && cosineSimilarity(c.embedding, analysis.embedding) > DUPLICATE_COSINE,
    );
    if (duplicate) return progress('moveSlightly');
    if (this.captures.length >= this.requiredCount * 2) return progress('moveSlightly');
    this.captures.push({ embedding: analysis.embedding, yawDegrees, aligned112: analysis.aligned112 });
    return { ...progress('recognising', true), alignedThumb112: analysis.aligned112 };
  }

  review(): EnrolReview {
    const embeddings = this.captures.map((c) => c.embedding);
    return {
      count: embeddings.length,
      similarityMatrix: [...cosineMatrix(embeddings)],
      outlierIndices: outlierIndices(embeddings),
      thumbs112: this.captures.map((c) => c.aligned112),
    };
  }

  /** The enrolment embeddings that count: every capture but the outliers. */
  keptEmbeddings(): Float32Array[] {
    const outliers = new Set(outlierIndices(this.captures.map((c) => c.embedding)));
    return this.captures.filter((_, i) => !outliers.has(i)).map((c) => c.embedding);
  }

  centre(): Float32Array {
    const kept = this.keptEmbeddings();
    if (kept.length === 0) throw new Error('nothing captured yet');
    return centroidNormalized(kept);
  }

  isComplete(): boolean {
    return this.keptEmbeddings().length >= this.requiredCount;
  }
}

/** Indices whose similarity to the centre of all the others falls well below the typical one. */
export function outlierIndices(embeddings: Float32Array[]): number[] {
  if (embeddings.length < 3) return [];
  const scores = embeddings.map((embedding, i) =>
    cosineSimilarity(embedding, centroidNormalized(embeddings.filter((_, j) => j !== i))),
  );
  const sorted = [...scores].sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1];
  return scores.flatMap((score, i) => (score < median - OUTLIER_MARGIN_COSINE ? [i] : []));
}
