// The parallax thresholds (0.05 × inter-ocular distance for both cues, see challenge.ts) sit
// between these synthetic distributions, which the assertions pin with their measured margins.
// Each sample is what the challenge decides on with its minimum of frames past the angle: the
// mean over three frames with independent landmark noise, and for the nose shift a start
// offset averaged over three frames at rest (the challenge averages its rest frames).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eyeMouthAspect, midlineNoseOffsetIod, planarResidualIod } from './parallax.ts';
import { interocularPx, projectHead, projectPhoto, seededRandom, withNoise } from '../../../../test-support/synthetic-tracks.ts';

const NOISE_IOD = 0.01;
const THRESHOLD_IOD = 0.05;
const TRIALS = 300;
const FRAMES_PAST_ANGLE = 3;

function noisy(points: Float32Array, random: () => number): Float32Array {
  return withNoise(points, NOISE_IOD * interocularPx(points), random);
}

/** A head at rest, then turned ≥ 15° (or nodded ≥ 12°): residual and nose shift in the turn's direction. */
function liveSamples(random: () => number, kind: 'turn' | 'nod') {
  const residuals: number[] = [];
  const shifts: number[] = [];
  for (let k = 0; k < TRIALS; k++) {
    const distance = 400 + 300 * random();
    const rest = projectHead({ yawDegrees: 0, pitchDegrees: 0, offsetMm: [0, 0, distance] });
    const start = noisy(rest, random);
    const startOffset = restOffset(rest, random);
    const sign = random() < 0.5 ? -1 : 1;
    const angle = sign * (kind === 'turn' ? 15 + 15 * random() : 12 + 13 * random());
    const exact = projectHead({
      yawDegrees: kind === 'turn' ? angle : 4 * (random() - 0.5),
      pitchDegrees: kind === 'nod' ? angle : 6 * (random() - 0.5),
      offsetMm: [40 * (random() - 0.5), 40 * (random() - 0.5), distance + 40 * (random() - 0.5)],
    });
    const frames = Array.from({ length: FRAMES_PAST_ANGLE }, () => noisy(exact, random));
    residuals.push(mean(frames.map((moved) => planarResidualIod(start, moved))));
    shifts.push(sign * (mean(frames.map(midlineNoseOffsetIod)) - startOffset));
  }
  return { residuals, shifts };
}

/** A frontal photo, then moved, tilted (±65° sideways, ±40° back and forth) and optionally bent. */
function photoSamples(random: () => number, bendRadiiMm: [number, number] | null) {
  const residuals: number[] = [];
  const shifts: number[] = [];
  for (let k = 0; k < TRIALS; k++) {
    const distance = 220 + 230 * random();
    const bendPerMm = bendRadiiMm ? (random() < 0.5 ? -1 : 1) / (bendRadiiMm[0] + (bendRadiiMm[1] - bendRadiiMm[0]) * random()) : 0;
    const rest = projectPhoto({ yawDegrees: 0, pitchDegrees: 0, offsetMm: [0, 0, distance], bendPerMm });
    const start = noisy(rest, random);
    const startOffset = restOffset(rest, random);
    const exact = projectPhoto({
      yawDegrees: 130 * (random() - 0.5),
      pitchDegrees: 80 * (random() - 0.5),
      rollDegrees: 30 * (random() - 0.5),
      offsetMm: [80 * (random() - 0.5), 60 * (random() - 0.5), distance + 100 * (random() - 0.5)],
      scale: 0.8 + 0.4 * random(),
      bendPerMm,
    });
    const frames = Array.from({ length: FRAMES_PAST_ANGLE }, () => noisy(exact, random));
    residuals.push(mean(frames.map((moved) => planarResidualIod(start, moved))));
    shifts.push(Math.abs(mean(frames.map(midlineNoseOffsetIod)) - startOffset));
  }
  return { residuals, shifts };
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
function restOffset(rest: Float32Array, random: () => number): number {
  return mean(Array.from({ length: FRAMES_PAST_ANGLE }, () => midlineNoseOffsetIod(noisy(rest, random))));
}
const min = (values: number[]) => Math.min(...values);
const max = (values: number[]) => Math.max(...values);

describe('planarResidualIod', () => {
  it('is zero for a photo moved by any homography and grows with a head turn', () => {
    const front = projectHead({ yawDegrees: 0, pitchDegrees: 0 });
    assert.ok(planarResidualIod(front, front) < 1e-9);
    const photo = projectPhoto({ yawDegrees: 0, pitchDegrees: 0 });
    assert.ok(planarResidualIod(photo, projectPhoto({ yawDegrees: 50, pitchDegrees: -20, rollDegrees: 10, offsetMm: [30, 20, 300] })) < 1e-4);
    const at15 = planarResidualIod(front, projectHead({ yawDegrees: 15, pitchDegrees: 0 }));
    const at30 = planarResidualIod(front, projectHead({ yawDegrees: 30, pitchDegrees: 0 }));
    assert.ok(at15 > 0.06 && at30 > 1.5 * at15, `15°: ${at15}, 30°: ${at30}`);
  });

  it('separates real heads (≥ 15° turn or ≥ 12° nod) from flat photos with noise of 1 % of the eye distance', (t) => {
    const random = seededRandom(21);
    const turns = liveSamples(random, 'turn').residuals;
    const nods = liveSamples(random, 'nod').residuals;
    const photos = photoSamples(random, null).residuals;
    t.diagnostic(`live turn min ${min(turns).toFixed(4)}, live nod min ${min(nods).toFixed(4)}, photo max ${max(photos).toFixed(4)}`);
    assert.ok(min(turns) > THRESHOLD_IOD + 0.01, `turn residual min ${min(turns)}`);
    assert.ok(min(nods) > THRESHOLD_IOD + 0.01, `nod residual min ${min(nods)}`);
    assert.ok(max(photos) < THRESHOLD_IOD - 0.01, `photo residual max ${max(photos)}`);
  });

  it('cannot tell a steeply tilted bent photo from a head: such a photo exceeds the threshold', () => {
    const random = seededRandom(22);
    const bent = photoSamples(random, [300, 600]).residuals;
    assert.ok(bent.some((r) => r > THRESHOLD_IOD), 'the known gap that midlineNoseOffsetIod closes');
  });
});

describe('midlineNoseOffsetIod', () => {
  it('stays put for flat and bent photos but moves with the nose of a turning head', (t) => {
    const random = seededRandom(23);
    const turns = liveSamples(random, 'turn').shifts;
    const flat = photoSamples(random, null).shifts;
    const bent = photoSamples(random, [150, 600]).shifts;
    t.diagnostic(`live turn shift min ${min(turns).toFixed(4)}, flat max ${max(flat).toFixed(4)}, bent max ${max(bent).toFixed(4)}`);
    assert.ok(min(turns) > THRESHOLD_IOD + 0.02, `turn shift min ${min(turns)} (always in the direction of the turn)`);
    assert.ok(max(flat) < THRESHOLD_IOD - 0.01, `flat shift max ${max(flat)}`);
    assert.ok(max(bent) < THRESHOLD_IOD - 0.01, `bent shift max ${max(bent)}`);
  });

  it('is positive when the nose sits to the image right of the nasion–chin line', () => {
    const left = projectHead({ yawDegrees: 20, pitchDegrees: 0 });
    assert.ok(midlineNoseOffsetIod(left) > 0.1);
    assert.ok(midlineNoseOffsetIod(projectHead({ yawDegrees: -20, pitchDegrees: 0 })) < -0.1);
  });
});

describe('eyeMouthAspect', () => {
  it('hardly changes with a real nod but collapses for a photo tilted enough to fake one', () => {
    const rest = eyeMouthAspect(projectHead({ yawDegrees: 0, pitchDegrees: 0 }));
    for (const pitch of [-30, -20, -12, 12, 20, 30]) {
      const ratio = eyeMouthAspect(projectHead({ yawDegrees: 0, pitchDegrees: pitch })) / rest;
      assert.ok(ratio > 0.8, `head pitch ${pitch}: ${ratio}`);
    }
    // The least tilt at which a bent photo (radius 15–30 cm, 20–30 cm away) fakes a 12° nod is ~50°.
    for (const bendPerMm of [1 / 150, 1 / 300]) {
      const flat = projectPhoto({ yawDegrees: 0, pitchDegrees: 0, offsetMm: [0, 0, 250], bendPerMm });
      const tilted = projectPhoto({ yawDegrees: 0, pitchDegrees: -50, offsetMm: [0, 0, 250], bendPerMm });
      const ratio = eyeMouthAspect(tilted) / eyeMouthAspect(flat);
      assert.ok(ratio < 0.6, `photo tilted 50°: ${ratio}`);
    }
  });
});
