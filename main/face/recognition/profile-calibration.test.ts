import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { FaceCohort, quantiseCohort } from './cohort.ts';
import { EMBEDDING_SIZE } from '../../../models/model-manifest.ts';
import { FaceProfile } from './face-profile.ts';
import { CalibratedProfile, farAtZ, zForFar, type FarAtZ } from './profile-calibration.ts';
import { gaussian } from '../../../tools/math/random.ts';
import { cohortOf, syntheticEmbeddings } from '../../../test-support/synthetic-embeddings.ts';

const { random, randomUnit, atCosine } = syntheticEmbeddings(7);

/** A table where the rate falls tenfold per unit of z, from 1e-2 at z = 3. */
const TABLE: FarAtZ[] = [3, 4, 5, 6].map((z) => ({ z, falseAccepts: 10 ** (8 - z), impostorProbes: 1e7 }));

describe('the calibration table', () => {
  it('interpolates the rate log-linearly and finds the z of a target', () => {
    assert.ok(Math.abs(farAtZ(TABLE, 4.5).far - 10 ** -3.5) < 1e-9);
    assert.equal(farAtZ(TABLE, 4.5).kind, 'about');
    assert.ok(Math.abs(zForFar(TABLE, 2e-5) - (5 + Math.log10(5))) < 1e-6);
  });

  it('past the last false accept says only a bound', () => {
    const table = [...TABLE, { z: 7, falseAccepts: 0, impostorProbes: 1e7 }];
    assert.deepEqual(farAtZ(table, 6.5), { far: 3e-7, kind: 'below' });
  });

  it('refuses a table it cannot read', () => {
    assert.throws(() => farAtZ([TABLE[0]], 4), RangeError);
    assert.throws(() => farAtZ([...TABLE, { z: 7, falseAccepts: 5, impostorProbes: 0 }], 4), RangeError);
  });
});

describe('CalibratedProfile', () => {
  const owner = randomUnit();
  const strangers = Array.from({ length: 400 }, randomUnit);

  it('keeps the floor for a face far from every stranger, and estimates its rate', () => {
    const calibrated = CalibratedProfile.create(FaceProfile.fromEmbeddings([owner]), { floorThresholdCosine: 0.5, cohort: { faces: cohortOf(strangers), farByZ: TABLE }, targetFar: 2e-5 });
    const [appearance] = calibrated.appearances;
    // Random 512-d directions: cosines around 0 with sd 1/√512 ≈ 0.044, so 0.5 is ≥ 11 sd out.
    assert.ok(Math.abs(appearance.cohortMeanCosine) < 0.01 && Math.abs(appearance.cohortSdCosine - 0.044) < 0.005);
    assert.equal(appearance.thresholdCosine, 0.5);
    assert.deepEqual(calibrated.far, { far: 3e-7, kind: 'below' }, 'past the table: the bound of its probes');
  });

  it('raises the threshold of a face in a crowded part of the space, to the target rate', () => {
    // Strangers who all look somewhat like the owner (cosines ~0.35 ± 0.08).
    const crowd = strangers.map(() => atCosine(owner, Math.min(0.6, Math.max(0.1, 0.35 + 0.08 * gaussian(random)))));
    const calibrated = CalibratedProfile.create(FaceProfile.fromEmbeddings([owner]), { floorThresholdCosine: 0.5, cohort: { faces: cohortOf(crowd), farByZ: TABLE }, targetFar: 2e-5 });
    const [appearance] = calibrated.appearances;
    const expected = appearance.cohortMeanCosine + zForFar(TABLE, 2e-5) * appearance.cohortSdCosine;
    assert.ok(expected > 0.5 && Math.abs(appearance.thresholdCosine - expected) < 1e-12);
    assert.ok(Math.abs(calibrated.far!.far - 2e-5) < 1e-9);
    assert.equal(calibrated.match(atCosine(owner, 0.6)).matched, expected <= 0.6);
    assert.equal(calibrated.match(atCosine(owner, 0.55)).matched, false, 'above the floor, under the raised threshold');
  });

  it('holds each appearance to its own threshold and adds their rates', () => {
    const glasses = randomUnit();
    const crowd = strangers.map(() => atCosine(owner, 0.35 + 0.08 * Math.max(-2, Math.min(2, gaussian(random)))));
    const profile = new FaceProfile([FaceProfile.fromEmbeddings([owner]).appearances[0], { ...FaceProfile.fromEmbeddings([glasses]).appearances[0], id: 'glasses' }]);
    const calibrated = CalibratedProfile.create(profile, { floorThresholdCosine: 0.5, cohort: { faces: cohortOf(crowd), farByZ: TABLE }, targetFar: 2e-5 });
    const [crowded, alone] = calibrated.appearances;
    assert.ok(crowded.thresholdCosine > 0.5 && alone.thresholdCosine === 0.5);
    assert.equal(calibrated.thresholdCosine, 0.5);
    assert.equal(calibrated.match(atCosine(glasses, 0.55)).matched, true);
    assert.equal(calibrated.match(atCosine(owner, 0.55)).matched, false);
    assert.ok(Math.abs(calibrated.far!.far - (crowded.far!.far + alone.far!.far)) < 1e-15);
  });

  it('without a cohort uses the floor and says no rate', () => {
    const calibrated = CalibratedProfile.create(FaceProfile.fromEmbeddings([owner]), { floorThresholdCosine: 0.5, cohort: null, targetFar: 2e-5 });
    assert.equal(calibrated.thresholdCosine, 0.5);
    assert.equal(calibrated.far, null);
  });
});

describe('FaceCohort', () => {
  it('keeps cosines within 0.002 through 8 bits, and refuses a damaged or mis-sized file', () => {
    const faces = Array.from({ length: 50 }, randomUnit);
    const cohort = cohortOf(faces);
    const probe = randomUnit();
    const cosines = cohort.cosinesWith(probe);
    faces.forEach((face, r) => assert.ok(Math.abs(cosines[r] - face.reduce((s, v, k) => s + v * probe[k], 0)) < 0.002));
    const { bytes, scale } = quantiseCohort(faces);
    const info = { count: 50, dims: EMBEDDING_SIZE, scale, sha256: createHash('sha256').update(bytes).digest('hex') };
    assert.throws(() => FaceCohort.fromInt8(bytes, info, '0'.repeat(64)), /damaged/);
    assert.throws(() => FaceCohort.fromInt8(bytes.subarray(1), info, info.sha256), /bytes/);
  });
});
