// Reading a SimilarityTransform (main/face/math/geometry.ts) back in tests: where it sends a
// point, its scale and its rotation. The product only fits and warps; the tests check the fit.
import type { Point, SimilarityTransform } from '../main/face/math/geometry.ts';

export function applySimilarity(t: SimilarityTransform, p: Point): Point {
  return { x: t.a * p.x - t.b * p.y + t.tx, y: t.b * p.x + t.a * p.y + t.ty };
}

export function similarityScale(t: SimilarityTransform): number {
  return Math.hypot(t.a, t.b);
}

/** Counter-clockwise in maths axes, which is clockwise on screen (y points down). */
export function similarityRotationRadians(t: SimilarityTransform): number {
  return Math.atan2(t.b, t.a);
}
