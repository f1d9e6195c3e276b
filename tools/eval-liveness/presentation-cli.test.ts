import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseModes, presentationOptionsFrom } from './presentation-cli.ts';
import { PRESENTATION_DEFAULTS } from './run-presentations.ts';

describe('presentation command line', () => {
  it('takes the defaults, seconds as milliseconds', () => {
    const o = presentationOptionsFrom({ presentations: 'videos' });
    assert.deepEqual(o.modes, ['standard', 'strict', 'off']);
    assert.equal(o.runs, PRESENTATION_DEFAULTS.runs);
    assert.equal(o.enrolMs, 1500);
    assert.equal(o.attackMs, 20_000);
    assert.equal(o.holdMs, 1500);
    assert.equal(o.slideshowsDir, undefined);
    assert.equal(o.slideshowPersons, Number.POSITIVE_INFINITY);
    assert.ok(o.presentationsDir.endsWith('/videos'));
  });

  it('reads the options given', () => {
    const o = presentationOptionsFrom({ presentations: 'v', slideshows: 'faces', 'slideshow-persons': '2', modes: 'off,strict', runs: '1', 'enrol-seconds': '2.5', 'attack-seconds': '5', 'hold-ms': '800' });
    assert.deepEqual([o.slideshowPersons, o.runs, o.enrolMs, o.attackMs, o.holdMs], [2, 1, 2500, 5000, 800]);
    assert.deepEqual(o.modes, ['off', 'strict']);
    assert.ok(o.slideshowsDir?.endsWith('/faces'));
  });

  it('refuses unknown modes and non-positive numbers', () => {
    assert.throws(() => parseModes('standard,lenient'), /--modes/);
    assert.throws(() => parseModes(''), /--modes/);
    assert.throws(() => presentationOptionsFrom({ presentations: 'v', runs: '0' }), /--runs/);
    assert.throws(() => presentationOptionsFrom({ presentations: 'v', runs: '1.5' }), /--runs/);
    assert.throws(() => presentationOptionsFrom({ presentations: 'v', 'attack-seconds': 'x' }), /--attack-seconds/);
  });
});
