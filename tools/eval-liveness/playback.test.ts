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

  it('takes the nearest stretch ahead, else the first from the start', () => {
    const stretches = { nod: [{ move: 'nod' as const, startIndex: 5, reachIndex: 8 }, { move: 'nod' as const, startIndex: 30, reachIndex: 33 }] };
    const playback = new Playback({ frameCount: 40, loop: false, maxFrames: 40, stretches });
    playback.next('nod');
    assert.equal(playback.frameIndex, 5);
    playback.next('nod');
    assert.equal(playback.frameIndex, 30);
    playback.next('nod');
    assert.equal(playback.frameIndex, 5);
  });

  it('jumps only where the cut would not show, and meanwhile plays on with the move still owed', () => {
    const stretches = { turnLeft: [{ move: 'turnLeft' as const, startIndex: 20, reachIndex: 24 }] };
    // Frame 20 continues only from frames 3 and later.
    const playback = new Playback({ frameCount: 30, loop: false, maxFrames: 30, stretches, seamless: (from, to) => to !== 20 || from >= 3 });
    assert.equal(playback.next('turnLeft'), false);
    assert.equal(playback.frameIndex, 1);
    assert.equal(playback.next(), false, 'not yet');
    assert.equal(playback.frameIndex, 2);
    assert.equal(playback.next(), false);
    assert.equal(playback.frameIndex, 3);
    assert.equal(playback.next(), true, 'from frame 3 the move asked before is made');
    assert.equal(playback.frameIndex, 20);
    assert.equal(playback.next(), false, 'made once');
    assert.equal(playback.frameIndex, 21);
  });

  it('a stretch the clip reaches by itself is the move made', () => {
    const stretches = { nod: [{ move: 'nod' as const, startIndex: 2, reachIndex: 4 }, { move: 'nod' as const, startIndex: 8, reachIndex: 9 }] };
    let cutsShow = true;
    const playback = new Playback({ frameCount: 12, loop: false, maxFrames: 12, stretches, seamless: () => !cutsShow });
    playback.next('nod');
    assert.equal(playback.frameIndex, 1);
    playback.next();
    assert.equal(playback.frameIndex, 2);
    // Owed no more: with every cut allowed from now on, nothing jumps to frame 8.
    cutsShow = false;
    assert.deepEqual(indices(playback), [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('may land in the rest frames before a stretch, and the clip plays into the move', () => {
    const stretches = { nod: [{ move: 'nod' as const, startIndex: 10, reachIndex: 12 }] };
    const playback = new Playback({ frameCount: 20, loop: false, maxFrames: 20, stretches, leadFrames: 3, seamless: (_, to) => to === 8 });
    assert.equal(playback.next('nod'), true);
    assert.equal(playback.frameIndex, 8);
    assert.deepEqual(indices(playback), [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  });
});
