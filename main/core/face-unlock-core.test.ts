import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { PlainCipher } from '../profile/cipher.ts';
import { FaceUnlockCore } from './face-unlock-core.ts';

async function core() {
  const dir = mkdtempSync(join(tmpdir(), 'face-unlock-core-unit-'));
  // No models here: these tests are about settings and state, and the core must start without them.
  return FaceUnlockCore.createFromOptions({ dataDir: dir, cipher: new PlainCipher(), modelsDir: join(dir, 'no-models') });
}

test('settings changes reach their listeners with the previous value, and persist', async () => {
  const unit = await core();
  const seen: [string, string][] = [];
  unit.onSettingsChanged((settings, previous) => seen.push([previous.shortcut, settings.shortcut]));
  const view = await unit.updateSettings({ shortcut: 'CommandOrControl+Shift+L' });
  assert.equal(view.shortcut, 'CommandOrControl+Shift+L');
  assert.deepEqual(seen, [['CommandOrControl+Alt+L', 'CommandOrControl+Shift+L']]);
  await unit.dispose();
});

test('without a keyring the settings say so; without models the lock says why and the face is off', async () => {
  const unit = await core();
  assert.equal(unit.settingsView().weakKeyring, true);
  assert.equal(unit.settingsView().hasProfile, false);
  assert.equal(unit.faceEngine, null);
  unit.lock.lock('user');
  const view = unit.lock.view();
  assert.equal(view.faceEnabled, false);
  assert.match(view.problem ?? '', /unavailable/);
  await unit.dispose();
});
