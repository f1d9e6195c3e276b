// Scripted stand-ins for main in the UI tests: fixed views and an enrolment that
// accepts every face, just enough to walk the pages through their steps.
import { DEFAULT_THRESHOLD_COSINE } from '../main/face/recognition/face-profile.ts';
import { PASSIVE_THRESHOLDS } from '../main/face/models/passive-liveness.ts';
import { CHANNELS, FACE_CROP_SIZE, type FaceFrame, type FrameReport, type LockView, type SettingsView } from '../preload/api.ts';
import { CONTEXT_CROP_BYTES, type RefusedAttemptsView } from '../preload/api.ts';
import { isFaceFrame, recorded } from './ui-stand.ts';

export const lockedView = (patch: Partial<LockView> = {}): LockView => ({
  phase: 'locked',
  faceEnabled: true,
  feedback: 'recognising',
  lockoutRemainingMs: 0,
  ...patch,
});

/** A 112×112 RGB thumbnail cut from the face box of a face crop (a stand-in for main's aligned face). */
export function thumb112(face: FaceFrame): Uint8Array {
  const out = new Uint8Array(112 * 112 * 3);
  const { x, y, width, height } = face.boxInCrop;
  const side = Math.max(width, height) * 1.15;
  const left = x + width / 2 - side / 2;
  const top = y + height / 2 - side / 2;
  const clamp = (v: number) => Math.min(FACE_CROP_SIZE - 1, Math.max(0, Math.round(v)));
  for (let row = 0; row < 112; row++) {
    for (let col = 0; col < 112; col++) {
      const source = (clamp(top + ((row + 0.5) * side) / 112) * FACE_CROP_SIZE + clamp(left + ((col + 0.5) * side) / 112)) * 3;
      out.set(face.faceCrop.subarray(source, source + 3), (row * 112 + col) * 3);
    }
  }
  return out;
}

/** A scripted enrolment: accepts every face, and the 4th capture is always an outlier. */
export function fakeEnrolment(requiredCount: number, settings: Partial<SettingsView> = {}) {
  const thumbs: Uint8Array[] = [];
  const similarity = (i: number, j: number) =>
    i === j ? 1 : i === 3 || j === 3 ? 0.31 + 0.02 * ((i + j) % 3) : 0.7 + 0.04 * ((i * 5 + j * 5) % 4);
  return recorded({
    [CHANNELS.settingsGet]: () => ({ ...SETTINGS, ...settings }),
    [CHANNELS.enrolBegin]: () => void thumbs.splice(0),
    [CHANNELS.enrolAddFrame]: (payload) => {
      const frame = payload as FrameReport;
      if (!isFaceFrame(frame)) {
        return { accepted: false, feedback: 'noFace', capturedCount: thumbs.length, requiredCount };
      }
      thumbs.push(thumb112(frame.face));
      return { accepted: true, feedback: 'recognising', capturedCount: thumbs.length, requiredCount, alignedThumb112: thumbs.at(-1) };
    },
    [CHANNELS.enrolReview]: () => {
      const count = thumbs.length;
      const similarityMatrix = Array.from({ length: count * count }, (_, k) => similarity(Math.floor(k / count), k % count));
      return { count, similarityMatrix, outlierIndices: count > 3 ? [3] : [], thumbs112: thumbs, poses: [] };
    },
    [CHANNELS.enrolTest]: () => ({
      feedback: 'recognising', similarityCosine: 0.71, thresholdCosine: DEFAULT_THRESHOLD_COSINE, wouldUnlock: true, livenessScore: 0.97, livenessThreshold: PASSIVE_THRESHOLDS.standard.liveThreshold,
    }),
    [CHANNELS.enrolSave]: () => ({ ok: true }),
    [CHANNELS.enrolCancel]: () => undefined,
  });
}

export const SETTINGS: SettingsView = {
  lockOnStart: true,
  idleLockMinutes: 5,
  startAtLogin: false,
  shortcut: 'CommandOrControl+Alt+L',
  passwordEveryHours: 72,
  cameraDeviceId: '',
  livenessMode: 'standard',
  weakKeyring: false,
  profileState: 'none',
  thresholdCosine: DEFAULT_THRESHOLD_COSINE,
  falseAccepts: { far: 1.2e-5, kind: 'about' },
};

// ---- Who tried while you were away (renderer/settings/snapshots-panel.ts) ----

/** A context crop of one colour, so the page's canvas can be checked pixel for pixel. */
export function solidCrop(rgb: readonly [number, number, number]): Uint8Array {
  const crop = new Uint8Array(CONTEXT_CROP_BYTES);
  for (let i = 0; i < crop.length; i += 3) crop.set(rgb, i);
  return crop;
}

/** Main's refused-attempt calls over a list the test gives: the switch, deleting one and all. */
export function fakeRefusedAttempts(view: RefusedAttemptsView): Record<string, (payload: unknown) => unknown> {
  let current = view;
  return {
    [CHANNELS.refusedAttemptsGet]: () => current,
    [CHANNELS.refusedAttemptsSetKeeping]: (keep) => (current = { ...current, keeping: keep === true }),
    [CHANNELS.refusedAttemptsDelete]: (id) =>
      (current = { ...current, attempts: current.attempts.filter((a) => a.id !== id), unreadableIds: current.unreadableIds.filter((u) => u !== id) }),
    [CHANNELS.refusedAttemptsDeleteAll]: () => (current = { ...current, attempts: [], unreadableIds: [] }),
  };
}
