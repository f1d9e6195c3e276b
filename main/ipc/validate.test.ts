import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frameReport } from '../../test-support/frame-report.ts';
import {
  CONTEXT_CROP_BYTES,
  FACE_CROP_BYTES,
  MAX_PASSWORD_LENGTH,
  type FrameReport,
} from '../../preload/api.ts';
import {
  PayloadError,
  validateCameraProblem,
  validateEnrolBegin,
  validateFrameReport,
  validatePassword,
  validateSettingsPatch,
  type PayloadErrorCode,
} from './validate.ts';

function frame(): FrameReport {
  return frameReport({
    face: { faceCrop: new Uint8Array(FACE_CROP_BYTES).fill(7), boxInFrame: { x: 250, y: 150, width: 160, height: 170 }, detectorScore: 0.93 },
    quality: { faceWidthPx: 160, sharpnessLaplacianVar: 310 },
  });
}

type Loose = Record<string, any>;

/** A valid frame with one change applied through a loosely typed view. */
function frameWith(change: (f: Loose) => void): unknown {
  const f = frame() as unknown as Loose;
  change(f);
  return f;
}

function rejects(value: unknown, code: PayloadErrorCode, name: string): void {
  assert.throws(
    () => validateFrameReport(value),
    (error: unknown) => error instanceof PayloadError && error.code === code,
    name,
  );
}

test('a valid frame passes and comes back as a fresh object with the same content', () => {
  const input = frame();
  const output = validateFrameReport(input);
  assert.deepEqual(output, input);
  assert.notEqual(output, input);
  assert.notEqual(output.face, input.face);
  assert.equal(output.face?.faceCrop, input.face?.faceCrop);
  const empty = validateFrameReport({ frameWidthPx: 1, frameHeightPx: 8192, faceCount: 0, face: undefined });
  assert.deepEqual(empty, { frameWidthPx: 1, frameHeightPx: 8192, faceCount: 0 });
  assert.equal(Object.hasOwn(empty, 'face'), false);
  validateFrameReport(frameWith((f) => (f.face.faceCrop = Buffer.alloc(FACE_CROP_BYTES))));
});

test('crops of the wrong type or length are refused', () => {
  rejects(frameWith((f) => (f.face.faceCrop = new Uint8Array(FACE_CROP_BYTES - 1))), 'wrongLength', 'short');
  rejects(frameWith((f) => (f.face.faceCrop = new Uint8Array(FACE_CROP_BYTES + 1))), 'wrongLength', 'long');
  rejects(frameWith((f) => (f.face.contextCrop = new Uint8Array(FACE_CROP_BYTES))), 'wrongLength', 'context');
  rejects(frameWith((f) => (f.face.faceCrop = new Uint8Array(50_000_000))), 'wrongLength', 'huge');
  rejects(frameWith((f) => (f.face.faceCrop = Array.from({ length: FACE_CROP_BYTES }, () => 0))), 'wrongType', 'Array');
  rejects(frameWith((f) => (f.face.faceCrop = new Array(10_000_000))), 'wrongType', 'huge Array');
  rejects(frameWith((f) => (f.face.faceCrop = 'x'.repeat(FACE_CROP_BYTES))), 'wrongType', 'string');
  rejects(frameWith((f) => (f.face.faceCrop = new Float32Array(FACE_CROP_BYTES / 4))), 'wrongType', 'Float32Array');
  rejects(frameWith((f) => (f.face.faceCrop = new Uint8ClampedArray(FACE_CROP_BYTES))), 'wrongType', 'clamped');
  rejects(frameWith((f) => (f.face.contextCrop = new ArrayBuffer(CONTEXT_CROP_BYTES))), 'wrongType', 'ArrayBuffer');
  const fake = { [Symbol.toStringTag]: 'Uint8Array', length: FACE_CROP_BYTES, byteLength: FACE_CROP_BYTES };
  rejects(frameWith((f) => (f.face.faceCrop = fake)), 'wrongType', 'spoofed tag');
});

test('NaN and Infinity are refused in every number', () => {
  const paths = [
    ['frameWidthPx'],
    ['frameHeightPx'],
    ['faceCount'],
    ['face', 'detectorScore'],
    ...['x', 'y', 'width', 'height'].flatMap((k) => [['face', 'boxInCrop', k], ['face', 'boxInFrame', k]]),
    ...['faceWidthPx', 'brightness', 'darkRatio', 'sharpnessLaplacianVar'].map((k) => [
      'face',
      'quality',
      k,
    ]),
  ];
  for (const path of paths) {
    for (const bad of [Number.NaN, Infinity, -Infinity]) {
      const value = frameWith((f) => {
        const parent = path.slice(0, -1).reduce((o, k) => o[k], f);
        parent[path[path.length - 1]] = bad;
      });
      rejects(value, 'notFinite', `${path.join('.')} = ${bad}`);
    }
  }
  rejects(frameWith((f) => (f.frameWidthPx = '640')), 'wrongType', 'numeric string');
  rejects(frameWith((f) => (f.face.quality.brightness = 10n)), 'wrongType', 'bigint');
});

test('unexpected or missing keys and non-plain objects are refused', () => {
  rejects(frameWith((f) => (f.extra = 1)), 'unexpectedKey', 'top level');
  rejects(frameWith((f) => (f.face.embedding = [])), 'unexpectedKey', 'face');
  rejects(frameWith((f) => (f.face.quality.unlock = true)), 'unexpectedKey', 'quality');
  rejects(frameWith((f) => (f.face.boxInFrame.z = 0)), 'unexpectedKey', 'box');
  const symbolKeyed = frameWith((f) => Object.defineProperty(f, Symbol('s'), { value: 1, enumerable: true }));
  rejects(symbolKeyed, 'unexpectedKey', 'symbol key');
  rejects(frameWith((f) => delete f.face.quality.darkRatio), 'missingKey', 'missing quality figure');
  rejects(frameWith((f) => delete f.frameHeightPx), 'missingKey', 'missing height');
  const withGetter = frameWith((f) => Object.defineProperty(f, 'faceCount', { get: () => 1, enumerable: true }));
  rejects(withGetter, 'wrongType', 'getter');
  for (const value of [null, undefined, 'frame', 42, [], new Map(), new (class Frame {})()]) {
    rejects(value, 'notPlainObject', String(value));
  }
  rejects(frameWith((f) => (f.face.quality = [1, 2, 3, 4, 5])), 'notPlainObject', 'array quality');
});

test('sizes, counts and ranges are enforced', () => {
  const cases: [string, (f: Loose) => void, PayloadErrorCode][] = [
    ['negative width', (f) => (f.frameWidthPx = -640), 'outOfRange'],
    ['zero height', (f) => (f.frameHeightPx = 0), 'outOfRange'],
    ['too wide', (f) => (f.frameWidthPx = 8193), 'outOfRange'],
    ['fractional width', (f) => (f.frameWidthPx = 640.5), 'wrongType'],
    ['too many faces', (f) => (f.faceCount = 17), 'outOfRange'],
    ['fractional count', (f) => (f.faceCount = 1.5), 'wrongType'],
    ['score above 1', (f) => (f.face.detectorScore = 1.01), 'outOfRange'],
    ['brightness above 255', (f) => (f.face.quality.brightness = 256), 'outOfRange'],
    ['dark ratio above 1', (f) => (f.face.quality.darkRatio = 1.1), 'outOfRange'],
    ['negative sharpness', (f) => (f.face.quality.sharpnessLaplacianVar = -1), 'outOfRange'],
    ['zero face width', (f) => (f.face.quality.faceWidthPx = 0), 'outOfRange'],
    ['face wider than frame', (f) => (f.face.quality.faceWidthPx = 2000), 'outOfRange'],
    ['negative box width', (f) => (f.face.boxInCrop.width = -10), 'outOfRange'],
    ['zero box height', (f) => (f.face.boxInFrame.height = 0), 'outOfRange'],
    ['crop box past the right edge', (f) => (f.face.boxInCrop.x = 100), 'outOfRange'],
    ['crop box left of the crop', (f) => (f.face.boxInCrop.x = -1), 'outOfRange'],
    ['frame box far left', (f) => (f.face.boxInFrame.x = -40), 'outOfRange'],
    ['frame box far below', (f) => (f.face.boxInFrame.y = 400), 'outOfRange'],
    ['face missing with faceCount 1', (f) => delete f.face, 'inconsistent'],
    ['face undefined with faceCount 1', (f) => (f.face = undefined), 'inconsistent'],
    ['face present with faceCount 0', (f) => (f.faceCount = 0), 'inconsistent'],
  ];
  for (const [name, change, code] of cases) rejects(frameWith(change), code, name);
  // Detector boxes may spill a little over the frame edge (up to 5 % of the frame).
  validateFrameReport(frameWith((f) => (f.face.boxInFrame = { x: -30, y: -20, width: 200, height: 200 })));
  validateFrameReport(frameWith((f) => (f.face.boxInFrame = { x: 500, y: 300, width: 170, height: 200 })));
});

test('passwords must be strings within the length limits, and errors never echo them', () => {
  assert.equal(validatePassword('hunter22'), 'hunter22');
  const secret = 'short';
  assert.throws(
    () => validatePassword(secret),
    (error: unknown) => error instanceof PayloadError && error.code === 'outOfRange' && !error.message.includes(secret),
  );
  assert.throws(() => validatePassword('x'.repeat(MAX_PASSWORD_LENGTH + 1)), PayloadError);
  for (const value of [undefined, null, 12345678, ['password'], { toString: () => 'password' }]) {
    assert.throws(() => validatePassword(value), (error: unknown) => (error as PayloadError).code === 'wrongType');
  }
});

test('camera problems must be one of the contract values', () => {
  for (const problem of ['missing', 'denied', 'unplugged', 'other', 'model']) {
    assert.equal(validateCameraProblem(problem), problem);
  }
  for (const value of ['broken', '', 3, null, ['denied']]) {
    assert.throws(() => validateCameraProblem(value), PayloadError);
  }
});

test('enrol options need a mode and a source; a label is trimmed and bounded', () => {
  assert.deepEqual(validateEnrolBegin({ mode: 'replace', source: 'camera' }), { mode: 'replace', source: 'camera' });
  assert.deepEqual(validateEnrolBegin({ mode: 'addAppearance', source: 'photos', label: ' glasses ' }), { mode: 'addAppearance', source: 'photos', label: 'glasses' });
  assert.deepEqual(validateEnrolBegin({ mode: 'replace', source: 'camera', cameraDeviceId: 'd2f113ce' }), { mode: 'replace', source: 'camera', cameraDeviceId: 'd2f113ce' });
  for (const value of [
    { mode: 'replace' },
    { mode: 'replace', source: 'scanner' },
    { mode: 'merge', source: 'camera' },
    { mode: 'replace', source: 'camera', label: 'x'.repeat(41) },
    { mode: 'replace', source: 'camera', extra: 1 },
    { mode: 'replace', source: 'photos', cameraDeviceId: 'abc' },
    { mode: 'replace', source: 'camera', cameraDeviceId: 7 },
  ]) {
    assert.throws(() => validateEnrolBegin(value), PayloadError, JSON.stringify(value));
  }
});

test('settings patches accept only known keys with the right types and ranges', () => {
  assert.deepEqual(validateSettingsPatch({}), {});
  const full = {
    lockOnStart: false,
    idleLockMinutes: 0,
    startAtLogin: true,
    shortcut: 'Alt+Shift+L',
    passwordEveryHours: 720,
    livenessMode: 'off',
    cameraDeviceId: '81d79cf4',
  };
  assert.deepEqual(validateSettingsPatch(full), full);
  const bad: [unknown, PayloadErrorCode][] = [
    [{ thresholdCosine: 0.1 }, 'unexpectedKey'],
    [{ weakKeyring: false }, 'unexpectedKey'],
    [{ profileState: 'none' }, 'unexpectedKey'],
    [{ idleLockMinutes: -1 }, 'outOfRange'],
    [{ idleLockMinutes: 1.5 }, 'wrongType'],
    [{ idleLockMinutes: Number.NaN }, 'notFinite'],
    [{ passwordEveryHours: 0 }, 'outOfRange'],
    [{ passwordEveryHours: '24' }, 'wrongType'],
    [{ lockOnStart: 'true' }, 'wrongType'],
    [{ lockOnStart: undefined }, 'wrongType'],
    [{ livenessMode: 'lenient' }, 'wrongType'],
    [{ shortcut: 'Ctrl L' }, 'wrongType'],
    [{ cameraDeviceId: 'x'.repeat(257) }, 'wrongType'],
    [{ cameraDeviceId: null }, 'wrongType'],
    [null, 'notPlainObject'],
  ];
  for (const [patch, code] of bad) {
    assert.throws(
      () => validateSettingsPatch(patch),
      (error: unknown) => error instanceof PayloadError && error.code === code,
      JSON.stringify(patch),
    );
  }
});
