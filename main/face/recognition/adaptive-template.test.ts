import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cosineSimilarity, l2Normalize } from '../math/vectors.ts';
import { adaptedCentre, LEARNED_RING_SIZE, LEARNED_WEIGHT_CAP, learnedWeight, withLesson } from './adaptive-centre.ts';
import { confidenceMarginCosine, lessonFromUnlock, zPastEveryStranger } from './adaptive-learning.ts';
import { DEFAULT_THRESHOLD_COSINE, FaceProfile } from './face-profile.ts';
import { CalibratedProfile, type FarAtZ } from './profile-calibration.ts';
import description from '../../../models/cohort/face-cohort.json' with { type: 'json' };
import { cohortOf, syntheticEmbeddings } from '../../../test-support/synthetic-embeddings.ts';

const { randomUnit, atCosine } = syntheticEmbeddings(11);

/** The shipped table: the one the product derives its margin from. */
const SHIPPED: readonly FarAtZ[] = description.calibration.farByZ;
/** Random strangers: their cosines to any centre spread with sd ≈ 1/√512 ≈ 0.044. */
const COHORT = cohortOf(Array.from({ length: 400 }, randomUnit));

function calibrated(profile: FaceProfile, withCohort = true): CalibratedProfile {
  return CalibratedProfile.create(profile, {
    floorThresholdCosine: DEFAULT_THRESHOLD_COSINE,
    cohort: withCohort ? { faces: COHORT, farByZ: SHIPPED } : null,
    targetFar: 2e-5,
  });
}

describe('the adapted centre', () => {
  const enrolled = randomUnit();

  it('is the enrolled centre itself until something is learned', () => {
    assert.equal(adaptedCentre(enrolled, []), enrolled);
    assert.equal(FaceProfile.fromEmbeddings([enrolled]).centres[0][0], enrolled[0]);
  });

  it('never lets the learned faces outweigh the cap, however many and however far', () => {
    const elsewhere = atCosine(enrolled, 0);
    const ring = Array.from({ length: 50 }, () => elsewhere);
    assert.equal(learnedWeight(50), LEARNED_WEIGHT_CAP);
    assert.equal(learnedWeight(1), LEARNED_WEIGHT_CAP / LEARNED_RING_SIZE);
    const centre = adaptedCentre(enrolled, ring);
    // normalize(0.7 e + 0.3 o) with e ⟂ o: cosine 0.7 / √(0.7² + 0.3²) to the enrolled centre.
    const expected = (1 - LEARNED_WEIGHT_CAP) / Math.hypot(1 - LEARNED_WEIGHT_CAP, LEARNED_WEIGHT_CAP);
    assert.ok(Math.abs(cosineSimilarity(centre, enrolled) - expected) < 1e-5);
    assert.ok(Math.abs(Math.hypot(...centre) - 1) < 1e-5, 'unit length');
  });

  it('keeps a ring of the latest lessons and counts every unlock', () => {
    let learned = withLesson(undefined, randomUnit());
    const last = randomUnit();
    for (let i = 0; i < LEARNED_RING_SIZE + 4; i++) learned = withLesson(learned, i === LEARNED_RING_SIZE + 3 ? last : randomUnit());
    assert.equal(learned.embeddings.length, LEARNED_RING_SIZE);
    assert.equal(learned.unlocks, LEARNED_RING_SIZE + 5);
    assert.equal(learned.embeddings.at(-1), last);
  });
});

describe('which unlocks teach', () => {
  const enrolled = randomUnit();
  const profile = FaceProfile.fromEmbeddings([enrolled]);

  it('derives the margin from the shipped table: past every stranger measured, above the target rate', () => {
    // The last false accept of the 7.5 M measured is at z 5.875: none reached 6.
    assert.equal(zPastEveryStranger(SHIPPED), 6);
    assert.equal(zPastEveryStranger([...SHIPPED, { z: 8, falseAccepts: 1, impostorProbes: 1e7 }]), null);
    const sd = calibrated(profile).appearances[0].cohortSdCosine;
    const margin = confidenceMarginCosine(calibrated(profile), 'default')!;
    assert.ok(margin > 1 * sd && margin < 1.5 * sd, `margin ${margin} for sd ${sd}`);
    assert.equal(confidenceMarginCosine(calibrated(profile, false), 'default'), null);
  });

  it('teaches from a confident unlock only: not near the threshold, not without a cohort', () => {
    const c = calibrated(profile);
    const threshold = c.appearances[0].thresholdCosine;
    const margin = confidenceMarginCosine(c, 'default')!;
    const confident = atCosine(enrolled, threshold + margin + 0.02);
    assert.deepEqual(lessonFromUnlock(c, confident), { appearanceId: 'default', embedding: confident });
    assert.equal(lessonFromUnlock(c, atCosine(enrolled, threshold + margin - 0.01)), null, 'matched, but under the margin');
    assert.equal(lessonFromUnlock(c, atCosine(enrolled, threshold - 0.01)), null, 'no match');
    assert.equal(lessonFromUnlock(calibrated(profile, false), confident), null, 'confidence cannot be measured without the cohort');
  });

  it('counts the enrolment always: a face only the learned centre lets in teaches nothing', () => {
    // A ring (as no lesson could make it) of faces at 0.4 from the enrolled centre: the adapted centre leans their way.
    const direction = atCosine(enrolled, 0.4);
    const learned = { embeddings: Array.from({ length: LEARNED_RING_SIZE }, () => direction), unlocks: LEARNED_RING_SIZE };
    const adapted = calibrated(new FaceProfile([{ ...profile.appearances[0], learned }]));
    // That face: confidently close to the adapted centre (0.67), under the threshold to the enrolled one (0.4).
    const probe = direction;
    assert.ok(adapted.match(probe).similarityCosine >= adapted.appearances[0].thresholdCosine + confidenceMarginCosine(adapted, 'default')!);
    assert.ok(cosineSimilarity(enrolled, probe) < adapted.appearances[0].thresholdCosine);
    assert.equal(lessonFromUnlock(adapted, probe), null);
  });

  it('cannot be walked away: lessons chosen to drag the centre one way stay in the enrolled centre\'s reach', () => {
    // The worst run of lessons an adversary could feed, each the farthest from the enrolled
    // centre (in one fixed direction) that still teaches: confident at the adapted centre and
    // matching the enrolled one. The learned mean is then within the threshold of the enrolled
    // centre (a mean of vectors each at cosine ≥ t to it is too), and so is the adapted centre.
    const away = atCosine(enrolled, 0);
    let appearance = profile.appearances[0];
    for (let step = 0; step < 3 * LEARNED_RING_SIZE; step++) {
      const c = calibrated(new FaceProfile([appearance]));
      const lessons = Array.from({ length: 41 }, (_, k) => l2Normalize(enrolled.map((e, i) => Math.cos((k * Math.PI) / 80) * e + Math.sin((k * Math.PI) / 80) * away[i])))
        .map((probe) => lessonFromUnlock(c, probe))
        .filter((lesson) => lesson !== null);
      assert.ok(lessons.length > 0, 'some probe still teaches');
      appearance = { ...appearance, learned: withLesson(appearance.learned, lessons.at(-1)!.embedding) };
      const centre = calibrated(new FaceProfile([appearance])).profile.centres[0];
      assert.ok(cosineSimilarity(centre, enrolled) >= DEFAULT_THRESHOLD_COSINE, `step ${step}: ${cosineSimilarity(centre, enrolled)}`);
    }
    // The cap then bounds it further: with the learned mean at cosine ≥ t to the enrolled
    // centre, the centre stays at ≥ (1 − w + w·t) / √((1 − w)² + w² + 2w(1 − w)t) of it.
    const [w, t] = [LEARNED_WEIGHT_CAP, DEFAULT_THRESHOLD_COSINE];
    const bound = (1 - w + w * t) / Math.sqrt((1 - w) ** 2 + w ** 2 + 2 * w * (1 - w) * t);
    const walked = calibrated(new FaceProfile([appearance])).profile.centres[0];
    assert.ok(cosineSimilarity(walked, enrolled) >= bound - 1e-6, `${cosineSimilarity(walked, enrolled)} < ${bound}`);
  });

  it('matches and calibrates at the adapted centre, never below the floor', () => {
    const learned = { embeddings: [atCosine(enrolled, 0.7), atCosine(enrolled, 0.7)], unlocks: 2 };
    const adapted = calibrated(new FaceProfile([{ ...profile.appearances[0], learned }]));
    const centre = adapted.profile.centres[0];
    assert.notDeepEqual([...centre], [...enrolled]);
    assert.ok(Math.abs(adapted.match(centre).similarityCosine - 1) < 1e-5, 'the match is to the adapted centre');
    const { cohortMeanCosine, cohortSdCosine } = adapted.appearances[0];
    // The z-norm terms are the adapted centre's (the cohort is re-read for it), and the floor holds.
    const values = COHORT.cosinesWith(centre);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    assert.ok(Math.abs(cohortMeanCosine - mean) < 1e-9 && cohortSdCosine > 0);
    assert.ok(adapted.thresholdCosine >= DEFAULT_THRESHOLD_COSINE);
    assert.equal(adapted.profile.learnedUnlocks, 2);
  });
});
