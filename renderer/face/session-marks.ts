// The User Timing marks a FaceSession sets (DevTools' performance panel shows them, and
// `npm run bench` times the lock screen by them). A module of its own: Node reads it too.

export const FACE_SESSION_MARKS = {
  /** The detector is loaded and warm (FaceSession.prepare). */
  detectorReady: 'face-session:detector-ready',
  /** A session's camera plays: its stream is attached and play() resolved. */
  cameraReady: 'face-session:camera-ready',
} as const;
