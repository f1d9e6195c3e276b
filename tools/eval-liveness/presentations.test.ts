import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { enrolSubjectOf, listFrameFiles, listPresentations, parsePresentationName } from './presentations.ts';

describe('presentation names', () => {
  it('reads <subject>_live… as bona fide and <subject>_<type>… as an attack of that type', () => {
    assert.deepEqual(parsePresentationName('turn_live.mp4'), { subject: 'turn', kind: 'bonaFide', attackType: null });
    assert.deepEqual(parsePresentationName('short_live2_morning.webm'), { subject: 'short', kind: 'bonaFide', attackType: null });
    assert.deepEqual(parsePresentationName('turn_replay.mp4'), { subject: 'turn', kind: 'attack', attackType: 'replay' });
    assert.deepEqual(parsePresentationName('anna_Print_a4'), { subject: 'anna', kind: 'attack', attackType: 'print' });
  });

  it('refuses names without a subject and a type', () => {
    assert.equal(parsePresentationName('clip.mp4'), null);
    assert.equal(parsePresentationName('_live.mp4'), null);
    assert.equal(parsePresentationName('turn_.mp4'), null);
  });

  it('recognises enrolment folders', () => {
    assert.equal(enrolSubjectOf('turn_enrol'), 'turn');
    assert.equal(enrolSubjectOf('turn_enrolment'), null);
    assert.equal(enrolSubjectOf('turn_live'), null);
  });

  it('lists videos and frame folders as presentations, enrolment folders apart, and says what it skipped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'presentations-'));
    try {
      for (const name of ['turn_live.mp4', 'turn_replay.MOV', 'notes.txt', 'clip.mp4', 'x_enrol.mp4']) writeFileSync(join(dir, name), '');
      for (const name of ['anna_live', 'anna_enrol', 'anna_print']) mkdirSync(join(dir, name));
      for (const name of ['f10.png', 'f2.png', 'f1.jpg', 'readme.md']) writeFileSync(join(dir, 'anna_print', name), '');
      const folder = await listPresentations(dir);
      assert.deepEqual(
        folder.presentations.map((p) => [p.name, p.format, p.subject, p.kind, p.attackType]),
        [
          ['anna_live', 'frames', 'anna', 'bonaFide', null],
          ['anna_print', 'frames', 'anna', 'attack', 'print'],
          ['turn_live.mp4', 'video', 'turn', 'bonaFide', null],
          ['turn_replay.MOV', 'video', 'turn', 'attack', 'replay'],
        ],
      );
      assert.deepEqual([...folder.enrolFolders], [['anna', join(dir, 'anna_enrol')]]);
      assert.equal(folder.skipped.length, 3, folder.skipped.join('; '));
      // Frames in name order, numbers compared as numbers.
      assert.deepEqual((await listFrameFiles(join(dir, 'anna_print'))).map((p) => p.slice(dir.length + 12)), ['f1.jpg', 'f2.png', 'f10.png']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
