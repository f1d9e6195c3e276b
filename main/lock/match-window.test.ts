import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { centroidNormalized, cosineSimilarity } from '../face/math/vectors.ts';
import { MatchWindow, type MatchWindowOptions } from './match-window.ts';

/** Unit vectors in 2-d at `degrees` from the owner's direction (1, 0): cosine = cos(degrees). */
const at = (degrees: number) => Float32Array.of(Math.cos((degrees * Math.PI) / 180), Math.sin((degrees * Math.PI) / 180));
const OWNER = at(0);
/** The threshold of these tests: 60° from the owner (cosine 0.5). */
const fusedMatch = (embeddings: readonly Float32Array[]) => cosineSimilarity(centroidNormalized(embeddings), OWNER) >= 0.5;
const windowOf = (options: Partial<MatchWindowOptions> = {}) => new MatchWindow({ fusedMatch, ...options });
const MATCH = at(10);
const FAR_OFF = at(-150);

describe('MatchWindow', () => {
  it('defaults to a mean of at least 3 of an attempt of 5 judged face frames', () => {
    const window = windowOf();
    assert.equal(window.minFusedFrames, 3);
    assert.equal(window.windowFrames, 5);
  });

  it('never unlocks on fewer than 3 frames, and unlocks on the third when their mean matches', () => {
    const window = windowOf();
    assert.deepEqual([window.push('match', MATCH), window.push('match', MATCH), window.push('match', MATCH)], ['pending', 'pending', 'unlock']);
  });

  it('unlocks the owner whose frames each sit near the threshold: their mean is clearer than any one', () => {
    // 55°, 65°, 58° from the owner: two of three under the threshold on their own (60°)…
    const frames = [at(55), at(-65), at(58)];
    assert.ok(frames.filter((e) => cosineSimilarity(e, OWNER) >= 0.5).length === 2);
    // …but scattered on both sides, their mean points close to the owner.
    const window = windowOf();
    assert.equal(window.push('match', frames[0]), 'pending');
    assert.equal(window.push('nonMatch', frames[1]), 'pending');
    assert.equal(window.push('match', frames[2]), 'unlock');
  });

  it('needs the latest frame to match on its own: a mean that matches after a non-matching frame waits', () => {
    const window = windowOf();
    window.push('match', MATCH);
    window.push('match', MATCH);
    assert.equal(window.push('nonMatch', at(70)), 'pending', 'mean matches, the frame does not');
    assert.equal(window.push('match', MATCH), 'unlock');
  });

  it('refuses when the mean does not match, even with matching frames, and rejects a full attempt', () => {
    const window = windowOf();
    const decisions = [window.push('match', MATCH), window.push('nonMatch', FAR_OFF), window.push('nonMatch', FAR_OFF), window.push('match', MATCH), window.push('nonMatch', FAR_OFF)];
    assert.deepEqual(decisions, ['pending', 'pending', 'pending', 'pending', 'reject']);
    // The attempt starts afresh: the old frames are gone from the mean.
    assert.deepEqual([window.push('match', MATCH), window.push('match', MATCH), window.push('match', MATCH)], ['pending', 'pending', 'unlock']);
  });

  it('takes the owner’s frames seen during the liveness check into the mean, without counting them as judged', () => {
    const window = windowOf();
    for (let i = 0; i < 20; i++) window.observe(MATCH);
    assert.equal(window.push('match', MATCH), 'unlock', 'the first judged frame can unlock at once');
    const slow = windowOf({ windowFrames: 5 });
    for (let i = 0; i < 20; i++) slow.observe(FAR_OFF);
    assert.equal(slow.push('match', MATCH), 'pending', 'the mean holds only the latest frames, and those do not match');
  });

  it('does not count noFace frames, and resets after a long run of them', () => {
    const window = windowOf({ resetAfterNoFaceFrames: 4 });
    window.push('match', MATCH);
    window.push('match', MATCH);
    for (let i = 0; i < 3; i++) assert.equal(window.push('noFace'), 'pending');
    assert.equal(window.push('match', MATCH), 'unlock', 'three noFace frames are below the reset run');
    window.push('match', MATCH);
    window.push('match', MATCH);
    for (let i = 0; i < 4; i++) window.push('noFace');
    assert.equal(window.push('match', MATCH), 'pending', 'the run of four started the attempt afresh');
  });

  it('reset() forgets the attempt', () => {
    const window = windowOf();
    window.push('match', MATCH);
    window.push('match', MATCH);
    window.reset();
    assert.equal(window.push('match', MATCH), 'pending');
  });

  it('refuses impossible options and frames without an embedding', () => {
    assert.throws(() => windowOf({ minFusedFrames: 6, windowFrames: 5 }), RangeError);
    assert.throws(() => windowOf({ minFusedFrames: 0 }), RangeError);
    assert.throws(() => windowOf({ windowFrames: 2.5 }), RangeError);
    assert.throws(() => windowOf({ resetAfterNoFaceFrames: 0 }), RangeError);
    assert.throws(() => windowOf().push('match'), TypeError);
  });
});
