import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EnrolPose, EnrolReview } from '../../preload/api.ts';
import { reviewCaption } from './review-step.ts';

const review = (count: number, outlierIndices: number[], poses: EnrolPose[] = []): EnrolReview => ({
  count,
  outlierIndices,
  similarityMatrix: new Array(count * count).fill(1),
  thumbs112: [],
  poses,
});

test('the caption counts the faces and the dropped ones', () => {
  assert.equal(reviewCaption(review(10, [])), '10 faces, none dropped');
  assert.equal(reviewCaption(review(10, [3])), '10 faces, 1 dropped as an outlier');
  assert.equal(reviewCaption(review(12, [3, 7, 3])), '12 faces, 2 dropped as outliers');
  assert.equal(reviewCaption(review(1, [])), '1 face, none dropped');
});

test('the caption says which poses the kept faces show', () => {
  const poses: EnrolPose[] = ['straight', 'straight', 'left', 'right', 'left'];
  assert.equal(reviewCaption(review(5, [], poses)), '5 faces, none dropped · kept 2 straight, 2 turned left, 1 turned right');
  assert.equal(reviewCaption(review(5, [3], poses)), '5 faces, 1 dropped as an outlier · kept 2 straight, 2 turned left');
});
