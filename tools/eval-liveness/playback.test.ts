import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Playback } from './playback.ts';

function indices(playback: Playback, obey: (index: number) => 'nod' | null = () => null): number[] {
  const shown: number[] = [];
  while (!playback.done) {
    shown.push(playback.frameIndex);
    playback.next(obey(playback.frameIndex));
  }
  return shown;
}

describe('playback', () => {
  it('plays a bona fide clip once from its start', () => {
    assert.deepEqual(indices(new Playback({ frameCount: 4, loop: false, maxFrames: 4 })), [0, 1, 2, 3]);
  });

  it('loops an attack from its start offset for maxFrames', () => {
    assert.deepEqual(indices(new Playback({ frameCount: 4, startIndex: 2, loop: true, maxFrames: 7 })), [2, 3, 0, 1, 2, 3, 0]);
  });

  it('jumps to where the person makes the asked move, and plays on when the clip has none', () => {
    const stretches = { nod: [{ move: 'nod' as const, startIndex: 6, reachIndex: 8 }] };
    const playback = new Playback({ frameCount: 10, loop: false, maxFrames: 10, stretches });
    playback.next();
    assert.equal(playback.next('nod'), true);
    assert.equal(playback.frameIndex, 6);
    assert.equal(playback.next('turnLeft'), false);
    assert.equal(playback.frameIndex, 7);
    assert.deepEqual(indices(playback), [7, 8, 9]);
  });

  it('stops a bona fide clip after as many frames as it has, even when it jumped back', () => {
    const stretches = { nod: [{ move: 'nod' as const, startIndex: 1, reachIndex: 3 }] };
    const shown = indices(new Playback({ frameCount: 5, loop: false, maxFrames: 5, stretches }), (i) => (i === 3 ? 'nod' : null));
    assert.deepEqual(shown, [0, 1, 2, 3, 1]);
  });
});
