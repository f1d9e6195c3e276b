// The slideshow an attacker with a few photos of the owner would hold up against each move
// the challenge can ask: a frontal photo, the photo turned most that way, another frontal
// one, each held a while, looped. Which photo goes where is decided from the head pose main
// computes; photos the owner was enrolled from are never shown.
import { CHALLENGE_STEPS } from '../../main/face/liveness/challenge/challenge.ts';
import { median } from '../../main/face/math/median.ts';
import type { PoseSample } from './moves.ts';
import type { ChallengeStep } from '../../main/face/outcomes.ts';

export interface PosedPhoto extends PoseSample {
  file: string;
}

export interface SlideshowPlan {
  move: ChallengeStep;
  /** Frontal, turned, frontal: the order they are shown in. */
  files: [string, string, string];
}

/** How far from looking straight at the camera: yaw, and pitch from the person's usual pitch (a photo's camera height varies). */
function offFrontalDegrees(photo: PoseSample, typicalPitch: number): number {
  return Math.hypot(photo.yawDegrees, photo.pitchDegrees - typicalPitch);
}

/** For each move, the photo turned most that way (turnLeft: the highest yaw, the subject's left). */
export function turnedPhotos(photos: readonly PosedPhoto[]): Record<ChallengeStep, PosedPhoto> {
  if (photos.length === 0) throw new RangeError('turnedPhotos: no photos');
  const typicalPitch = median(photos.map((p) => p.pitchDegrees));
  const most = (key: (p: PosedPhoto) => number) => photos.reduce((best, p) => (key(p) > key(best) ? p : best));
  return {
    turnLeft: most((p) => p.yawDegrees),
    turnRight: most((p) => -p.yawDegrees),
    nod: most((p) => Math.abs(p.pitchDegrees - typicalPitch)),
  };
}

/** The photos the owner may be enrolled from, most frontal first: all but the turned ones the slideshows need. */
export function enrolmentCandidates(photos: readonly PosedPhoto[]): PosedPhoto[] {
  const turned = new Set(Object.values(turnedPhotos(photos)).map((p) => p.file));
  return byFrontality(photos.filter((p) => !turned.has(p.file)), photos);
}

/** One slideshow per move, from photos not enrolled; null when fewer than two frontal photos are left. */
export function planSlideshows(photos: readonly PosedPhoto[], enrolled: ReadonlySet<string>): SlideshowPlan[] | null {
  const turned = turnedPhotos(photos);
  const turnedFiles = new Set(Object.values(turned).map((p) => p.file));
  const frontal = byFrontality(photos.filter((p) => !turnedFiles.has(p.file) && !enrolled.has(p.file)), photos);
  if (frontal.length < 2) return null;
  return CHALLENGE_STEPS.map((move) => ({ move, files: [frontal[0].file, turned[move].file, frontal[1].file] }));
}

function byFrontality(subset: readonly PosedPhoto[], all: readonly PosedPhoto[]): PosedPhoto[] {
  const typicalPitch = median(all.map((p) => p.pitchDegrees));
  return [...subset].sort((a, b) => offFrontalDegrees(a, typicalPitch) - offFrontalDegrees(b, typicalPitch));
}

/** Which slide (0, 1, 2, …) each frame of one loop shows, frames `intervalMs` apart, each slide held `holdMs`. */
export function slideOfFrames(slideCount: number, holdMs: number, intervalMs: number): number[] {
  if (!(holdMs > 0 && intervalMs > 0 && slideCount > 0)) throw new RangeError('slideOfFrames: needs slides, a hold and an interval');
  const loopMs = slideCount * holdMs;
  const frames = Math.round(loopMs / intervalMs);
  return Array.from({ length: frames }, (_, k) => Math.min(slideCount - 1, Math.floor((k * intervalMs) / holdMs)));
}
