import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BlinkDetector, meanEyeAspectRatio } from './blink.ts';
import { projectHead } from './synthetic-tracks.ts';

function feed(ears: number[]): { blinks: number; flags: boolean[] } {
  const detector = new BlinkDetector();
  const flags = ears.map((ear) => detector.updateEar(ear).blink);
  return { blinks: detector.blinkCount, flags };
}

const OPEN = [0.3, 0.31, 0.29, 0.3, 0.3, 0.31];

describe('BlinkDetector', () => {
  it('sees a blink of 1 to 4 closed frames, on the frame the eyes reopen', () => {
    for (let closed = 1; closed <= 4; closed++) {
      const { blinks, flags } = feed([...OPEN, ...new Array(closed).fill(0.12), 0.3, 0.3]);
      assert.equal(blinks, 1, `${closed} closed frames`);
      assert.equal(flags.indexOf(true), OPEN.length + closed);
    }
  });

  it('counts a half-closed frame on the way down or up as part of the blink', () => {
    assert.equal(feed([...OPEN, 0.24, 0.1, 0.24, 0.3]).blinks, 1);
  });

  it('ignores dips that are too long (eyes shut, looking down) or too shallow, and noise', () => {
    assert.equal(feed([...OPEN, ...new Array(6).fill(0.1), 0.3]).blinks, 0);
    assert.equal(feed([...OPEN, 0.24, 0.23, 0.3]).blinks, 0, 'a squint at 0.8 of the baseline');
    assert.equal(feed([0.3, 0.28, 0.32, 0.27, 0.33, 0.29, 0.31]).blinks, 0);
  });

  it('follows each user\'s own baseline', () => {
    const narrow = [0.2, 0.21, 0.2, 0.19, 0.2];
    assert.equal(feed([...narrow, 0.12, 0.2]).blinks, 1, '0.12 is closed for eyes open at 0.2');
    assert.equal(feed([...OPEN, 0.24, 0.3]).blinks, 0, '…but not for eyes open at 0.3');
  });

  it('counts several blinks', () => {
    assert.equal(feed([...OPEN, 0.1, 0.3, 0.3, 0.1, 0.1, 0.3, 0.3]).blinks, 2);
  });

  it('rejects inconsistent options and non-finite input', () => {
    assert.throws(() => new BlinkDetector({ closedFraction: 0.9, reopenFraction: 0.8 }), RangeError);
    assert.throws(() => new BlinkDetector().updateEar(Number.NaN), RangeError);
  });
});

describe('meanEyeAspectRatio', () => {
  it('is about 0.28 for the open eyes of the 3-D mean face', () => {
    const ear = meanEyeAspectRatio(projectHead({ yawDegrees: 0, pitchDegrees: 0 }));
    assert.ok(Math.abs(ear - 0.28) < 0.02, `EAR ${ear}`);
  });
});
