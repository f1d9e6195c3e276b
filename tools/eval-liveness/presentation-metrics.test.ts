import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PresentationOutcome } from './outcome.ts';
import { computePresentationMetrics, modeMetrics } from './presentation-metrics.ts';
import { upperBound95 } from './metrics.ts';

function outcome(changes: Partial<PresentationOutcome>): PresentationOutcome {
  return {
    subject: 's', kind: 'bonaFide', attackType: null, name: 's_live.mp4', mode: 'standard', run: 0, unlocked: false, unlockMs: null,
    decidedBy: 'notRecognised', passive: { count: 0, median: null, min: null, max: null }, prompts: [], refusals: {}, framesJudged: 10,
    redirected: false, startOffsetMs: 0, ...changes,
  };
}
const PROMPT = { prompt: 'nod' as const, cause: 'photoSuspected' as const, atMs: 500, redirected: true };

describe('presentation metrics', () => {
  it('counts whole presentations: APCER over attacks (and per type), BPCER, challenged and unlock time over bona fide', () => {
    const outcomes = [
      outcome({ unlocked: true, unlockMs: 1000 }),
      outcome({ unlocked: true, unlockMs: 3000, prompts: [PROMPT] }),
      outcome({ prompts: [PROMPT] }),
      outcome({ unlocked: true, unlockMs: 2000 }),
      outcome({ kind: 'attack', attackType: 'replay', unlocked: true, unlockMs: 4000 }),
      outcome({ kind: 'attack', attackType: 'replay' }),
      outcome({ kind: 'attack', attackType: 'slideshow' }),
      outcome({ kind: 'attack', attackType: 'slideshow' }),
    ];
    const m = modeMetrics(outcomes);
    assert.equal(m.apcer, 1 / 4);
    assert.equal(m.bpcer, 1 / 4);
    assert.equal(m.challengedRate, 2 / 4);
    assert.equal(m.medianUnlockMs, 2000, 'attacks do not count');
    assert.deepEqual(m.counts, { bonaFide: 4, bonaFideUnlocked: 3, bonaFideChallenged: 2, attack: 4, attackUnlocked: 1 });
    assert.equal(m.apcerUpper95, upperBound95(1, 4));
    assert.equal(m.bpcerUpper95, upperBound95(1, 4));
    assert.deepEqual(m.perAttack.replay, { count: 2, unlocked: 1, apcer: 0.5, apcerUpper95: upperBound95(1, 2) });
    assert.deepEqual(m.perAttack.slideshow, { count: 2, unlocked: 0, apcer: 0, apcerUpper95: upperBound95(0, 2) });
  });

  it('leaves a rate null without presentations of its kind', () => {
    const m = modeMetrics([outcome({ kind: 'attack', attackType: 'replay' })]);
    assert.equal(m.bpcer, null);
    assert.equal(m.challengedRate, null);
    assert.equal(m.medianUnlockMs, null);
    assert.equal(m.bpcerUpper95, null);
    assert.equal(m.apcer, 0);
  });

  it('splits by mode and keeps every outcome', () => {
    const outcomes = [outcome({ mode: 'off', unlocked: true, unlockMs: 250 }), outcome({ mode: 'strict' }), outcome({ mode: 'strict', kind: 'attack', attackType: 'replay' })];
    const metrics = computePresentationMetrics(outcomes);
    assert.deepEqual(Object.keys(metrics.byMode).sort(), ['off', 'strict']);
    assert.equal(metrics.byMode.off!.bpcer, 0);
    assert.equal(metrics.byMode.strict!.bpcer, 1);
    assert.equal(metrics.byMode.strict!.apcer, 0);
    assert.equal(metrics.presentations.length, 3);
  });
});
