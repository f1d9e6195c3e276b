// Test support: 68-point landmark tracks of a real head (the 3-D mean face rotated and
// projected through a pinhole camera) and of a flat photo of it (the frontal face printed on
// a plane, optionally bent, then moved and tilted in front of the camera), with noise.
import type { BoxPx } from '../preload/api.ts';
import { gaussian, seededRandom } from '../tools/math/random.ts';
import { FACE_MODEL_68_MM, type Vec3 } from '../main/face/pipeline/face-model-3d.ts';

export { gaussian, seededRandom };

export interface Camera {
  focalPx: number;
  centreX: number;
  centreY: number;
}

/** A 640×480 webcam with a ~65° horizontal field of view. */
export const WEBCAM: Camera = { focalPx: 500, centreX: 320, centreY: 240 };

type Mat3 = number[];
const RAD = Math.PI / 180;

/** R = Ry(yaw)·Rx(pitch)·Rz(roll) in the model's axes (x right, y down, z away from the camera). */
export function rotation(yawDegrees: number, pitchDegrees: number, rollDegrees = 0): Mat3 {
  const [cy, sy] = [Math.cos(yawDegrees * RAD), Math.sin(yawDegrees * RAD)];
  const [cp, sp] = [Math.cos(pitchDegrees * RAD), Math.sin(pitchDegrees * RAD)];
  const [cr, sr] = [Math.cos(rollDegrees * RAD), Math.sin(rollDegrees * RAD)];
  const ry = [cy, 0, -sy, 0, 1, 0, sy, 0, cy];
  const rx = [1, 0, 0, 0, cp, sp, 0, -sp, cp];
  const rz = [cr, -sr, 0, sr, cr, 0, 0, 0, 1];
  return multiply(ry, multiply(rx, rz));
}

function multiply(a: Mat3, b: Mat3): Mat3 {
  const out = new Array<number>(9).fill(0);
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) for (let k = 0; k < 3; k++) out[3 * r + c] += a[3 * r + k] * b[3 * k + c];
  return out;
}

function project(points: readonly Vec3[], r: Mat3, offsetMm: Vec3, camera: Camera): Float32Array {
  const out = new Float32Array(points.length * 2);
  points.forEach(([x, y, z], i) => {
    const px = r[0] * x + r[1] * y + r[2] * z + offsetMm[0];
    const py = r[3] * x + r[4] * y + r[5] * z + offsetMm[1];
    const pz = r[6] * x + r[7] * y + r[8] * z + offsetMm[2];
    out[2 * i] = camera.centreX + (camera.focalPx * px) / pz;
    out[2 * i + 1] = camera.centreY + (camera.focalPx * py) / pz;
  });
  return out;
}

export interface HeadPlacement {
  yawDegrees: number;
  pitchDegrees: number;
  rollDegrees?: number;
  /** Head centre (between the eyes) in camera millimetres; z is the distance. */
  offsetMm?: Vec3;
  camera?: Camera;
}

/** The 68 landmarks of a real head at a pose, in frame pixels. */
export function projectHead(placement: HeadPlacement): Float32Array {
  const r = rotation(placement.yawDegrees, placement.pitchDegrees, placement.rollDegrees ?? 0);
  return project(FACE_MODEL_68_MM, r, placement.offsetMm ?? [0, 0, 500], placement.camera ?? WEBCAM);
}

export interface PhotoPlacement {
  /** Rotation of the photo about its vertical axis (tilting it sideways), degrees. */
  yawDegrees: number;
  /** Rotation about its horizontal axis, degrees. */
  pitchDegrees: number;
  rollDegrees?: number;
  offsetMm?: Vec3;
  /** Print scale: 1 is life size. */
  scale?: number;
  /** Curvature of a bent photo about its vertical axis, 1/mm (0 = flat; 1/150 is a strong bend). */
  bendPerMm?: number;
  camera?: Camera;
}

/** The 68 landmarks of a frontal photo of the model, printed and held at a placement. */
export function projectPhoto(placement: PhotoPlacement): Float32Array {
  const scale = placement.scale ?? 1;
  const bend = placement.bendPerMm ?? 0;
  const printed: Vec3[] = FACE_MODEL_68_MM.map(([x, y]) => {
    const sx = x * scale;
    // A sheet bent round a cylinder keeps its arc length: x on the arc, depth by the sagitta.
    if (bend === 0) return [sx, y * scale, 0];
    const angle = sx * bend;
    return [Math.sin(angle) / bend, y * scale, (1 - Math.cos(angle)) / bend];
  });
  const r = rotation(placement.yawDegrees, placement.pitchDegrees, placement.rollDegrees ?? 0);
  return project(printed, r, placement.offsetMm ?? [0, 0, 400], placement.camera ?? WEBCAM);
}

/** Independent Gaussian noise of sigmaPx on every coordinate. */
export function withNoise(points: Float32Array, sigmaPx: number, random: () => number): Float32Array {
  return points.map((v) => v + sigmaPx * gaussian(random));
}

/** The detector box of a face: the landmarks' bounding box, as BlazeFace roughly reports it. */
export function boxOfPoints(points: ArrayLike<number>): BoxPx {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < points.length; i += 2) {
    minX = Math.min(minX, points[i]);
    maxX = Math.max(maxX, points[i]);
    minY = Math.min(minY, points[i + 1]);
    maxY = Math.max(maxY, points[i + 1]);
  }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

/** Inter-ocular distance of a set of 68 landmarks, px. */
export function interocularPx(points: ArrayLike<number>): number {
  const centre = (from: number) => {
    let x = 0;
    let y = 0;
    for (let i = from; i < from + 6; i++) {
      x += points[2 * i];
      y += points[2 * i + 1];
    }
    return [x / 6, y / 6];
  };
  const [a, b] = [centre(36), centre(42)];
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

export type Move = 'turnLeft' | 'turnRight' | 'nod';

export interface TrackFrame {
  timeMs: number;
  points68: Float32Array;
  boxInFrame: BoxPx;
  faceCount: number;
  matched: boolean;
}

export interface TrackOptions {
  moves: readonly Move[];
  random: () => number;
  /** Landmark noise, as a fraction of the inter-ocular distance, on each coordinate. */
  noiseIod?: number;
  /** How far each move goes: degrees of head rotation, or of photo tilt. */
  peakDegrees?: number;
  /** Stretches every phase (2 = twice as slow). */
  slowness?: number;
  fps?: number;
}

/** Rest, then per move: out over 500 ms, hold 200 ms, back over 500 ms, rest 300 ms. */
function anglesAt(moves: readonly Move[], timeMs: number, peak: number, slowness: number): { yaw: number; pitch: number } {
  const [rest, out, hold, back, pause] = [400, 500, 200, 500, 300].map((ms) => ms * slowness);
  let t = timeMs - rest;
  for (const move of moves) {
    const span = out + hold + back + pause;
    if (t < span) {
      const smooth = (x: number) => x * x * (3 - 2 * x);
      const level = t < 0 ? 0 : t < out ? smooth(t / out) : t < out + hold ? 1 : t < out + hold + back ? smooth(1 - (t - out - hold) / back) : 0;
      const angle = level * peak;
      return move === 'nod' ? { yaw: 0, pitch: -angle } : { yaw: move === 'turnLeft' ? angle : -angle, pitch: 0 };
    }
    t -= span;
  }
  return { yaw: 0, pitch: 0 };
}

/** Total length of a track, ms. */
export function trackDurationMs(moves: readonly Move[], slowness = 1): number {
  return (400 + moves.length * 1500 + 300) * slowness;
}

function buildTrack(options: TrackOptions, pointsAt: (yaw: number, pitch: number, driftMm: Vec3) => Float32Array): TrackFrame[] {
  const { moves, random, noiseIod = 0.01, peakDegrees = 25, slowness = 1, fps = 10 } = options;
  const frames: TrackFrame[] = [];
  const drift: [number, number, number] = [0, 0, 0];
  for (let timeMs = 0; timeMs <= trackDurationMs(moves, slowness); timeMs += 1000 / fps) {
    for (let k = 0; k < 3; k++) drift[k] += 1.5 * gaussian(random);
    const { yaw, pitch } = anglesAt(moves, timeMs, peakDegrees, slowness);
    const exact = pointsAt(yaw, pitch, drift);
    const points68 = withNoise(exact, noiseIod * interocularPx(exact), random);
    frames.push({ timeMs, points68, boxInFrame: boxOfPoints(points68), faceCount: 1, matched: true });
  }
  return frames;
}

/** A real head doing the moves at ~50 cm, with a slow drift of position and landmark noise. */
export function headTrack(options: TrackOptions & { distanceMm?: number }): TrackFrame[] {
  const distance = options.distanceMm ?? 500;
  return buildTrack(options, (yaw, pitch, drift) =>
    projectHead({ yawDegrees: yaw, pitchDegrees: pitch, offsetMm: [drift[0], drift[1], distance + drift[2]] }));
}

/**
 * A photo of the owner tilted to fake the moves: turned about its vertical axis for a turn,
 * about its horizontal axis for a nod, held close (~25 cm) so that perspective and the bend
 * make the pose estimate follow.
 */
export function photoTrack(options: TrackOptions & { distanceMm?: number; bendPerMm?: number }): TrackFrame[] {
  const distance = options.distanceMm ?? 250;
  const bendPerMm = options.bendPerMm ?? 0;
  return buildTrack({ peakDegrees: 65, ...options }, (yaw, pitch, drift) =>
    projectPhoto({ yawDegrees: yaw, pitchDegrees: -pitch, offsetMm: [drift[0], drift[1], distance + drift[2]], bendPerMm }));
}

export interface SlideshowOptions {
  /** The move the slideshow fakes: frontal photo → photo turned (or tilted) that way → another frontal photo. */
  move: Move;
  random: () => number;
  /** How long each photo is shown. */
  holdMs: number;
  /** Also a photo half-way, on the way there and back (0 → 12° → 25° → 12° → 0). */
  between?: boolean;
  fps?: number;
}

/**
 * Photos of the owner's real head shown one after another, as a slideshow or a swiped gallery:
 * each photo is a real pose (so it has real parallax against the others), held still apart
 * from a little landmark noise (0.3 % of the eye distance), each framed a little differently.
 */
export function slideshowTrack(options: SlideshowOptions): TrackFrame[] {
  const { move, random, holdMs, between = false, fps = 8 } = options;
  const levels = between ? [0, 0.5, 1, 0.5, 0] : [0, 1, 0];
  const photos = levels.map((level) => {
    const angle = 25 * level + 2 * (random() - 0.5);
    const offsetMm: Vec3 = [10 * (random() - 0.5), 10 * (random() - 0.5), 500 + 20 * (random() - 0.5)];
    const pose = move === 'nod' ? { yawDegrees: 0, pitchDegrees: -angle } : { yawDegrees: move === 'turnLeft' ? angle : -angle, pitchDegrees: 0 };
    return projectHead({ ...pose, offsetMm });
  });
  const frames: TrackFrame[] = [];
  for (let timeMs = 0; timeMs < photos.length * holdMs; timeMs += 1000 / fps) {
    const photo = photos[Math.floor(timeMs / holdMs)];
    const points68 = withNoise(photo, 0.003 * interocularPx(photo), random);
    frames.push({ timeMs, points68, boxInFrame: boxOfPoints(points68), faceCount: 1, matched: true });
  }
  return frames;
}
