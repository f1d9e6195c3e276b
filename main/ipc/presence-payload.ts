// The presence page's frame, checked like every other payload (validate.ts): exact keys, plain
// data, and each face exactly as a lock frame's face is checked (validateFrameReport, one face
// at a time), rebuilt from the checked fields.
import { MAX_FACES_REPORTED, MAX_PRESENCE_FACES, type FaceFrame, type PresenceReport } from '../../preload/api.ts';
import { PayloadError, validateFrameReport } from './validate.ts';

const KEYS = ['frameWidthPx', 'frameHeightPx', 'faceCount', 'faces'] as const;

export function validatePresenceReport(value: unknown): PresenceReport {
  const record = plainRecordOf(value, 'presence');
  for (const key of Reflect.ownKeys(record)) {
    if (typeof key !== 'string' || !(KEYS as readonly string[]).includes(key)) throw new PayloadError('unexpectedKey', 'presence has an unexpected key');
  }
  for (const key of KEYS) if (!Object.hasOwn(record, key)) throw new PayloadError('missingKey', `presence.${key} is missing`);
  // The frame's size is checked as a lock frame's is, and the face count against the same limit.
  const { frameWidthPx, frameHeightPx } = validateFrameReport({ frameWidthPx: record.frameWidthPx, frameHeightPx: record.frameHeightPx, faceCount: 0 });
  const faceCount = record.faceCount;
  if (typeof faceCount !== 'number' || !Number.isInteger(faceCount)) throw new PayloadError('wrongType', 'presence.faceCount must be an integer');
  if (faceCount < 0 || faceCount > MAX_FACES_REPORTED) throw new PayloadError('outOfRange', 'presence.faceCount is out of range');
  const faces = record.faces;
  if (!Array.isArray(faces) || Object.getPrototypeOf(faces) !== Array.prototype) throw new PayloadError('wrongType', 'presence.faces must be an array');
  // The page crops the largest faces, up to the limit: any other count is not what it sends.
  if (faces.length !== Math.min(faceCount, MAX_PRESENCE_FACES)) throw new PayloadError('inconsistent', 'presence.faces does not match presence.faceCount');
  const checked: FaceFrame[] = [];
  for (let i = 0; i < faces.length; i++) {
    const descriptor = Object.getOwnPropertyDescriptor(faces, i);
    if (!descriptor || !('value' in descriptor)) throw new PayloadError('wrongType', 'presence.faces must hold plain values');
    checked.push(validateFrameReport({ frameWidthPx, frameHeightPx, faceCount: 1, face: descriptor.value }).face!);
  }
  return { frameWidthPx, frameHeightPx, faceCount, faces: checked };
}

function plainRecordOf(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new PayloadError('notPlainObject', `${path} must be an object`);
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw new PayloadError('notPlainObject', `${path} must be a plain object`);
  for (const key of Reflect.ownKeys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (!descriptor || !('value' in descriptor)) throw new PayloadError('wrongType', `${path} must hold plain values`);
  }
  return value as Record<string, unknown>;
}
