// Helpers over iBUG-300W 68-point landmarks given flat as x0, y0, x1, y1, … (0-based indices).
import type { Point } from '../math/geometry.ts';

export type Landmarks68 = Float32Array | readonly number[];

const POINT_COUNT = 68;
// Subject's right eye, which is on the image left; then the other eye.
const LEFT_EYE = [36, 37, 38, 39, 40, 41] as const;
const RIGHT_EYE = [42, 43, 44, 45, 46, 47] as const;
const NOSE_TIP = 30;
const MOUTH_LEFT = 48;
const MOUTH_RIGHT = 54;

function checkLength(points68: Landmarks68): void {
  if (points68.length !== POINT_COUNT * 2) {
    throw new RangeError(`expected ${POINT_COUNT * 2} numbers (68 x,y pairs), got ${points68.length}`);
  }
}

function at(points68: Landmarks68, index: number): Point {
  return { x: points68[2 * index], y: points68[2 * index + 1] };
}

function centre(points68: Landmarks68, indices: readonly number[]): Point {
  let x = 0;
  let y = 0;
  for (const i of indices) {
    x += points68[2 * i];
    y += points68[2 * i + 1];
  }
  return { x: x / indices.length, y: y / indices.length };
}

function distance(p: Point, q: Point): number {
  return Math.hypot(p.x - q.x, p.y - q.y);
}

/** The 5 alignment points in ARCFACE_TEMPLATE_112 order: eyes, nose tip, mouth corners (image left first). */
export function fivePointsFrom68(points68: Landmarks68): Point[] {
  checkLength(points68);
  return [
    centre(points68, LEFT_EYE),
    centre(points68, RIGHT_EYE),
    at(points68, NOSE_TIP),
    at(points68, MOUTH_LEFT),
    at(points68, MOUTH_RIGHT),
  ];
}

/**
 * Eye aspect ratio (Soukupová & Čech 2016): (|p2−p6| + |p3−p5|) / (2·|p1−p4|) over the six
 * eye-contour points; about 0.3 for an open eye and near 0 when closed. `eye` is image side.
 */
export function eyeAspectRatio(points68: Landmarks68, eye: 'left' | 'right'): number {
  checkLength(points68);
  const [p1, p2, p3, p4, p5, p6] = (eye === 'left' ? LEFT_EYE : RIGHT_EYE).map((i) => at(points68, i));
  const width = distance(p1, p4);
  if (!(width > 0)) throw new RangeError(`eyeAspectRatio: ${eye} eye corners coincide`);
  return (distance(p2, p6) + distance(p3, p5)) / (2 * width);
}
