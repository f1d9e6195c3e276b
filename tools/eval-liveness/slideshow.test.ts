import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { enrolmentCandidates, planSlideshows, slideOfFrames, turnedPhotos, type PosedPhoto } from './slideshow.ts';

const photo = (file: string, yawDegrees: number, pitchDegrees: number): PosedPhoto => ({ file, yawDegrees, pitchDegrees });
// Usual pitch −10: `up` is the most pitched away from it, though `down` has the lowest pitch value but is closer.
const PHOTOS = [
  photo('front1', 1, -10), photo('front2', -2, -9), photo('front3', 3, -12), photo('slight', 8, -10),
  photo('left', 28, -8), photo('leftish', 18, -10), photo('right', -30, -11), photo('up', 0, 14), photo('down', 2, -25),
];

describe('slideshow photos', () => {
  it('takes the photo turned most each way: the subject\'s left is the highest yaw, a nod the pitch farthest from the usual', () => {
    const turned = turnedPhotos(PHOTOS);
    assert.equal(turned.turnLeft.file, 'left');
    assert.equal(turned.turnRight.file, 'right');
    assert.equal(turned.nod.file, 'up');
    assert.throws(() => turnedPhotos([]), RangeError);
  });

  it('offers the rest for enrolment, most frontal first', () => {
    assert.deepEqual(enrolmentCandidates(PHOTOS).map((p) => p.file), ['front1', 'front2', 'front3', 'slight', 'down', 'leftish']);
  });

  it('shows frontal, turned, frontal from photos never enrolled', () => {
    const plans = planSlideshows(PHOTOS, new Set(['front1', 'front2']));
    assert.deepEqual(plans, [
      { move: 'turnLeft', files: ['front3', 'left', 'slight'] },
      { move: 'turnRight', files: ['front3', 'right', 'slight'] },
      { move: 'nod', files: ['front3', 'up', 'slight'] },
    ]);
    const enrolledAll = new Set(enrolmentCandidates(PHOTOS).slice(0, 5).map((p) => p.file));
    assert.equal(planSlideshows(PHOTOS, enrolledAll), null, 'one frontal photo left is not a slideshow');
  });

  it('holds each slide for its time, frame by frame', () => {
    const slides = slideOfFrames(3, 1500, 125);
    assert.equal(slides.length, 36);
    assert.deepEqual([slides[0], slides[11], slides[12], slides[23], slides[24], slides[35]], [0, 0, 1, 1, 2, 2]);
    assert.deepEqual(slideOfFrames(3, 200, 125), [0, 0, 1, 1, 2]);
    assert.throws(() => slideOfFrames(3, 0, 125), RangeError);
  });
});
