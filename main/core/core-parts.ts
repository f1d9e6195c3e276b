// Opens what the core is made of: the stores, the face models, the passive check, the
// cohort, the lockout policy. What fails to open becomes a problem the user is told about,
// not a failed start: the lock must still start, and open with the password, whatever
// else is broken.
import { FaceEngine } from '../face/pipeline/face-engine.ts';
import { PassiveLivenessCheck, type LivenessScorer, type LivenessCheck } from '../face/models/passive-liveness.ts';
import { openShippedCohort, type ShippedCohort } from '../face/recognition/cohort-file.ts';
import type { Clock } from '../lock/clock.ts';
import { LockoutPolicy } from '../lock/lockout-policy.ts';
import type { Cipher } from '../profile/cipher.ts';
import { ProfileStore, type StoreFs } from '../profile/profile-store.ts';
import { SettingsStore } from '../profile/settings-store.ts';
import { ProfileKeeper } from './profile-keeper.ts';
import { startingSettings, type StartingSettings } from './starting-settings.ts';

export interface FaceUnlockCoreOptions {
  /** Where profile.json and settings.json live (the app's userData). */
  dataDir: string;
  cipher: Cipher;
  modelsDir: string;
  /** The shipped cohort (face-cohort.bin) each profile's threshold is calibrated against; absent: the shipped threshold alone. */
  cohortPath?: string;
  clock?: Clock;
  threads?: number;
  /** Opens the passive anti-spoofing model; absent or failing leaves the challenge alone on guard. */
  createLivenessScorer?: () => Promise<LivenessScorer & { dispose?(): Promise<void> }>;
  /** Randomness of the challenge prompts (tests fix it). */
  random?: () => number;
  /** File operations of the profile store, for tests that inject faults or hold a write open. */
  storeFs?: Partial<StoreFs>;
}

export interface CoreParts {
  keeper: ProfileKeeper;
  settingsStore: SettingsStore;
  start: StartingSettings;
  /** Null when the face models could not be loaded. */
  engine: FaceEngine | null;
  /** Null when no passive model was asked for, or it could not be loaded. */
  liveness: LivenessCheck | null;
  /** Null when none was asked for, or it could not be read. */
  cohort: ShippedCohort | null;
  policy: LockoutPolicy;
  disposeScorer(): Promise<void>;
  /** What the user must be told, as [problem-board source, sentence]. */
  problems: [string, string][];
}

export async function openCoreParts(options: FaceUnlockCoreOptions): Promise<CoreParts> {
  const problems: [string, string][] = [];
  const profileStore = await ProfileStore.open({ dir: options.dataDir, cipher: options.cipher, fs: options.storeFs });
  const settingsStore = await SettingsStore.open({ dir: options.dataDir });
  const loaded = await profileStore.load();
  const keeper = new ProfileKeeper(profileStore, loaded);
  const start = startingSettings(await settingsStore.load(), loaded);
  if (start.problem) problems.push(['settings', start.problem]);
  if ((loaded.status === 'recoveredFromBackup' || loaded.status === 'ok') && loaded.problem) problems.push(['store', loaded.problem]);
  if (loaded.status === 'corrupt') problems.push(['store', damagedProfileProblem(loaded.problem, loaded.password !== null)]);

  const engine = await FaceEngine.createFromOptions({ modelsDir: options.modelsDir, threads: options.threads }).catch((error: Error) => {
    problems.push(['models', `Face recognition is unavailable (${error.message}). Use your password.`]);
    return null;
  });
  const scorer = options.createLivenessScorer
    ? await options.createLivenessScorer().catch((error: Error) => {
        // Not silent: without it Standard challenges every attempt, and the user should know why.
        problems.push(['liveness', `The photo and screen check is unavailable (${error.message}): every unlock asks you to turn or nod.`]);
        return null;
      })
    : null;
  const cohort = options.cohortPath
    ? await openShippedCohort(options.cohortPath).catch((error: Error) => {
        // Not silent: the lock still holds strangers to the shipped threshold, but a face close to many is not held tighter.
        problems.push(['calibration', `Your face could not be calibrated against strangers' faces (${error.message}): the lock uses the shipped threshold.`]);
        return null;
      })
    : null;

  const policyOptions = { clock: options.clock, passwordEveryMs: start.settings.passwordEveryHours * 3_600_000 };
  const lockState = keeper.record?.lockState;
  let policy: LockoutPolicy;
  try {
    policy = lockState ? LockoutPolicy.fromJSON(lockState, policyOptions) : new LockoutPolicy(policyOptions);
  } catch {
    policy = new LockoutPolicy(policyOptions);
  }
  return {
    keeper,
    settingsStore,
    start,
    engine,
    liveness: scorer ? new PassiveLivenessCheck(scorer) : null,
    cohort,
    policy,
    disposeScorer: async () => scorer?.dispose?.(),
    problems,
  };
}

/** What the user reads when no copy of the profile can be read, and what still works. */
function damagedProfileProblem(problem: string, passwordSurvived: boolean): string {
  return passwordSurvived
    ? `${problem} Face unlock is off until you enrol again (your password is needed); the lock still opens with your password.`
    : `${problem} No copy of your password survived either, so Face Unlock cannot lock this computer until you enrol again.`;
}
