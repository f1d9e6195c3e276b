import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONTEXT_CROP_BYTES } from '../../../preload/api.ts';
import { colourHistogram, FaceTrack, histogramOverlap, type TrackedFace } from './face-track.ts';

/** A context crop of one colour, or of two halves (face and background). */
function crop(rgb: [number, number, number], background = rgb): Uint8Array {
  const bytes = new Uint8Array(CONTEXT_CROP_BYTES);
  for (let i = 0; i < bytes.length; i += 3) bytes.set(i < bytes.length / 2 ? rgb : background, i);
  return bytes;
}

function unit(...values: number[]): Float32Array {
  const norm = Math.hypot(...values);
  return Float32Array.from(values, (v) => v / norm);
}

const face: TrackedFace = {
  timeMs: 0,
  boxInFrame: { x: 200, y: 150, width: 160, height: 160 },
  contextCrop: crop([180, 140, 120], [60, 60, 70]),
  embedding: unit(1, 0.1, 0),
};

test('colour histograms: the same picture overlaps fully, different colours not at all', () => {
  const a = colourHistogram(face.contextCrop);
  assert.ok(Math.abs(a.reduce((s, v) => s + v, 0) - 1) < 1e-6, 'normalised');
  assert.ok(Math.abs(histogramOverlap(a, a) - 1) < 1e-6);
  assert.equal(histogramOverlap(a, colourHistogram(crop([20, 200, 20]))), 0);
  // Half the pixels change colour: half the mass is shared.
  assert.ok(Math.abs(histogramOverlap(a, colourHistogram(crop([180, 140, 120], [200, 230, 250]))) - 0.5) < 1e-6);
});

test('a face that stays put, looks the same and moves a little continues the track', () => {
  const track = new FaceTrack();
  assert.equal(track.follow(face), null, 'the first face starts the track');
  for (let i = 1; i <= 10; i++) {
    const moved = { ...face, timeMs: i * 125, boxInFrame: { ...face.boxInFrame, x: 200 + 8 * i }, embedding: unit(1, 0.1 + 0.02 * i, 0) };
    assert.equal(track.follow(moved), null, `frame ${i}`);
    assert.ok(track.lastChangeLevels !== null && track.lastChangeLevels >= 0, 'the change from the previous frame is measured');
  }
});

test('each kind of discontinuity breaks the track, and the track starts again from the new face', () => {
  const cases: [string, Partial<TrackedFace>][] = [
    ['gap', { timeMs: 600 }],
    ['jump', { boxInFrame: { ...face.boxInFrame, x: 300 } }],
    ['jump', { boxInFrame: { ...face.boxInFrame, width: 250, height: 250 } }],
    // Another picture of the same person: other light and background.
    ['sceneCut', { contextCrop: crop([150, 120, 110], [220, 220, 200]) }],
    // The same scene, but the embedding jumps (another photo of the face in the same frame).
    ['identityCut', { embedding: unit(0.5, 0.9, 0.3) }],
  ];
  for (const [expected, change] of cases) {
    const track = new FaceTrack();
    track.follow(face);
    const next = { ...face, timeMs: 100, ...change };
    assert.equal(track.follow(next), expected, expected);
    assert.equal(track.lastChangeLevels, null, 'a new track: nothing to compare with');
    assert.equal(track.follow({ ...next, timeMs: next.timeMs + 100 }), null, 'and it continues from there');
  }
});

test('reset forgets the face', () => {
  const track = new FaceTrack();
  track.follow(face);
  track.reset();
  assert.equal(track.follow({ ...face, timeMs: 5000, contextCrop: crop([0, 0, 255]) }), null);
});
