// Where in a live clip the person makes each move the challenge can ask for, from the head
// pose main computes (FaceEngine.locate). A recorded clip cannot
// hear a prompt; a real owner would obey it, so the simulator jumps to such a stretch.
import { FACE_CROP_SIZE, type FrameReport } from '../../preload/api.ts';
import { CHALLENGE_DEFAULTS } from '../../main/face/liveness/challenge/challenge.ts';
import type { FaceEngine } from '../../main/face/pipeline/face-engine.ts';
import { median } from '../../main/face/math/median.ts';
import type { ChallengeStep } from '../../main/face/outcomes.ts';

export interface PoseSample {
  /** Positive when the subject turns to their left. */
  yawDegrees: number;
  /** Positive when the subject looks up. */
  pitchDegrees: number;
}

/** One pose per frame; null where the frame has no face. */
export type PoseTrack = readonly (PoseSample | null)[];

export interface MoveStretch {
  move: ChallengeStep;
  /** The last frame at rest before the move. */
  startIndex: number;
  /** The first frame past the move's angle. */
  reachIndex: number;
}

export interface MoveFindingOptions {
  /** Time between frames of the track, ms. */
  intervalMs: number;
  /** A turn is a yaw change of at least this (the challenge asks for 15°). */
  minYawDegrees?: number;
  /** A nod is a pitch change of at least this, up or down (the challenge asks for 12°). */
  minPitchDegrees?: number;
  /** At rest: yaw and pitch moved at most this since the previous frame… */
  restStepDegrees?: number;
  /** …and lie within this of the clip's typical (median) pose, not in a held turn. */
  restFromTypicalDegrees?: number;
  /** The angle must be reached within this from rest (the challenge gives 6 s for the whole move and the return). */
  maxMoveMs?: number;
}

/*
 * The angles are the challenge's own (CHALLENGE_DEFAULTS). Rest: 3° between frames is above the pose jitter of a still head (≤ 1.1° on
 * turn_live's first second at 8 frames/s) and below a move in full swing (5–10° a frame
 * there), and
 * 8° from the typical pose is the challenge's own "back at the start".
 */
const DEFAULTS = {
  minYawDegrees: CHALLENGE_DEFAULTS.minYawDegrees,
  minPitchDegrees: CHALLENGE_DEFAULTS.minPitchDegrees,
  restStepDegrees: 3,
  restFromTypicalDegrees: CHALLENGE_DEFAULTS.returnDegrees,
  maxMoveMs: 3000,
};

/** Every stretch of the track where the subject makes `move` starting from rest, in order. */
export function findMoveStretches(track: PoseTrack, move: ChallengeStep, options: MoveFindingOptions): MoveStretch[] {
  const o = { ...DEFAULTS, ...definedOnly(options) };
  const faces = track.filter((p): p is PoseSample => p !== null);
  if (faces.length === 0) return [];
  const typical = { yaw: median(faces.map((p) => p.yawDegrees)), pitch: median(faces.map((p) => p.pitchDegrees)) };
  const atRest = (i: number) => {
    const p = track[i];
    const before = i > 0 ? track[i - 1] : p;
    if (!p || !before) return false;
    const still = Math.abs(p.yawDegrees - before.yawDegrees) <= o.restStepDegrees && Math.abs(p.pitchDegrees - before.pitchDegrees) <= o.restStepDegrees;
    return still && Math.abs(p.yawDegrees - typical.yaw) <= o.restFromTypicalDegrees && Math.abs(p.pitchDegrees - typical.pitch) <= o.restFromTypicalDegrees;
  };
  const maxFrames = Math.max(1, Math.round(o.maxMoveMs / options.intervalMs));
  const candidates: MoveStretch[] = [];
  for (let i = 0; i < track.length; i++) {
    if (!atRest(i)) continue;
    const reachIndex = reachOf(track, i, move, maxFrames, o);
    if (reachIndex !== null) candidates.push({ move, startIndex: i, reachIndex });
  }
  // Rest frames before one move all reach it: keep the last of them, the move's real start.
  const stretches: MoveStretch[] = [];
  for (const candidate of candidates) {
    const last = stretches.at(-1);
    if (last && candidate.startIndex <= last.reachIndex) stretches[stretches.length - 1] = candidate;
    else stretches.push(candidate);
  }
  return stretches;
}

function reachOf(track: PoseTrack, start: number, move: ChallengeStep, maxFrames: number, o: typeof DEFAULTS): number | null {
  const base = track[start]!;
  for (let j = start + 1; j < track.length && j <= start + maxFrames; j++) {
    const p = track[j];
    if (!p) return null;
    const yaw = p.yawDegrees - base.yawDegrees;
    const pitch = p.pitchDegrees - base.pitchDegrees;
    // As the challenge judges it: a turn the other way, or a nod with a turn, is no such move.
    if (move === 'nod') {
      if (Math.abs(yaw) >= o.minYawDegrees) return null;
      if (Math.abs(pitch) >= o.minPitchDegrees) return j;
    } else {
      const along = move === 'turnLeft' ? yaw : -yaw;
      if (along <= -o.minYawDegrees) return null;
      if (along >= o.minYawDegrees) return j;
    }
  }
  return null;
}

/** The head pose main computes for each frame's face (the landmarks alone: nothing is embedded). */
export async function poseTrackOf(engine: FaceEngine, reports: readonly FrameReport[]): Promise<(PoseSample | null)[]> {
  const track: (PoseSample | null)[] = [];
  for (const report of reports) {
    const face = report.faceCount === 1 ? report.face : undefined;
    if (!face) {
      track.push(null);
      continue;
    }
    const { pose } = await engine.locate({ faceCrop: face.faceCrop, cropSize: FACE_CROP_SIZE, boxInCrop: face.boxInCrop });
    const { yawDegrees, pitchDegrees } = pose;
    track.push({ yawDegrees, pitchDegrees });
  }
  return track;
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
