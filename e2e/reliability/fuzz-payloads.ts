// Payload generators for ipc-fuzz.test.ts, driven by a seeded PRNG so any failure
// replays from its seed. Each generator starts from what a channel accepts (the shapes
// of preload/api.ts, as main/ipc/validate.test.ts writes them) and breaks it one way:
// wrong types, missing or extra keys, huge or non-finite values, deep nesting,
// prototype keys, crops of the wrong type or length, boxes on and past their limits.
// Some breakages stay valid on purpose (a Buffer crop, a view into a larger buffer, a
// null-prototype object, a box a hair inside its bound), so that they reach the pipeline.
import {
  CONTEXT_CROP_BYTES,
  FACE_CROP_BYTES,
  FACE_CROP_SIZE,
  MAX_APPEARANCE_LABEL_LENGTH,
  MAX_CAMERA_DEVICE_ID_LENGTH,
  MAX_FACES_REPORTED,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  type FaceFrame,
  type FrameReport,
} from '../../preload/api.ts';
import { MAX_PRESENCE_FACES, type PresenceReport } from '../../preload/api.ts';
import { MIN_BOX_IN_CROP_PX } from '../../main/ipc/validate.ts';

/** What a channel takes; channels without a payload get one anyway (they must ignore it). */
export type PayloadShape = 'none' | 'frame' | 'password' | 'cameraProblem' | 'enrolBegin' | 'settingsPatch' | RefusedAttemptShape | 'presence';
/** The refused attempts' calls (main/core/attempt-snapshots.ts): the on/off switch, and a snapshot's id. */
type RefusedAttemptShape = 'keepSnapshots' | 'snapshotId';

export const PAYLOAD_KINDS = [
  'valid',
  'mutated',
  'wrongType',
  'missingKey',
  'extraKey',
  'huge',
  'nonFinite',
  'deepNesting',
  'protoKeys',
  'badBytes',
  'edgeFrame',
  'exotic',
] as const;
export type PayloadKind = (typeof PAYLOAD_KINDS)[number];

/** The key every prototype-key payload tries to plant; the test checks that no object grew it. */
export const POLLUTION_MARKER = 'fuzzPolluted';

/** Seeded choices. */
export class Dice {
  constructor(readonly next: () => number) {}

  /** A whole number in min..max inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  real(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** An item chosen by weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [item, weight] of entries) {
      roll -= weight;
      if (roll < 0) return item;
    }
    return entries[entries.length - 1][0];
  }

  /** A string of `length` characters, ASCII mostly, with control characters, accents, astral and lone surrogates. */
  text(length: number): string {
    const pieces = ['a', 'Z', '0', ' ', '+', '/', '\\', '.', '%', '\u0000', '\u001b', '\u007f', 'é', 'ß', '\u202e', '𝒳', '\ud800', '\udfff', '"', '<'];
    let out = '';
    while (out.length < length) out += this.next() < 0.6 ? String.fromCharCode(0x21 + this.int(0, 93)) : this.pick(pieces);
    return out.slice(0, length);
  }
}

// ---- Valid payloads ----

/** A box inside `side`×`side`: what the renderer computes. */
function boxInside(d: Dice, sideX: number, sideY: number, minSide = 8) {
  const width = d.real(Math.min(minSide, sideX), sideX);
  const height = d.real(Math.min(minSide, sideY), sideY);
  return { x: d.real(0, sideX - width), y: d.real(0, sideY - height), width, height };
}

/** Crop bytes with content the models have to chew on: blank, flat, noise, gradient or checkerboard. */
function cropBytes(d: Dice, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  switch (d.int(0, 4)) {
    case 0:
      break;
    case 1:
      bytes.fill(d.int(0, 255));
      break;
    case 2:
      for (let i = 0; i < length; i++) bytes[i] = (d.next() * 256) | 0;
      break;
    case 3:
      for (let i = 0; i < length; i++) bytes[i] = (i * 7) & 255;
      break;
    default:
      for (let i = 0; i < length; i++) bytes[i] = ((i / 3) ^ (i / 1000)) & 1 ? 230 : 20;
  }
  return bytes;
}

/** The chosen face of a valid frame of `frameWidthPx`×`frameHeightPx`. */
function validFace(d: Dice, frameWidthPx: number, frameHeightPx: number): FaceFrame {
  const boxInFrame = boxInside(d, frameWidthPx, frameHeightPx);
  // Mostly a face the quality gate can pass, so that the embedder and liveness run too.
  const sane = d.chance(0.7);
  return {
    faceCrop: cropBytes(d, FACE_CROP_BYTES),
    boxInCrop: sane ? { x: 42, y: 42, width: 140, height: 140 } : boxInside(d, FACE_CROP_SIZE, FACE_CROP_SIZE, MIN_BOX_IN_CROP_PX),
    contextCrop: cropBytes(d, CONTEXT_CROP_BYTES),
    boxInFrame,
    detectorScore: d.next(),
    quality: {
      faceWidthPx: sane ? Math.max(boxInFrame.width, 1) : d.real(1e-6, frameWidthPx),
      brightness: sane ? d.real(60, 200) : d.real(0, 255),
      darkRatio: sane ? d.real(0, 0.2) : d.next(),
      sharpnessLaplacianVar: sane ? d.real(30, 500) : d.pick([0, d.real(0, 1e6), Number.MAX_VALUE]),
    },
  };
}

/** A FrameReport that passes validation. */
export function validFrame(d: Dice): FrameReport {
  const frameWidthPx = d.pick([640, 1280, 1920, d.int(1, 8192)]);
  const frameHeightPx = d.pick([480, 720, 1080, d.int(1, 8192)]);
  const faceCount = d.weighted([
    [0, 2],
    [1, 6],
    [d.int(2, MAX_FACES_REPORTED), 1],
  ]);
  if (faceCount === 0) return { frameWidthPx, frameHeightPx, faceCount };
  return { frameWidthPx, frameHeightPx, faceCount, face: validFace(d, frameWidthPx, frameHeightPx) };
}

function validPassword(d: Dice): string {
  return d.text(d.weighted([
    [d.int(MIN_PASSWORD_LENGTH, 20), 8],
    [d.int(MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH), 2],
  ]));
}

function validCameraDeviceId(d: Dice): string {
  return d.pick(['', 'default', d.text(64).replace(/[^\x20-\x7e]/g, 'x'), 'f'.repeat(MAX_CAMERA_DEVICE_ID_LENGTH)]);
}

function validEnrolBegin(d: Dice): Record<string, unknown> {
  const source = d.pick(['camera', 'photos']);
  const options: Record<string, unknown> = { mode: d.pick(['replace', 'addAppearance']), source };
  if (d.chance(0.4)) options.label = d.text(d.int(1, MAX_APPEARANCE_LABEL_LENGTH)).replace(/^\s+$/, 'x');
  if (d.chance(0.3)) options.currentPassword = validPassword(d);
  if (source === 'camera' && d.chance(0.4)) options.cameraDeviceId = validCameraDeviceId(d);
  return options;
}

function validSettingsPatch(d: Dice): Record<string, unknown> {
  const candidates: [string, () => unknown][] = [
    ['lockOnStart', () => d.chance(0.5)],
    ['idleLockMinutes', () => d.int(0, 24 * 60)],
    ['startAtLogin', () => d.chance(0.5)],
    ['shortcut', () => d.pick(['', 'CommandOrControl+Alt+L', 'Super+L', 'F13', 'Ctrl+Shift+' + String.fromCharCode(0x41 + d.int(0, 25))])],
    ['passwordEveryHours', () => d.int(1, 30 * 24)],
    ['livenessMode', () => d.pick(['standard', 'strict', 'off'])],
    ['cameraDeviceId', () => validCameraDeviceId(d)],
    ['currentPassword', () => validPassword(d)],
    ['walkAwayLock', () => d.chance(0.5)],
    ['walkAwaySeconds', () => d.int(10, 600)],
  ];
  const patch: Record<string, unknown> = {};
  for (const [key, value] of candidates) if (d.chance(0.3)) patch[key] = value();
  return patch;
}

function validPayload(d: Dice, shape: PayloadShape): unknown {
  switch (shape) {
    case 'none':
      return undefined;
    case 'frame':
      return validFrame(d);
    case 'password':
      return validPassword(d);
    case 'cameraProblem':
      return d.pick(['missing', 'denied', 'unplugged', 'other']);
    case 'enrolBegin':
      return validEnrolBegin(d);
    case 'settingsPatch':
      return validSettingsPatch(d);
    case 'keepSnapshots':
      return d.chance(0.5);
    case 'snapshotId':
      // Well formed, of no snapshot (the store finds none), or a path the door must refuse.
      return d.pick([() => Array.from({ length: 32 }, () => d.pick([...'0123456789abcdef'])).join(''), () => '../profile.json', () => `${'0'.repeat(31)}/`, () => 'A'.repeat(32)])();
    case 'presence':
      return validPresence(d);
  }
}

/** A presence frame that passes validation (main/ipc/presence-payload.ts): its largest faces, up to MAX_PRESENCE_FACES. */
function validPresence(d: Dice): PresenceReport {
  const { frameWidthPx, frameHeightPx, faceCount } = validFrame(d);
  const faces = Array.from({ length: Math.min(faceCount, MAX_PRESENCE_FACES) }, () => validFace(d, frameWidthPx, frameHeightPx));
  return { frameWidthPx, frameHeightPx, faceCount, faces };
}

// ---- Odd values ----

class Impostor {
  frameWidthPx = 640;
  frameHeightPx = 480;
  faceCount = 0;
}

/** One value from the corners of the type system; fresh each time (some are mutable). */
function oddValue(d: Dice): unknown {
  const makers: (() => unknown)[] = [
    () => undefined,
    () => null,
    () => true,
    () => false,
    () => 0,
    () => -0,
    () => 1,
    () => -1,
    () => 0.5,
    () => NaN,
    () => Infinity,
    () => -Infinity,
    () => Number.MAX_VALUE,
    () => Number.MIN_VALUE,
    () => Number.MAX_SAFE_INTEGER + 2,
    () => -1e308,
    () => 2 ** 31,
    () => 8192,
    () => 8193,
    () => FACE_CROP_SIZE + 0.01,
    () => MAX_FACES_REPORTED + 1,
    () => '',
    () => ' ',
    () => '0',
    () => 'NaN',
    () => 'replace',
    () => 'strict',
    () => 'off',
    () => 'camera',
    () => '\u0000',
    () => '\ud800',
    () => 'a'.repeat(MAX_PASSWORD_LENGTH + 1),
    () => d.text(d.int(0, 300)),
    () => [],
    () => [1, 2, 3],
    () => ({}),
    () => Object.create(null),
    () => new Uint8Array(d.int(0, 16)),
    () => new Date(NaN),
    () => /x/g,
    () => new Map([['faceCount', 1]]),
    () => new Set([1]),
    () => 10n,
    () => new ArrayBuffer(8),
    () => new Error('not a payload'),
    () => new Impostor(),
  ];
  return d.pick(makers)();
}

function nonFiniteValue(d: Dice): number {
  return d.pick([NaN, Infinity, -Infinity, -0, Number.MAX_VALUE * -1, Number.MIN_VALUE]);
}

// ---- Walking a payload ----

type Path = (string | number)[];

function isContainer(value: unknown): value is Record<string | number, unknown> {
  return typeof value === 'object' && value !== null && !ArrayBuffer.isView(value) && (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null);
}

/** Every path into plain objects and arrays (not into byte arrays), the root included. */
function pathsOf(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  out.push(path);
  if (isContainer(value) && path.length < 6) {
    for (const key of Object.keys(value)) pathsOf(value[key], [...path, key], out);
  }
  return out;
}

function getAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (isContainer(node) ? node[key] : undefined), root);
}

/** Sets the value at `path` (the root when empty) and returns the new root. */
function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const parent = getAt(root, path.slice(0, -1));
  if (isContainer(parent)) parent[path[path.length - 1]] = value;
  return root;
}

/** A deep copy that keeps byte arrays as they are (they are never mutated in place). */
function copy(value: unknown): unknown {
  if (!isContainer(value)) return value;
  if (Array.isArray(value)) return value.map(copy);
  const out: Record<string, unknown> = Object.getPrototypeOf(value) === null ? Object.create(null) : {};
  for (const key of Object.keys(value)) out[key] = copy(value[key]);
  return out;
}

function objectPaths(root: unknown): Path[] {
  return pathsOf(root).filter((path) => {
    const node = getAt(root, path);
    return isContainer(node) && !Array.isArray(node);
  });
}

// ---- The breakages ----

function mutated(d: Dice, valid: unknown): unknown {
  const root = copy(valid);
  const paths = pathsOf(root);
  const path = d.pick(paths);
  const current = getAt(root, path);
  if (typeof current === 'number' && d.chance(0.5)) {
    // Near misses keep the type: off by one, a fraction, out of range, negated.
    const nudged = d.pick([current + 1, current - 1, current + 0.5, -current, current * 1000, current + 1e-9, Math.round(current)]);
    return setAt(root, path, nudged);
  }
  if (typeof current === 'string' && d.chance(0.5)) {
    return setAt(root, path, d.pick([current.toUpperCase(), ` ${current}`, `${current}\u0000`, current.slice(1), current + current]));
  }
  return setAt(root, path, oddValue(d));
}

function missingKey(d: Dice, valid: unknown): unknown {
  const root = copy(valid);
  const owners = objectPaths(root).filter((path) => Object.keys(getAt(root, path) as object).length > 0);
  if (owners.length === 0) return undefined;
  const owner = getAt(root, d.pick(owners)) as Record<string, unknown>;
  delete owner[d.pick(Object.keys(owner))];
  return root;
}

function extraKey(d: Dice, valid: unknown): unknown {
  const root = copy(valid);
  const owners = objectPaths(root);
  const owner = (owners.length > 0 ? getAt(root, d.pick(owners)) : undefined) as Record<string | symbol, unknown> | undefined;
  const target = owner ?? {};
  const key = d.pick<string | symbol>(['extra', 'face2', 'Face', 'faceCrop ', '', '0', 'length', 'toString', 'hasOwnProperty', 'then', 'valueOf', Symbol('hidden'), d.text(d.int(1, 12))]);
  target[key] = oddValue(d);
  return owner ? root : target;
}

function huge(d: Dice, valid: unknown): unknown {
  const root = copy(valid);
  const make = d.pick<() => unknown>([
    () => 'x'.repeat(d.pick([1e5, 1e6, 4e6])),
    () => d.text(d.int(MAX_PASSWORD_LENGTH + 1, 5000)),
    () => new Array(d.pick([1e4, 1e5, 2e5])).fill(d.pick([0, 'a', null])),
    () => new Array(2 ** 32 - 1), // sparse: huge length, no elements
    () => Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i])),
    () => new Uint8Array(d.pick([FACE_CROP_BYTES * 4, 10_000_000])),
  ]);
  return setAt(root, d.pick(pathsOf(root)), make());
}

function nonFinite(d: Dice, valid: unknown): unknown {
  const root = copy(valid);
  const numeric = pathsOf(root).filter((path) => typeof getAt(root, path) === 'number');
  const path = numeric.length > 0 ? d.pick(numeric) : d.pick(pathsOf(root));
  return setAt(root, path, nonFiniteValue(d));
}

/** Nested objects or arrays `depth` deep, built without recursion (JSON.parse would overflow first). */
function deeplyNested(depth: number, arrays: boolean): unknown {
  let node: unknown = arrays ? [] : {};
  for (let i = 0; i < depth; i++) node = arrays ? [node] : { face: node };
  return node;
}

function deepNesting(d: Dice, valid: unknown): unknown {
  const root = copy(valid);
  return setAt(root, d.pick(pathsOf(root)), deeplyNested(d.pick([100, 1_000, 10_000, 100_000]), d.chance(0.5)));
}

/** JSON text of `value`, byte arrays as placeholders, and an extra member spliced into the object at `target`. */
function jsonWithMember(value: unknown, target: unknown, member: string, bytes: Uint8Array[]): string {
  if (value instanceof Uint8Array) {
    bytes.push(value);
    return JSON.stringify({ $bytes: bytes.length - 1 });
  }
  if (Array.isArray(value)) return `[${value.map((item) => jsonWithMember(item, target, member, bytes)).join(',')}]`;
  if (isContainer(value)) {
    const members = Object.keys(value).map((key) => `${JSON.stringify(key)}:${jsonWithMember(value[key], target, member, bytes)}`);
    if (value === target) members.splice(members.length > 0 ? members.length - 1 : 0, 0, member);
    return `{${members.join(',')}}`;
  }
  // undefined and the odd non-JSON value stand in as null, as JSON.stringify would in an array.
  return JSON.stringify(value) ?? 'null';
}

/**
 * A valid payload with `__proto__`, `constructor` or `prototype` keys made by JSON.parse, so
 * they are own properties (as a structured clone delivers them), not a change of prototype.
 */
function protoKeys(d: Dice, valid: unknown): unknown {
  const owners = objectPaths(valid);
  const target = owners.length > 0 ? getAt(valid, d.pick(owners)) : undefined;
  const poison = `{"${POLLUTION_MARKER}":true,"toString":"pwned","faceCount":1,"livenessMode":"off","passwordEveryHours":720}`;
  const member = d.pick([
    `"__proto__":${poison}`,
    `"constructor":{"prototype":${poison}}`,
    `"prototype":${poison}`,
    `"__proto__":{"__proto__":${poison}}`,
    `"__proto__":null`,
  ]);
  const bytes: Uint8Array[] = [];
  const text = target ? jsonWithMember(valid, target, member, bytes) : `{${member}}`;
  // The reviver puts the byte arrays back; JSON.parse defines every member, __proto__ included, as an own property.
  return JSON.parse(text, (_key, value: unknown) => {
    if (isContainer(value) && !Array.isArray(value) && Object.keys(value).length === 1 && typeof value.$bytes === 'number') return bytes[value.$bytes];
    return value;
  });
}

/** Crops of the wrong kind or length; a few of the right kind in disguise (a Buffer, an offset view), which must pass. */
function badBytes(d: Dice, frame: FrameReport): unknown {
  const root = copy(frame) as Record<string, unknown>;
  const face = root.face as Record<string, unknown> | undefined;
  if (!face) return root;
  const field = d.pick(['faceCrop', 'contextCrop']);
  const length = field === 'faceCrop' ? FACE_CROP_BYTES : CONTEXT_CROP_BYTES;
  face[field] = d.pick<() => unknown>([
    () => new Uint8Array(length - 1),
    () => new Uint8Array(length + 1),
    () => new Uint8Array(0),
    () => new Uint8Array(field === 'faceCrop' ? CONTEXT_CROP_BYTES : FACE_CROP_BYTES),
    () => new Uint8ClampedArray(length),
    () => new Int8Array(length),
    () => new Uint16Array(length / 2),
    () => new Float32Array(length / 4),
    () => new Float64Array(length),
    () => new DataView(new ArrayBuffer(length)),
    () => new ArrayBuffer(length),
    () => Array.from({ length: 64 }, () => 0),
    () => ({ length, byteLength: length, [Symbol.toStringTag]: 'Uint8Array' }),
    () => 'x'.repeat(length),
    // Valid in disguise: the validator must take them and the pipeline must read them right.
    () => Buffer.from(cropBytes(d, length)),
    () => cropBytes(d, length + 4096).subarray(4096),
    () => new Uint8Array(new SharedArrayBuffer(length)),
  ])();
  return root;
}

/** Frames that look right but put sizes and boxes on, just inside and just past their limits. */
function edgeFrame(d: Dice): unknown {
  const w = d.pick([1, 2, 640, 8192, 8193, 0]);
  const h = d.pick([1, 2, 480, 8192, 8193, 0]);
  const face: Record<string, unknown> = { ...validFace(d, Math.max(w, 1), Math.max(h, 1)) };
  const slack = d.pick([0, 0.049, 0.05, 0.0500001, 0.06, 0.5]);
  const edge = d.pick([1e-300, 1e-9, 0.001, 0.01, 1]);
  face.boxInFrame = d.pick([
    { x: -w * slack, y: -h * slack, width: w * (1 + 2 * slack), height: h * (1 + 2 * slack) },
    { x: w - edge, y: h - edge, width: edge, height: edge },
    { x: 0, y: 0, width: 0, height: h },
    { x: -8192, y: -8192, width: 8192, height: 8192 },
    { x: 8192, y: 8192, width: 1e-300, height: 1e-300 },
  ]);
  face.boxInCrop = d.pick([
    { x: 0, y: 0, width: FACE_CROP_SIZE, height: FACE_CROP_SIZE },
    { x: -0.001, y: -0.001, width: FACE_CROP_SIZE + 0.002, height: FACE_CROP_SIZE + 0.002 },
    { x: -0.0011, y: 0, width: 10, height: 10 },
    { x: FACE_CROP_SIZE - edge, y: FACE_CROP_SIZE - edge, width: edge, height: edge },
    { x: 0, y: 0, width: 1e-300, height: FACE_CROP_SIZE },
    { x: 112, y: 112, width: 112.002, height: 0.5 },
  ]);
  const quality: Record<string, unknown> = { ...(face.quality as object) };
  face.quality = quality;
  quality.faceWidthPx = d.pick([1e-300, w * (1 + 2 * slack), w * 1.2, 0, -1]);
  if (d.chance(0.3)) quality.brightness = d.pick([0, 255, 255.0001, -0]);
  if (d.chance(0.3)) quality.darkRatio = d.pick([0, 1, 1.0001]);
  if (d.chance(0.3)) quality.sharpnessLaplacianVar = d.pick([0, Number.MAX_VALUE]);
  if (d.chance(0.3)) face.detectorScore = d.pick([0, 1, 1.0000001, -0]);
  const faceCount = d.pick([1, 1, 1, MAX_FACES_REPORTED, MAX_FACES_REPORTED + 1, -1, 0]);
  return { frameWidthPx: w, frameHeightPx: h, faceCount, ...(faceCount !== 0 || d.chance(0.5) ? { face } : {}) };
}

/**
 * Objects that are not plain data: getters, class instances, null prototypes, proxies. A
 * structured clone would flatten most of them, but the handlers are also called in-process
 * (the Chromium end-to-end bridge), so they must not lean on that.
 */
function exotic(d: Dice, valid: unknown): unknown {
  const root = copy(valid);
  const owners = objectPaths(root);
  const pick = d.int(0, 5);
  if (pick === 0 && owners.length > 0) {
    const owner = getAt(root, d.pick(owners)) as object;
    const key = d.pick(Object.keys(owner).length > 0 ? Object.keys(owner) : ['x']);
    let reads = 0;
    // A getter that answers differently each time: the validator must not read twice and trust the second.
    Object.defineProperty(owner, key, { enumerable: true, configurable: true, get: () => (reads++ === 0 ? 1 : NaN) });
    return root;
  }
  if (pick === 1) return Object.assign(Object.create(null) as object, root as object); // null prototype: plain enough to pass
  if (pick === 2) return Object.freeze(root);
  if (pick === 3) return new Impostor();
  if (pick === 4) return new Proxy(isContainer(root) ? root : {}, {});
  return new Proxy(
    {},
    {
      ownKeys: () => {
        throw new Error('ownKeys trap');
      },
      getPrototypeOf: () => Object.prototype,
    },
  );
}

/** One payload of `kind` for a channel taking `shape`; kinds that do not fit the shape fall back to a mutation. */
export function generatePayload(d: Dice, shape: PayloadShape, kind: PayloadKind): unknown {
  const valid = validPayload(d, shape);
  switch (kind) {
    case 'valid':
      return valid;
    case 'mutated':
      return mutated(d, valid);
    case 'wrongType':
      return oddValue(d);
    case 'missingKey':
      return missingKey(d, valid);
    case 'extraKey':
      return extraKey(d, valid);
    case 'huge':
      return huge(d, valid);
    case 'nonFinite':
      return nonFinite(d, valid);
    case 'deepNesting':
      return deepNesting(d, valid);
    case 'protoKeys':
      return protoKeys(d, valid);
    case 'badBytes':
      return shape === 'frame' ? badBytes(d, valid as FrameReport) : mutated(d, valid);
    case 'edgeFrame':
      return shape === 'frame' ? edgeFrame(d) : mutated(d, valid);
    case 'exotic':
      return exotic(d, valid);
  }
}
