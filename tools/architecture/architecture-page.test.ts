// docs/architecture.md must keep up with the code: every folder of the processes and of the
// test support, and every room of the house plan, is named on the page (a new room that the
// page does not describe fails here), and every folder the page names exists.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { HOUSE_PLAN } from './house-plan.ts';
import { REPO } from './repo-graph.ts';

const PAGE = readFileSync(join(REPO, 'docs/architecture.md'), 'utf8');
const ROOTS = ['main', 'preload', 'renderer', 'test-support', 'models', 'tools'];

function foldersUnder(dir: string): string[] {
  return readdirSync(join(REPO, dir))
    .filter((name) => name !== 'node_modules' && name !== 'files' && statSync(join(REPO, dir, name)).isDirectory())
    .flatMap((name) => [`${dir}/${name}`, ...(dir.startsWith('tools') ? [] : foldersUnder(`${dir}/${name}`))]);
}

it('the page names every folder of the processes, the test support and the models', () => {
  const folders = ROOTS.flatMap((root) => [root, ...(root === 'tools' ? [] : foldersUnder(root))]);
  const unnamed = folders.filter((folder) => !PAGE.includes(`${folder.split('/').at(-1)}/`));
  assert.deepEqual(unnamed, [], 'folders docs/architecture.md does not describe');
});

it('the page names every room of the house plan, and every room is a real folder or file', () => {
  const rooms = [...HOUSE_PLAN.mayImport.keys()].filter((room) => /^[a-z-]+(\/[a-z0-9.-]+)*$/.test(room) && room !== 'tests');
  const missing = rooms.filter((room) => {
    const last = room.split('/').at(-1)!;
    return !PAGE.includes(last.endsWith('.ts') ? last : `${last}/`);
  });
  assert.deepEqual(missing, [], 'rooms docs/architecture.md does not name');
  for (const room of rooms) assert.ok(statSync(join(REPO, room), { throwIfNoEntry: false }), `${room} exists`);
});
