import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Emitter } from './emitter.ts';

describe('Emitter', () => {
  it('calls each listener once per fire, in subscription order, until disposed', () => {
    const emitter = new Emitter<number>();
    const seen: string[] = [];
    const a = (n: number) => seen.push(`a${n}`);
    const first = emitter.event(a);
    emitter.event(a);
    emitter.event((n) => seen.push(`b${n}`));
    emitter.fire(1);
    first.dispose();
    emitter.fire(2);
    assert.deepEqual(seen, ['a1', 'b1', 'b2']);
  });

  it('a listener that throws does not silence the others, and the error surfaces', () => {
    const emitter = new Emitter<void>();
    let called = 0;
    emitter.event(() => {
      throw new Error('boom');
    });
    emitter.event(() => called++);
    assert.throws(() => emitter.fire(), /boom/);
    assert.equal(called, 1);
  });

  it('a listener removed during fire still gets that fire, not the next; dispose() drops all and refuses new ones', () => {
    const emitter = new Emitter<number>();
    const seen: number[] = [];
    const later = { dispose: () => {} };
    emitter.event(() => later.dispose());
    Object.assign(later, emitter.event((n) => seen.push(n)));
    emitter.fire(1);
    emitter.fire(2);
    assert.deepEqual(seen, [1]);
    emitter.dispose();
    emitter.event((n) => seen.push(n));
    emitter.fire(3);
    assert.equal(emitter.listenerCount, 0);
    assert.deepEqual(seen, [1]);
  });
});
