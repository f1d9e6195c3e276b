// The tutorial's `faces/<person>/*.jpg` layout (torchvision's ImageFolder).
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface LabelledPhoto {
  person: string;
  /** Path relative to the folder, for reports. */
  file: string;
  path: string;
}

/** Every non-hidden file one level below a person folder, sorted: nothing is skipped silently. */
export async function listImageFolder(root: string): Promise<LabelledPhoto[]> {
  const entries = await readdir(root, { withFileTypes: true });
  const persons = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
  const photos: LabelledPhoto[] = [];
  for (const person of persons) {
    const files = await readdir(join(root, person), { withFileTypes: true });
    for (const file of files.filter((f) => f.isFile() && !f.name.startsWith('.')).map((f) => f.name).sort()) {
      photos.push({ person, file: `${person}/${file}`, path: join(root, person, file) });
    }
  }
  if (photos.length === 0) throw new Error(`no photos found in ${root}: expected <folder>/<person>/<image>`);
  return photos;
}
