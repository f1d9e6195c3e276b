import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { AUTOSTART_FILE_NAME, LAUNCHED_AT_LOGIN_ARG, LinuxAutostart, autostartDesktopEntry, autostartDir } from './auto-launch.ts';

test('the desktop entry starts the app with the login flag, quoting paths with spaces', () => {
  const entry = autostartDesktopEntry('/opt/Face Unlock/face-unlock', ['--no-sandbox']);
  assert.match(entry, /^\[Desktop Entry\]\n/);
  assert.match(entry, new RegExp(`^Exec="/opt/Face Unlock/face-unlock" --no-sandbox ${LAUNCHED_AT_LOGIN_ARG}$`, 'm'));
  assert.match(entry, /^Type=Application$/m);
});

test('the autostart folder follows XDG_CONFIG_HOME', () => {
  assert.equal(autostartDir({ XDG_CONFIG_HOME: '/x/config' }), '/x/config/autostart');
  assert.match(autostartDir({}), /\.config\/autostart$/);
});

test('the toggle writes and removes the autostart file', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'autostart-')), 'autostart');
  const autostart = new LinuxAutostart(dir, '/usr/bin/face-unlock');
  assert.equal(await autostart.isEnabled(), false);
  await autostart.setEnabled(true);
  assert.equal(await autostart.isEnabled(), true);
  assert.match(readFileSync(join(dir, AUTOSTART_FILE_NAME), 'utf8'), /^Exec=\/usr\/bin\/face-unlock --launched-at-login$/m);
  await autostart.setEnabled(false);
  assert.equal(existsSync(join(dir, AUTOSTART_FILE_NAME)), false);
  await autostart.setEnabled(false);
  assert.equal(await autostart.isEnabled(), false);
});
