// Head yaw and pitch from the 68 landmarks: a weak-perspective PnP against the 3-D mean face
// (face-model-3d.ts): a least-squares affine camera, then the nearest scaled
// rotation. It needs no focal length. The one head pose of the app: the quality gate, the
// enrolment poses and the liveness challenge all use it. The angles are relative to the line
// of sight through the face (a frontal head off to the side is seen turned, as it looks to
// the camera). At webcam distances (40–60 cm), over yaw ±60° and pitch ±30° with landmark
// noise, yaw comes out within 3° and pitch within 5–7° (perspective reads it low); changes
// of pose, which the challenge uses, within 3°; a mirrored photo reads the negated yaw
// (head-pose.test.ts, tools/eval/head-pose.integration.test.ts).
import type { Landmarks68 } from './landmarks68.ts';
import { FACE_MODEL_68_MM } from './face-model-3d.ts';

export interface HeadPose {
  /** Degrees; positive when the subject turns to their left (nose towards image right in an unmirrored frame). */
  yawDegrees: number;
  /** Degrees; positive when the subject looks up (nose towards the top of the image). */
  pitchDegrees: number;
  /** Degrees; in-plane tilt, positive clockwise on screen. */
  rollDegrees: number;
  /** Image pixels per model millimetre. */
  scalePxPerMm: number;
  /** RMS distance between the landmarks and the fitted model, in model millimetres. */
  fitRmsMm: number;
}

// The jaw contour slides along the silhouette as the head turns, so it counts half.
const JAW_WEIGHT = 0.5;
const WEIGHTS = Float64Array.from({ length: 68 }, (_, i) => (i <= 16 ? JAW_WEIGHT : 1));

type Mat3 = [number, number, number, number, number, number, number, number, number];

function invert3(m: Mat3): Mat3 {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (!(Math.abs(det) > 1e-12)) throw new RangeError('head pose: singular model moments');
  const k = 1 / det;
  return [
    A * k, -(b * i - c * h) * k, (b * f - c * e) * k,
    B * k, (a * i - c * g) * k, -(a * f - c * d) * k,
    C * k, -(a * h - b * g) * k, (a * e - b * d) * k,
  ];
}

// The model's weighted centre and inverse second moments never change: computed once.
const MODEL = (() => {
  let total = 0;
  const mean = [0, 0, 0];
  FACE_MODEL_68_MM.forEach((p, i) => {
    total += WEIGHTS[i];
    for (let k = 0; k < 3; k++) mean[k] += WEIGHTS[i] * p[k];
  });
  for (let k = 0; k < 3; k++) mean[k] /= total;
  const centred = FACE_MODEL_68_MM.map((p) => [p[0] - mean[0], p[1] - mean[1], p[2] - mean[2]]);
  const moments = new Array(9).fill(0) as Mat3;
  centred.forEach((q, i) => {
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) moments[3 * r + c] += WEIGHTS[i] * q[r] * q[c];
  });
  return { centred, total, inverseMoments: invert3(moments) };
})();

export function estimateHeadPose(points68: Landmarks68): HeadPose {
  if (points68.length !== 136) throw new RangeError(`expected 136 numbers (68 x,y pairs), got ${points68.length}`);
  let meanU = 0;
  let meanV = 0;
  for (let i = 0; i < 68; i++) {
    meanU += WEIGHTS[i] * points68[2 * i];
    meanV += WEIGHTS[i] * points68[2 * i + 1];
  }
  meanU /= MODEL.total;
  meanV /= MODEL.total;
  if (!Number.isFinite(meanU) || !Number.isFinite(meanV)) throw new RangeError('head pose: landmarks must be finite');

  // Affine camera A (2×3) by weighted least squares: A = (Σ w p qᵀ)(Σ w q qᵀ)⁻¹.
  const cross = [0, 0, 0, 0, 0, 0];
  MODEL.centred.forEach((q, i) => {
    const u = points68[2 * i] - meanU;
    const v = points68[2 * i + 1] - meanV;
    for (let c = 0; c < 3; c++) {
      cross[c] += WEIGHTS[i] * u * q[c];
      cross[3 + c] += WEIGHTS[i] * v * q[c];
    }
  });
  const inv = MODEL.inverseMoments;
  const a = [0, 0, 0, 0, 0, 0];
  for (let r = 0; r < 2; r++) {
    for (let c = 0; c < 3; c++) {
      a[3 * r + c] = cross[3 * r] * inv[c] + cross[3 * r + 1] * inv[3 + c] + cross[3 * r + 2] * inv[6 + c];
    }
  }

  // Nearest scaled rotation rows: the polar factor (A Aᵀ)^(-1/2) A.
  const m11 = a[0] * a[0] + a[1] * a[1] + a[2] * a[2];
  const m12 = a[0] * a[3] + a[1] * a[4] + a[2] * a[5];
  const m22 = a[3] * a[3] + a[4] * a[4] + a[5] * a[5];
  const det = m11 * m22 - m12 * m12;
  if (!(det > 0)) throw new RangeError('head pose: landmarks are degenerate (collinear or equal)');
  const rootDet = Math.sqrt(det);
  const t = Math.sqrt(m11 + m22 + 2 * rootDet);
  // sqrt(M) = (M + √det·I) / t for a 2×2 symmetric positive M; its inverse below.
  const s11 = (m11 + rootDet) / t;
  const s12 = m12 / t;
  const s22 = (m22 + rootDet) / t;
  const sDet = s11 * s22 - s12 * s12;
  const i11 = s22 / sDet;
  const i12 = -s12 / sDet;
  const i22 = s11 / sDet;
  const r1 = [0, 1, 2].map((c) => i11 * a[c] + i12 * a[3 + c]);
  const r2 = [0, 1, 2].map((c) => i12 * a[c] + i22 * a[3 + c]);
  const r3z = r1[0] * r2[1] - r1[1] * r2[0];
  const scalePxPerMm = (s11 + s22) / 2;

  // The face's forward direction (model −z) in camera axes.
  const fx = -r1[2];
  const fy = -r2[2];
  const fz = -r3z;
  const deg = 180 / Math.PI;

  let squared = 0;
  MODEL.centred.forEach((q, i) => {
    const du = points68[2 * i] - meanU - scalePxPerMm * (r1[0] * q[0] + r1[1] * q[1] + r1[2] * q[2]);
    const dv = points68[2 * i + 1] - meanV - scalePxPerMm * (r2[0] * q[0] + r2[1] * q[1] + r2[2] * q[2]);
    squared += du * du + dv * dv;
  });
  return {
    yawDegrees: Math.atan2(fx, -fz) * deg,
    pitchDegrees: Math.atan2(-fy, Math.hypot(fx, fz)) * deg,
    rollDegrees: Math.atan2(r2[0], r1[0]) * deg,
    scalePxPerMm,
    fitRmsMm: Math.sqrt(squared / 68) / scalePxPerMm,
  };
}
