import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LockoutPolicy, type LockoutPolicyOptions } from './lockout-policy.ts';
import { FakeClock } from '../../test-support/fake-clock.ts';

const START_MS = 1_700_000_000_000;
const HOUR_MS = 3600_000;

/** A policy past its start-up password, so face is allowed. */
function readyPolicy(options: LockoutPolicyOptions = {}): { clock: FakeClock; policy: LockoutPolicy } {
  const clock = new FakeClock(START_MS);
  const policy = new LockoutPolicy({ clock, ...options });
  assert.equal(policy.recordPasswordSuccess(), true);
  return { clock, policy };
}

function failFace(policy: LockoutPolicy, times: number): void {
  for (let i = 0; i < times; i += 1) policy.recordFaceFailure();
}

function failPassword(policy: LockoutPolicy, times: number): void {
  for (let i = 0; i < times; i += 1) policy.recordPasswordFailure();
}

describe('LockoutPolicy: face failures', () => {
  it('pauses face unlock for 30 s after 5 failed attempts, not after 4', () => {
    const { policy } = readyPolicy();
    failFace(policy, 4);
    assert.equal(policy.status().faceAllowed, true);
    policy.recordFaceFailure();
    const status = policy.status();
    assert.equal(status.faceAllowed, false);
    assert.equal(status.faceLockoutRemainingMs, 30_000);
    assert.equal(status.passwordAllowed, true, 'a face lockout leaves the password usable');
    assert.equal(status.passwordReason, null);
  });

  it('counts the remaining time down with the clock', () => {
    const { clock, policy } = readyPolicy();
    failFace(policy, 5);
    clock.advance(10_000);
    assert.equal(policy.status().faceLockoutRemainingMs, 20_000);
    assert.equal(policy.nextChangeInMs(), 20_000);
    clock.advance(20_000);
    assert.equal(policy.status().faceLockoutRemainingMs, 0);
    assert.equal(policy.status().faceAllowed, true);
  });

  it('ignores failures during a lockout and refuses a face success', () => {
    const { clock, policy } = readyPolicy();
    failFace(policy, 5);
    failFace(policy, 10);
    assert.equal(policy.recordFaceSuccess(), false);
    assert.equal(policy.status().faceLockoutRemainingMs, 30_000);
    clock.advance(30_000);
    failFace(policy, 4);
    assert.equal(policy.status().faceAllowed, true, 'failures during the lockout were not counted');
  });

  it('grows lockouts 30 → 60 → 120 s … up to the cap', () => {
    const { clock, policy } = readyPolicy({ maxFaceLockouts: 100 });
    const lockoutsS: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      failFace(policy, 5);
      const remainingMs = policy.status().faceLockoutRemainingMs;
      lockoutsS.push(remainingMs / 1000);
      clock.advance(remainingMs);
    }
    assert.deepEqual(lockoutsS, [30, 60, 120, 240, 480, 960, 1800, 1800]);
  });

  it('requires the password after the third face lockout in a row', () => {
    const { clock, policy } = readyPolicy();
    failFace(policy, 5);
    clock.advance(30_000);
    failFace(policy, 5);
    clock.advance(60_000);
    assert.equal(policy.status().passwordReason, null);
    failFace(policy, 5);
    const status = policy.status();
    assert.equal(status.passwordReason, 'attempts');
    assert.equal(status.faceAllowed, false);
    assert.equal(status.faceLockoutRemainingMs, 0, 'no timed pause: only the password helps');
    clock.advance(HOUR_MS);
    assert.equal(policy.status().faceAllowed, false, 'time alone does not clear it');
    assert.equal(policy.recordPasswordSuccess(), true);
    assert.equal(policy.status().faceAllowed, true);
  });

  it('resets counters and growth after a successful unlock', () => {
    const { clock, policy } = readyPolicy();
    failFace(policy, 5);
    clock.advance(30_000);
    failFace(policy, 4);
    assert.equal(policy.recordFaceSuccess(), true);
    failFace(policy, 4);
    assert.equal(policy.status().faceAllowed, true, 'the four earlier failures were forgotten');
    policy.recordFaceFailure();
    assert.equal(policy.status().faceLockoutRemainingMs, 30_000, 'growth started over');
  });
});

describe('LockoutPolicy: passwords', () => {
  it('locks out password and face for 30 s after 5 wrong passwords', () => {
    const { clock, policy } = readyPolicy();
    failPassword(policy, 4);
    assert.equal(policy.status().passwordAllowed, true);
    policy.recordPasswordFailure();
    let status = policy.status();
    assert.equal(status.passwordAllowed, false);
    assert.equal(status.faceAllowed, false);
    assert.equal(status.passwordLockoutRemainingMs, 30_000);
    assert.equal(policy.recordPasswordSuccess(), false, 'even the right password is refused');
    assert.equal(policy.recordFaceSuccess(), false);
    clock.advance(12_000);
    assert.equal(policy.status().passwordLockoutRemainingMs, 18_000);
    clock.advance(18_000);
    status = policy.status();
    assert.equal(status.passwordAllowed, true);
    assert.equal(status.faceAllowed, true);
    failPassword(policy, 5);
    assert.equal(policy.status().passwordLockoutRemainingMs, 60_000, 'the second lockout is longer');
  });

  it('requires the password at start until it is entered', () => {
    const clock = new FakeClock(START_MS);
    const policy = new LockoutPolicy({ clock, requirePasswordAtStart: true });
    assert.equal(policy.status().passwordReason, 'restart');
    assert.equal(policy.recordFaceSuccess(), false);
    assert.equal(policy.recordPasswordSuccess(), true);
    assert.equal(policy.status().passwordReason, null);
    assert.equal(new LockoutPolicy({ clock }).status().passwordReason, 'restart', 'the default fails closed');
  });

  it('requires the password when it was never entered', () => {
    const policy = new LockoutPolicy({ clock: new FakeClock(START_MS), requirePasswordAtStart: false });
    assert.equal(policy.status().passwordReason, 'timeout');
  });

  it('requires the password 72 h after the last password unlock; face unlocks do not extend it', () => {
    const { clock, policy } = readyPolicy();
    clock.advance(71 * HOUR_MS);
    assert.equal(policy.recordFaceSuccess(), true);
    assert.equal(policy.nextChangeInMs(), HOUR_MS + 1);
    clock.advance(HOUR_MS);
    assert.equal(policy.status().passwordReason, null, 'exactly 72 h is still within');
    clock.advance(1);
    assert.equal(policy.status().passwordReason, 'timeout');
    assert.equal(policy.status().faceAllowed, false);
    assert.equal(policy.recordPasswordSuccess(), true);
    assert.equal(policy.status().faceAllowed, true);
  });
});

describe('LockoutPolicy: persistence and clock changes', () => {
  it('keeps a password lockout and the failure counts across a restart', () => {
    const { clock, policy } = readyPolicy();
    failPassword(policy, 5);
    clock.advance(5_000);
    const saved = JSON.parse(JSON.stringify(policy.toJSON()));

    const restarted = LockoutPolicy.fromJSON(saved, { clock, requirePasswordAtStart: true });
    const status = restarted.status();
    assert.equal(status.passwordLockoutRemainingMs, 25_000);
    assert.equal(status.passwordAllowed, false);
    assert.equal(restarted.recordPasswordSuccess(), false);
    clock.advance(25_000);
    assert.equal(restarted.status().passwordReason, 'restart');

    failPassword(restarted, 5);
    assert.equal(restarted.status().passwordLockoutRemainingMs, 60_000, 'growth survived the restart');
  });

  it('keeps partial password failures across a restart', () => {
    const { clock, policy } = readyPolicy();
    failPassword(policy, 4);
    const restarted = LockoutPolicy.fromJSON(policy.toJSON(), { clock });
    restarted.recordPasswordFailure();
    assert.equal(restarted.status().passwordAllowed, false);
  });

  it('keeps the last password unlock and the face lockouts in a row', () => {
    const { clock, policy } = readyPolicy();
    failFace(policy, 5);
    clock.advance(30_000);
    failFace(policy, 5);
    clock.advance(60_000);
    const restarted = LockoutPolicy.fromJSON(policy.toJSON(), { clock, requirePasswordAtStart: false });
    assert.equal(restarted.status().passwordReason, null, 'the earlier password unlock still counts');
    failFace(restarted, 5);
    assert.equal(restarted.status().passwordReason, 'attempts');
  });

  it('refuses malformed state', () => {
    const good = readyPolicy().policy.toJSON();
    assert.throws(() => LockoutPolicy.fromJSON(null), TypeError);
    assert.throws(() => LockoutPolicy.fromJSON({ ...good, version: 2 }), TypeError);
    assert.throws(() => LockoutPolicy.fromJSON({ ...good, passwordFailures: -1 }), TypeError);
    assert.throws(() => LockoutPolicy.fromJSON({ ...good, faceLockedUntilMs: 'soon' }), TypeError);
    assert.throws(() => LockoutPolicy.fromJSON({ ...good, lastPasswordUnlockMs: undefined }), TypeError);
  });

  it('bounds a lockout when the clock is set backwards, and asks for the password', () => {
    const { clock, policy } = readyPolicy();
    failPassword(policy, 5);
    clock.set(START_MS - 24 * HOUR_MS);
    const status = policy.status();
    assert.equal(status.passwordLockoutRemainingMs, 30 * 60_000, 'capped at maxLockoutMs, not a day');
    assert.equal(status.passwordReason, 'timeout');
  });

  it('tells listeners about every state change', () => {
    const { policy } = readyPolicy();
    let changes = 0;
    const subscription = policy.onChange(() => (changes += 1));
    policy.recordFaceFailure();
    policy.recordPasswordFailure();
    subscription.dispose();
    policy.recordFaceFailure();
    assert.equal(changes, 2);
  });
});

describe('LockoutPolicy: settings change', () => {
  it('a shorter password interval applies at once', () => {
    const clock = new FakeClock(0);
    const policy = new LockoutPolicy({ clock, requirePasswordAtStart: false, passwordEveryMs: 72 * 3600_000 });
    policy.recordPasswordSuccess();
    clock.advance(25 * 3600_000);
    assert.equal(policy.status().faceAllowed, true);
    policy.setPasswordEveryMs(24 * 3600_000);
    assert.equal(policy.status().passwordReason, 'timeout');
    assert.throws(() => policy.setPasswordEveryMs(0), RangeError);
  });
});
