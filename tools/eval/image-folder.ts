// The tutorial's `faces/<person>/*.jpg` layout (torchvision's ImageFolder).
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface LabelledPhoto {
  person: string;
  /** Path relative to the folder, for reports. */
  file: string;
  path: string;
}

/** Every non-hidden file one level below a person folder, sorted: nothing is skipped silently. Symbolic links are followed. */
export async function listImageFolder(root: string): Promise<LabelledPhoto[]> {
  const persons = (await visibleEntries(root, 'directory')).sort();
  const photos: LabelledPhoto[] = [];
  for (const person of persons) {
    for (const file of (await visibleEntries(join(root, person), 'file')).sort()) {
      photos.push({ person, file: `${person}/${file}`, path: join(root, person, file) });
    }
  }
  if (photos.length === 0) throw new Error(`no photos found in ${root}: expected <folder>/<person>/<image>`);
  return photos;
}

/** Names of the non-hidden folders or files in `dir`, links resolved. */
async function visibleEntries(dir: string, kind: 'directory' | 'file'): Promise<string[]> {
  const names: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const info = entry.isSymbolicLink() ? await stat(join(dir, entry.name)) : entry;
    if (kind === 'directory' ? info.isDirectory() : info.isFile()) names.push(entry.name);
  }
  return names;
}
