import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, UNREADABLE_FALLBACK, type Settings } from './settings-rules.ts';
import { SettingsStore } from './settings-store.ts';

async function withDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'settings-store-'));
  try {
    await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const custom: Settings = {
  lockOnStart: false,
  idleLockMinutes: 15,
  startAtLogin: true,
  shortcut: 'Super+L',
  passwordEveryHours: 24,
  livenessMode: 'strict',
  cameraDeviceId: 'd2f113ce0a',
};

test('missing settings load as defaults without a problem', () =>
  withDir(async (dir) => {
    const store = await SettingsStore.open({ dir: join(dir, 'nested') });
    assert.deepEqual(await store.load(), { settings: { ...DEFAULT_SETTINGS } });
  }));

test('saved settings round-trip as plain JSON and leave no tmp file', () =>
  withDir(async (dir) => {
    const store = await SettingsStore.open({ dir });
    assert.deepEqual(await store.save(custom), custom);
    assert.deepEqual(await store.load(), { settings: custom });
    assert.deepEqual(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')), custom);
    assert.deepEqual(await readdir(dir), ['settings.json']);
  }));

test('hand-edited values are clamped on load and on save', () =>
  withDir(async (dir) => {
    const store = await SettingsStore.open({ dir });
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ ...custom, idleLockMinutes: -3, extra: 1 }));
    assert.deepEqual(await store.load(), { settings: { ...custom, idleLockMinutes: 0 } });
    const written = await store.save({ ...custom, passwordEveryHours: 10_000 });
    assert.equal(written.passwordEveryHours, 720);
  }));

test('a damaged file gives the strictest settings, never the defaults, and says so', () =>
  withDir(async (dir) => {
    const store = await SettingsStore.open({ dir });
    await writeFile(join(dir, 'settings.json'), '{"lockOnStart": fa');
    const loaded = await store.load();
    assert.deepEqual(loaded.settings, { ...UNREADABLE_FALLBACK });
    assert.match(loaded.problem ?? '', /damaged.*strictest/);
  }));

test('a file with some fields missing or wrong keeps the rest and names what fell back', () =>
  withDir(async (dir) => {
    const store = await SettingsStore.open({ dir });
    const { livenessMode: _dropped, ...rest } = custom;
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ ...rest, passwordEveryHours: 'twelve' }));
    const loaded = await store.load();
    assert.deepEqual(loaded.settings, { ...custom, livenessMode: 'strict', passwordEveryHours: 1 });
    assert.match(loaded.problem ?? '', /password hours, photo and screen check|photo and screen check, password hours/);
  }));

test('a crash before the rename keeps the previous settings', () =>
  withDir(async (dir) => {
    await (await SettingsStore.open({ dir })).save(custom);
    const crashing = await SettingsStore.open({
      dir,
      fs: {
        rename: async () => {
          throw new Error('power cut');
        },
      },
    });
    await assert.rejects(crashing.save({ ...custom, idleLockMinutes: 1 }), /power cut/);
    assert.deepEqual(await (await SettingsStore.open({ dir })).load(), { settings: custom });
  }));
