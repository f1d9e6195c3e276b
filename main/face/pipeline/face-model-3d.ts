// A rigid 3-D mean face in the iBUG-300W 68-point order, in millimetres, for head-pose
// fitting and for synthetic test tracks.
//
// Source: hand-placed from rounded adult anthropometric means (Farkas, "Anthropometry of the
// Head and Face", 1994): intercanthal width ≈ 33 mm, biocular width ≈ 92 mm, eye fissure
// height ≈ 8 mm, mouth width ≈ 50 mm, nasion–menton ≈ 120 mm, nasal tip protrusion ≈ 20 mm,
// face width at the ear line ≈ 140 mm. Not a scanned or statistical model: good to a few
// millimetres, which is enough because the challenge measures pose changes relative to each
// user's own starting pose, so a constant model bias cancels.
//
// Axes as seen by an unmirrored camera facing the subject: x to image right (the subject's
// left), y down, z away from the camera (into the head); origin between the inner eye corners.

export type Vec3 = readonly [number, number, number];

/** Image-right half (x ≥ 0) of the jaw, points 8 (chin) … 16 (by the subject's left ear). */
const JAW_RIGHT: readonly Vec3[] = [
  [0, 112, -5], [17, 110, -2], [33, 103, 8], [46, 92, 20], [56, 78, 33],
  [63, 62, 46], [67, 45, 58], [69, 27, 68], [70, 8, 76],
];
/** Brow over the image-left eye, outer (17) to inner (21). */
const BROW_LEFT: readonly Vec3[] = [[-60, -18, 18], [-50, -27, 6], [-38, -31, -2], [-25, -30, -7], [-12, -25, -9]];
/** Nose bridge 27–30 (30 is the tip), then the lower nose 31–35, image left to right. */
const NOSE: readonly Vec3[] = [
  [0, -3, -12], [0, 10, -19], [0, 23, -25], [0, 36, -32],
  [-15, 44, -12], [-8, 47, -17], [0, 48, -19], [8, 47, -17], [15, 44, -12],
];
/** Image-left eye 36–41: outer corner, upper lid ×2, inner corner, lower lid ×2. EAR ≈ 0.28. */
const EYE_LEFT: readonly Vec3[] = [[-46, 1, 10], [-37, -3, 3], [-26, -3, 1], [-17, 1, 0], [-26, 5, 2], [-37, 5, 4]];
/** Outer lip 48–59 then inner lip 60–67, clockwise from the image-left corner. */
const MOUTH: readonly Vec3[] = [
  [-25, 72, 3], [-16, 66, -7], [-6, 63, -12], [0, 64, -13], [6, 63, -12], [16, 66, -7],
  [25, 72, 3], [16, 79, -6], [6, 82, -10], [0, 83, -11], [-6, 82, -10], [-16, 79, -6],
  [-21, 72, 1], [-7, 70, -9], [0, 70, -10], [7, 70, -9], [21, 72, 1], [7, 74, -9], [0, 74, -10], [-7, 74, -9],
];

const mirror = ([x, y, z]: Vec3): Vec3 => [x === 0 ? 0 : -x, y, z];

function buildModel(): readonly Vec3[] {
  const jaw = [...JAW_RIGHT.slice(1).reverse().map(mirror), ...JAW_RIGHT];
  const browRight = BROW_LEFT.map(mirror).reverse();
  // The image-right eye runs inner corner (42), upper lid, outer corner (45), lower lid.
  const eyeRight = [3, 2, 1, 0, 5, 4].map((i) => mirror(EYE_LEFT[i]));
  const points = [...jaw, ...BROW_LEFT, ...browRight, ...NOSE, ...EYE_LEFT, ...eyeRight, ...MOUTH];
  if (points.length !== 68) throw new Error(`face model has ${points.length} points, expected 68`);
  return Object.freeze(points.map((p) => Object.freeze([...p]) as unknown as Vec3));
}

export const FACE_MODEL_68_MM: readonly Vec3[] = buildModel();
