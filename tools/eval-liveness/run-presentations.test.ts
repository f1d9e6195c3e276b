import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { frameReport } from '../../test-support/frame-report.ts';
import type { PreparedPresentation } from './prepare.ts';
import { OVERLAY_INTERVAL_MS, trialsOf } from './run-presentations.ts';

function prepared(kind: 'bonaFide' | 'attack', frameCount: number): PreparedPresentation {
  const frames = Array.from({ length: frameCount }, () => frameReport());
  return {
    presentation: { subject: 's', kind, attackType: kind === 'attack' ? 'replay' : null, name: `s_${kind}` },
    enrolment: [frameReport()],
    clip: { frames, intervalMs: OVERLAY_INTERVAL_MS },
    ...(kind === 'bonaFide' ? { stretches: { turnLeft: [], turnRight: [], nod: [] } } : {}),
  };
}

describe('presentation trials', () => {
  it('runs every presentation in every mode, each run with its own prompt seed', () => {
    const trials = trialsOf([prepared('bonaFide', 40), prepared('attack', 30)], { modes: ['standard', 'off'], runs: 3, attackMs: 5000 });
    assert.equal(trials.length, 2 * 2 * 3);
    assert.deepEqual(trials.filter((t) => t.mode === 'off' && t.presentation.kind === 'attack').map((t) => [t.run, t.seed]), [[0, 1], [1, 2], [2, 3]]);
  });

  it('plays a bona fide clip once from its start, obeying prompts, and loops an attack from a seeded offset', () => {
    const trials = trialsOf([prepared('bonaFide', 40), prepared('attack', 30)], { modes: ['strict'], runs: 3, attackMs: 5000 });
    const [bonaFide, attacks] = [trials.filter((t) => !t.loop), trials.filter((t) => t.loop)];
    for (const t of bonaFide) assert.deepEqual([t.startIndex, t.maxFrames, Boolean(t.stretches)], [0, 40, true]);
    // A live clip keeps its enrolment part for obeying prompts, but its presentation starts after it.
    const live = trialsOf([{ ...prepared('bonaFide', 40), liveStartIndex: 12 }], { modes: ['standard'], runs: 1, attackMs: 5000 })[0];
    assert.deepEqual([live.startIndex, live.maxFrames], [12, 28]);
    for (const t of attacks) {
      assert.equal(t.maxFrames, Math.round(5000 / OVERLAY_INTERVAL_MS), '5 s at the overlay’s frame rate');
      assert.ok(t.startIndex >= 0 && t.startIndex < 30);
      assert.equal(t.stretches, undefined, 'attacks never obey');
    }
    assert.ok(new Set(attacks.map((t) => t.startIndex)).size > 1, 'runs start attacks at different points');
    assert.deepEqual(trialsOf([prepared('attack', 30)], { modes: ['strict'], runs: 3, attackMs: 5000 }).map((t) => t.startIndex), attacks.map((t) => t.startIndex), 'reproducible');
  });

  it('leaves out a presentation without frames', () => {
    assert.deepEqual(trialsOf([prepared('attack', 0)], { modes: ['off'], runs: 1, attackMs: 5000 }), []);
  });
});
