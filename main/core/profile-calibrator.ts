// Each profile held to its own threshold (main/face/recognition/profile-calibration.ts),
// calibrated against the shipped cohort once per profile and floor: the lock asks on every
// frame, and the calibration scans the whole cohort.
import { DEFAULT_THRESHOLD_COSINE, TARGET_FAR_PER_ATTEMPT, type FaceProfile } from '../face/recognition/face-profile.ts';
import { CalibratedProfile, type CalibrationOptions } from '../face/recognition/profile-calibration.ts';

export interface ProfileCalibratorOptions {
  /** The shipped cohort; null when it is missing or damaged (every profile is held to the floor). */
  cohort: CalibrationOptions['cohort'];
  /** The threshold no appearance goes below: the settings' value, else the shipped one. */
  floorThresholdCosine(): number | undefined;
}

export class ProfileCalibrator {
  #cached: { profile: FaceProfile; floorThresholdCosine: number; value: CalibratedProfile } | null = null;

  constructor(private readonly options: ProfileCalibratorOptions) {}

  /** The profile calibrated, from the cache while neither it nor the floor changed. */
  current(profile: FaceProfile): CalibratedProfile {
    const floorThresholdCosine = this.#floor();
    if (this.#cached?.profile !== profile || this.#cached.floorThresholdCosine !== floorThresholdCosine) {
      this.#cached = { profile, floorThresholdCosine, value: this.calibrate(profile) };
    }
    return this.#cached.value;
  }

  /** Any profile (the one being enrolled, for Test recognition) calibrated as the lock's is. */
  calibrate(profile: FaceProfile): CalibratedProfile {
    return CalibratedProfile.create(profile, { floorThresholdCosine: this.#floor(), cohort: this.options.cohort, targetFar: TARGET_FAR_PER_ATTEMPT });
  }

  #floor(): number {
    return this.options.floorThresholdCosine() ?? DEFAULT_THRESHOLD_COSINE;
  }
}
