// What a presentation folder holds, by name: `<subject>_live…` is a bona fide presentation,
// `<subject>_<type>…` an attack of that type on the subject (turn_replay.mp4: a replay of
// `turn`), `<subject>_enrol/` the subject's enrolment photos. A presentation is a video file
// or a folder of consecutive frames.
import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';

export type PresentationKind = 'bonaFide' | 'attack';

export interface PresentationName {
  subject: string;
  kind: PresentationKind;
  /** The attack type (`replay`, `slideshow`, …); null for bona fide. */
  attackType: string | null;
}

export interface PresentationSource extends PresentationName {
  /** File or folder name, as reports show it. */
  name: string;
  path: string;
  format: 'video' | 'frames';
}

export interface PresentationFolder {
  presentations: PresentationSource[];
  /** Subject → folder of enrolment photos (`<subject>_enrol/`). */
  enrolFolders: Map<string, string>;
  /** Entries that are none of these, with why. */
  skipped: string[];
}

export const VIDEO_EXTENSIONS: ReadonlySet<string> = new Set(['.mp4', '.webm', '.mov', '.mkv', '.y4m']);
export const IMAGE = /\.(jpe?g|png|webp|bmp)$/i;
const ENROL_TYPE = 'enrol';
const LIVE_TYPE = 'live';

/** Splits at the first underscore; the type is the next word. null when the name has no subject or type. */
export function parsePresentationName(name: string): PresentationName | null {
  const stem = name.replace(/\.[^.]*$/, '');
  const match = /^([^_]+)_([a-z0-9]+)/i.exec(stem);
  if (!match) return null;
  const [, subject, word] = match;
  const type = word.toLowerCase();
  if (type.startsWith(LIVE_TYPE)) return { subject, kind: 'bonaFide', attackType: null };
  return { subject, kind: 'attack', attackType: type };
}

/** Is this folder name a subject's enrolment photos? Returns the subject. */
export function enrolSubjectOf(name: string): string | null {
  const match = /^([^_]+)_enrol$/i.exec(name);
  return match ? match[1] : null;
}

export async function listPresentations(dir: string): Promise<PresentationFolder> {
  const result: PresentationFolder = { presentations: [], enrolFolders: new Map(), skipped: [] };
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => !e.name.startsWith('.')).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    const enrolSubject = entry.isDirectory() ? enrolSubjectOf(entry.name) : null;
    if (enrolSubject) {
      result.enrolFolders.set(enrolSubject, path);
      continue;
    }
    const format = entry.isDirectory() ? 'frames' : VIDEO_EXTENSIONS.has(extname(entry.name).toLowerCase()) ? 'video' : null;
    const parsed = parsePresentationName(entry.name);
    if (!format) result.skipped.push(`${entry.name}: neither a video nor a folder of frames`);
    else if (!parsed || parsed.attackType === ENROL_TYPE) result.skipped.push(`${entry.name}: not named <subject>_live… or <subject>_<attack>…`);
    else result.presentations.push({ ...parsed, name: entry.name, path, format });
  }
  return result;
}

/** The image files of a folder in name order (numbers compare as numbers: frame_2 before frame_10). */
export async function listFrameFiles(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).filter((name) => IMAGE.test(name) && !name.startsWith('.'));
  return names.sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).map((name) => join(dir, name));
}
