import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RecognitionTest } from '../../preload/api.ts';
import { barFraction, verdictSentence } from './recognition-meter.ts';

const result = (patch: Partial<RecognitionTest>): RecognitionTest => ({
  feedback: 'recognising',
  similarityCosine: 0.6,
  thresholdCosine: 0.45,
  wouldUnlock: true,
  livenessScore: 0.9,
  livenessThreshold: 0.5,
  ...patch,
});

test('similarities sit on a 0…1 bar', () => {
  assert.equal(barFraction(0.62), 0.62);
  assert.equal(barFraction(-0.3), 0);
  assert.equal(barFraction(1.2), 1);
  assert.equal(barFraction(null), 0);
  assert.equal(barFraction(Number.NaN), 0);
});

test('the verdict says what the lock screen would do, and why not', () => {
  assert.equal(verdictSentence(result({})), 'Would unlock');
  assert.equal(
    verdictSentence(result({ wouldUnlock: false, feedback: 'lookingLikePhoto' })),
    'Would not unlock: This looks like a photo or a screen',
  );
});
