import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allowsPermission, allowsRequest } from './permission-rules.ts';

const ours = (url: string) => url.startsWith('file:///opt/face-unlock/out/renderer/');
const LOCK = 'file:///opt/face-unlock/out/renderer/lock/index.html';

test('the camera for our pages, nothing else, and never the microphone', () => {
  assert.equal(allowsPermission('media', LOCK, ours, ['video']), true);
  assert.equal(allowsPermission('media', LOCK, ours), true, 'the first check has no media type');
  assert.equal(allowsPermission('media', LOCK, ours, ['unknown']), true);
  assert.equal(allowsPermission('media', LOCK, ours, ['video', 'audio']), false);
  assert.equal(allowsPermission('media', 'https://evil.example/', ours, ['video']), false);
  for (const permission of ['geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
    assert.equal(allowsPermission(permission, LOCK, ours), false, permission);
  }
});

test('our pages and their assets load; remote content and other files do not', () => {
  assert.equal(allowsRequest(LOCK, ours), true);
  assert.equal(allowsRequest('file:///opt/face-unlock/out/renderer/assets/vision_wasm_internal.wasm', ours), true);
  assert.equal(allowsRequest('file:///etc/passwd', ours), false);
  assert.equal(allowsRequest('blob:file:///x', ours), true);
  assert.equal(allowsRequest('https://cdn.example/vision_wasm_internal.wasm', ours), false);
  assert.equal(allowsRequest('http://127.0.0.1:9/', ours), false);
});
