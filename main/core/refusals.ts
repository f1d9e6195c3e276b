// What the core says when it refuses, in one place: the sentences the pages show the user
// as they are (byte for byte: the pages print them), and the one error for a call that
// makes no sense in the core's state.
import { MAX_APPEARANCES } from '../profile/profile-types.ts';

/**
 * A call out of turn (a frame for an enrolment never begun, enrolling without face models):
 * a page's mistake or a forged call, never the user's. The IPC door counts it as an
 * inconsistent payload, like any other it refuses.
 */
export class OutOfTurn extends Error {
  override readonly name = 'OutOfTurn';
}

/** Sentences the pages show as they are. */
export const REFUSALS = Object.freeze({
  replaceNeedsPassword: 'Starting over needs your current password.',
  weakerNeedsPassword: 'This change makes the lock weaker: enter your current password.',
  wrongPassword: 'Wrong password.',
  passwordsPaused: 'Too many wrong passwords: wait, then try again.',
  captureMore: 'Capture more faces first.',
  enrolFirst: 'Enrol a face first.',
  appearancesFull: `This profile already has ${MAX_APPEARANCES} appearances.`,
  deletedMeanwhile: 'The face profile was deleted meanwhile.',
  nothingEnrolled: 'No face is enrolled.',
});
