import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_FRAMES_PER_SECOND } from '../../preload/api.ts';
import { RateLimiter, isTrustedSender } from './sender.ts';

test('the rate limiter allows maxPerSecond per sliding second, per sender', () => {
  let nowMs = 0;
  const limiter = new RateLimiter({ maxPerSecond: MAX_FRAMES_PER_SECOND, clock: { nowMs: () => nowMs } });
  for (let i = 0; i < MAX_FRAMES_PER_SECOND; i += 1) {
    nowMs = i * 10;
    assert.equal(limiter.allow(1), true, `call ${i}`);
  }
  nowMs = MAX_FRAMES_PER_SECOND * 10;
  assert.equal(limiter.allow(1), false);
  assert.equal(limiter.allow(2), true, 'another sender has its own window');
  nowMs = 999;
  assert.equal(limiter.allow(1), false, 'refused calls do not count, but the window has not moved yet');
  nowMs = 1000;
  assert.equal(limiter.allow(1), true, 'the first call left the window');
  assert.equal(limiter.allow(1), false);
  nowMs = 1010;
  assert.equal(limiter.allow(1), true);
  limiter.forget(1);
  assert.equal(limiter.allow(1), true);
  nowMs = 500;
  assert.equal(limiter.allow(1), true, 'a clock that went back resets the window');
  limiter.dispose();
  assert.throws(() => new RateLimiter({ maxPerSecond: 0, clock: { nowMs: () => 0 } }), RangeError);
});

test('only our app pages and the dev server are trusted senders', () => {
  const expected = ['file:///opt/face-unlock/resources/app/out/renderer', 'http://localhost:5173'];
  const trusted = [
    'file:///opt/face-unlock/resources/app/out/renderer/lock/index.html',
    'file:///opt/face-unlock/resources/app/out/renderer/settings/index.html?tab=1#top',
    'http://localhost:5173/',
    'http://localhost:5173/enrol/index.html?x=1',
  ];
  for (const url of trusted) assert.equal(isTrustedSender(url, expected), true, url);
  const untrusted = [
    'http://evil',
    'http://evil.example/lock/index.html',
    'http://localhost:5174/',
    'https://localhost:5173/',
    'http://localhost:5173.evil.com/',
    'http://user:pw@localhost:5173/',
    'file:///etc/passwd',
    'file:///opt/face-unlock/resources/app/out/renderer-evil/index.html',
    'file:///opt/face-unlock/resources/app/out/renderer/../../../../../etc/passwd',
    'file:///opt/face-unlock/resources/app/out/renderer/%2e%2e/%2e%2e/secret.html',
    'file:///opt/face-unlock/resources/app/out/renderer/..%2f..%2fsecret.html',
    'file://otherhost/opt/face-unlock/resources/app/out/renderer/lock/index.html',
    'about:blank',
    'data:text/html,<script>1</script>',
    'devtools://devtools/bundled/inspector.html',
    'not a url',
    '',
  ];
  for (const url of untrusted) assert.equal(isTrustedSender(url, expected), false, url);
  assert.equal(isTrustedSender('http://localhost:5173/', []), false);
  assert.equal(isTrustedSender(undefined as unknown as string, expected), false);
});
