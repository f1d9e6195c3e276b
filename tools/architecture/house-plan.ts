// Issue 12's house plan as data: which room may import which. Imports point down the plan,
// from the Electron glue to the pure maths:
//   main/index.ts → main/app → main/ipc → main/core → main/lock, main/profile → main/face → main/base
//   inside main/face: recognition, liveness (→ liveness/challenge) → outcomes.ts → pipeline → models → math
// preload holds the contract every process shares (api.ts) and imports nothing of theirs;
// the renderer sees only preload; tools, e2e and tests may use anything, test-support
// anything but the tools and e2e it serves (tools/math excepted: seeded randomness).
import type { HousePlan, ImportTarget, KnownException } from './import-rules.ts';

const NODE = 'node built-ins';
const ELECTRON = 'electron';
const NPM = 'npm packages';
const TESTS = 'tests';
/** models/manifest.json, the cohort, the detector file: data the app ships (models/*.ts is tooling). */
const MODEL_DATA = 'models data';
/** The manifest's pure reader: main and the renderer both locate and check models through it. */
const MODEL_MANIFEST = 'models/model-manifest.ts';
/** electron.vite.config.ts and the like. */
const REPO_TOP = 'repo top';

const FACE_MATH = 'main/face/math';
const FACE_MODELS = 'main/face/models';
const FACE_PIPELINE = 'main/face/pipeline';
const FACE_OUTCOMES = 'main/face/outcomes.ts';
const FACE_RECOGNITION = 'main/face/recognition';
const FACE_LIVENESS = 'main/face/liveness';
const FACE_CHALLENGE = 'main/face/liveness/challenge';
const FACE = [FACE_MATH, FACE_MODELS, FACE_PIPELINE, FACE_OUTCOMES, FACE_RECOGNITION, FACE_LIVENESS, FACE_CHALLENGE];
const RUNTIME = [NODE, NPM, MODEL_DATA, MODEL_MANIFEST];

const MAY_IMPORT: Record<string, readonly string[] | 'anything'> = {
  'main/index.ts': ['main/app', ELECTRON],
  'main/app': ['main/ipc', 'main/core', 'main/lock', 'main/profile', ...FACE, 'main/base', 'preload', ELECTRON, ...RUNTIME],
  'main/ipc': ['main/core', 'main/lock', 'main/profile', ...FACE, 'main/base', 'preload', ...RUNTIME],
  'main/core': ['main/lock', 'main/profile', ...FACE, 'main/base', 'preload', ...RUNTIME],
  // The lock's overlay windows (overlay-windows.ts) are BrowserWindows.
  'main/lock': [...FACE, 'main/base', 'preload', ELECTRON, ...RUNTIME],
  'main/profile': [...FACE, 'main/base', 'preload', ...RUNTIME],
  [FACE_RECOGNITION]: [FACE_OUTCOMES, FACE_PIPELINE, FACE_MODELS, FACE_MATH, 'main/base', 'preload', ...RUNTIME],
  [FACE_LIVENESS]: [FACE_CHALLENGE, FACE_OUTCOMES, FACE_PIPELINE, FACE_MODELS, FACE_MATH, 'main/base', 'preload', ...RUNTIME],
  [FACE_CHALLENGE]: [FACE_OUTCOMES, FACE_PIPELINE, FACE_MODELS, FACE_MATH, 'main/base', 'preload', ...RUNTIME],
  [FACE_OUTCOMES]: [FACE_PIPELINE, 'preload'],
  [FACE_PIPELINE]: [FACE_MODELS, FACE_MATH, 'main/base', 'preload', ...RUNTIME],
  [FACE_MODELS]: [FACE_MATH, 'main/base', 'preload', ...RUNTIME],
  [FACE_MATH]: [],
  'main/base': [],
  // Sandboxed: the preload can require electron and nothing else.
  preload: [ELECTRON],
  renderer: ['preload', NPM, MODEL_DATA, MODEL_MANIFEST],
  [MODEL_MANIFEST]: [MODEL_DATA],
  'test-support': [
    'main/index.ts', 'main/app', 'main/ipc', 'main/core', 'main/lock', 'main/profile', ...FACE, 'main/base',
    'preload', 'renderer', 'tools/math', 'models', REPO_TOP, TESTS, ELECTRON, ...RUNTIME,
  ],
  tools: 'anything',
  'tools/math': 'anything',
  e2e: 'anything',
  models: 'anything',
  [TESTS]: 'anything',
  [REPO_TOP]: 'anything',
};

/** Rooms that are not a folder or file of the repo. */
const NOT_PATHS = new Set([NODE, ELECTRON, NPM, TESTS, MODEL_DATA, REPO_TOP]);
const ROOM_PATHS = Object.keys(MAY_IMPORT).filter((room) => !NOT_PATHS.has(room));

function roomOf(target: ImportTarget): string | undefined {
  if (target.kind !== 'file') return target.kind === 'node' ? NODE : target.name === 'electron' ? ELECTRON : NPM;
  const { path } = target;
  if (path.endsWith('.test.ts')) return TESTS;
  if (path.startsWith('models/') && !path.endsWith('.ts')) return MODEL_DATA;
  if (!path.includes('/') && path.endsWith('.ts')) return REPO_TOP;
  const rooms = ROOM_PATHS.filter((room) => path === room || path.startsWith(`${room}/`));
  return rooms.sort((a, b) => b.length - a.length)[0];
}

const PRODUCTION = ['main/', 'preload/', 'renderer/'];
const TEST_ONLY = ['tools/', 'e2e/', 'test-support/', 'models/'];

/**
 * Imports against the plan, kept so the check is green while they wait for a fix (issue 12).
 * Each one makes the test fail once it is gone, so the list cannot go stale.
 */
const EXCEPTIONS: KnownException[] = [];

export const HOUSE_PLAN: HousePlan = {
  roomOf,
  mayImport: new Map(Object.entries(MAY_IMPORT)),
  isProduction: (path) => (path === MODEL_MANIFEST || PRODUCTION.some((prefix) => path.startsWith(prefix))) && !path.endsWith('.test.ts'),
  isTestOnly: (path) => path.endsWith('.test.ts') || (path !== MODEL_MANIFEST && TEST_ONLY.some((prefix) => path.startsWith(prefix)) && path.endsWith('.ts')),
  // The pages run in Chromium: nothing they load may need Node or electron (preload/api.ts included).
  nodeFree: { isEntry: (path) => path.startsWith('renderer/'), rooms: [NODE, ELECTRON] },
  exceptions: EXCEPTIONS,
};
