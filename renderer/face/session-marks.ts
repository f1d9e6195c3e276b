// The User Timing marks a FaceSession sets (DevTools' performance panel shows them, and
// `npm run bench` times the lock screen by them). A module of its own: Node reads it too.

export const FACE_SESSION_MARKS = {
  /** The detector is loaded (wasm compiled, model checked and handed over), not yet warm. */
  detectorLoaded: 'face-session:detector-loaded',
  /** The detector is loaded and warm (FaceSession.prepare's warm-up rounds). */
  detectorReady: 'face-session:detector-ready',
  /** A session's camera plays: its stream is attached and play() resolved. */
  cameraReady: 'face-session:camera-ready',
  /** A session's first analysed frame is handed to the page (which sends it to main). */
  firstFrame: 'face-session:first-frame',
} as const;
