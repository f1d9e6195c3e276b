import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PresentationOutcome } from './outcome.ts';
import { computePresentationMetrics } from './presentation-metrics.ts';
import { formatPresentationSummary, outcomeText, promptsText, renderPresentationHtml } from './presentation-report.ts';

const OUTCOME: PresentationOutcome = {
  subject: 'turn', kind: 'bonaFide', attackType: null, name: 'turn_live<1>.mp4', mode: 'standard', run: 0, unlocked: true, unlockMs: 2250,
  decidedBy: 'challenge', passive: { count: 12, median: 0.91, min: 0.4, max: 0.99 },
  prompts: [{ prompt: 'nod', cause: 'photoSuspected', atMs: 1000, redirected: true }], refusals: { challengeTooSlow: 1 }, framesJudged: 19,
  redirected: true, startOffsetMs: 0,
};
const ATTACK: PresentationOutcome = { ...OUTCOME, kind: 'attack', attackType: 'replay', name: 'turn_replay.mp4', unlocked: false, unlockMs: null, decidedBy: 'lookingLikePhoto', prompts: [] };

describe('presentation report', () => {
  it('says how each run ended and which prompts it got', () => {
    assert.equal(outcomeText(OUTCOME), 'unlocked at 2.25 s (challenge)');
    assert.equal(outcomeText(ATTACK), 'locked (lookingLikePhoto)');
    assert.equal(promptsText(OUTCOME), 'nod (photoSuspected) @1.0 s ↪');
    assert.equal(promptsText(ATTACK), '–');
  });

  it('writes a row per run under its mode, escaped, and the figures per mode', () => {
    const evaluation = { ...computePresentationMetrics([OUTCOME, ATTACK]), owners: [{ subject: 'turn', from: 'turn_live.mp4', frames: 40, liveFromMs: 1500 }], skipped: ['short: too dark'] };
    const html = renderPresentationHtml(evaluation);
    assert.match(html, /<h2>standard<\/h2>/);
    assert.match(html, /turn_live&#60;1&#62;\.mp4/);
    assert.doesNotMatch(html, /<script|src="http/);
    assert.equal((html.match(/<tr class=/g) ?? []).length, 2);
    const text = formatPresentationSummary(evaluation);
    assert.match(text, /standard +APCER 0\.0 % \(0\/1/);
    assert.match(text, /BPCER 0\.0 % \(0\/1/);
    assert.match(text, /plays from 1\.50 s/);
    assert.match(text, /skipped: short: too dark/);
  });
});
