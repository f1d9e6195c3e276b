// Is the face in front of the camera flat? A printed photo or a phone screen, however it is
// moved or tilted, moves all its landmarks by one planar homography; a real head turning
// moves the nose tip against the eyes and the jaw, which no homography can follow.
//
// A photo bent round a vertical axis is no longer planar, and tilted steeply it leaves a
// homography residual as large as a head's (synthetic: radius 40 cm, tilted 65°). Its
// midline (nasion, nose tip, chin) is still a straight line in space, though, so it stays
// straight in the image, whereas a turning head swings its nose tip off that line:
// midlineNoseOffsetIod catches what the homography misses, for turns. For nods, a photo has to
// be tilted so far to fool the pose estimate that its face looks squashed: eyeMouthAspect.
import { fivePointsFrom68, type Landmarks68 } from '../../pipeline/landmarks68.ts';
import { fitHomography, transferRms } from './homography.ts';

/**
 * RMS residual of the best homography from the reference landmarks to the current ones,
 * divided by the current inter-ocular distance (eye centre to eye centre), so that it does
 * not depend on how far the face is.
 */
export function planarResidualIod(reference68: Landmarks68, current68: Landmarks68): number {
  const [leftEye, rightEye] = fivePointsFrom68(current68);
  const interocularPx = Math.hypot(rightEye.x - leftEye.x, rightEye.y - leftEye.y);
  if (!(interocularPx > 0)) throw new RangeError('planarResidualIod: eyes coincide');
  const h = fitHomography(reference68, current68);
  return transferRms(h, reference68, current68) / interocularPx;
}

const NASION = 27;
const CHIN = 8;
const NOSE_TIP = 30;

/**
 * Signed distance of the nose tip from the nasion–chin line, divided by the inter-ocular
 * distance; positive towards image right. The tip stands ~22 mm in front of that line, so a
 * turn to the subject's left (nose towards image right in an unmirrored frame) raises it by
 * about 0.4 × sin(yaw): 0.10 at 15°. (Fitting the line through more midline points lowered
 * the noise less than the signal, on the synthetic tracks.)
 */
export function midlineNoseOffsetIod(points68: Landmarks68): number {
  const [leftEye, rightEye] = fivePointsFrom68(points68);
  const interocularPx = Math.hypot(rightEye.x - leftEye.x, rightEye.y - leftEye.y);
  const [ax, ay] = [points68[2 * NASION], points68[2 * NASION + 1]];
  const [bx, by] = [points68[2 * CHIN], points68[2 * CHIN + 1]];
  const [nx, ny] = [points68[2 * NOSE_TIP], points68[2 * NOSE_TIP + 1]];
  const length = Math.hypot(bx - ax, by - ay);
  if (!(interocularPx > 0 && length > 0)) throw new RangeError('midlineNoseOffsetIod: degenerate landmarks');
  return ((by - ay) * (nx - ax) - (bx - ax) * (ny - ay)) / length / interocularPx;
}

/**
 * Distance from the eyes' midpoint to the mouth corners' midpoint over the inter-ocular
 * distance. A real nod hardly changes it (× 0.81 at 30° on the 3-D mean face), while a photo
 * tilted far enough to fake a 12° nod squashes it to ≤ 0.56 of its value at rest.
 */
export function eyeMouthAspect(points68: Landmarks68): number {
  const [leftEye, rightEye, , mouthLeft, mouthRight] = fivePointsFrom68(points68);
  const interocularPx = Math.hypot(rightEye.x - leftEye.x, rightEye.y - leftEye.y);
  if (!(interocularPx > 0)) throw new RangeError('eyeMouthAspect: eyes coincide');
  const dx = (mouthLeft.x + mouthRight.x - leftEye.x - rightEye.x) / 2;
  const dy = (mouthLeft.y + mouthRight.y - leftEye.y - rightEye.y) / 2;
  return Math.hypot(dx, dy) / interocularPx;
}
