// The command line of the presentation mode: option values → PresentationEvalOptions, checked.
import { resolve } from 'node:path';
import { PRESENTATION_DEFAULTS, type PresentationEvalOptions } from './run-presentations.ts';
import { LIVENESS_MODES, type LivenessMode } from '../../preload/api.ts';

export const PRESENTATION_USAGE = `       npm run eval-liveness -- --presentations <dir> [--slideshows <ImageFolder>] [--slideshow-persons N]
           [--modes standard,strict,off] [--runs N] [--out DIR] [--frame-rate N] [--enrol-seconds S]
           [--hold-ms MS] [--attack-seconds S] [--parallel N]
  <dir>        videos (mp4/webm/mov/mkv/y4m) or folders of frames: <subject>_live… is bona fide,
               <subject>_<type>… an attack of that type; <subject>_enrol/ holds enrolment photos
  --out              where presentations-report.html and metrics.json go (default reports/liveness-presentations)
  --slideshows       also hold up slideshows of each person's photos against each challenge move
  --slideshow-persons only the first N persons of the slideshow folder (default all)
  --modes            liveness modes to simulate (default ${PRESENTATION_DEFAULTS.modes.join(',')})
  --runs             runs per presentation and mode, with other prompt seeds (default ${PRESENTATION_DEFAULTS.runs})
  --frame-rate       frames per second of frame folders (default ${PRESENTATION_DEFAULTS.frameRate})
  --enrol-seconds    enrol the owner from this much of the live clip's start (default ${PRESENTATION_DEFAULTS.enrolMs / 1000})
  --hold-ms          how long a slideshow holds each photo (default ${PRESENTATION_DEFAULTS.holdMs})
  --attack-seconds   how long an attack is looped (default ${PRESENTATION_DEFAULTS.attackMs / 1000})
  --parallel         presentation runs simulated at once (default ${PRESENTATION_DEFAULTS.parallel})`;

export interface PresentationFlags {
  presentations: string;
  slideshows?: string;
  'slideshow-persons'?: string;
  modes?: string;
  runs?: string;
  'frame-rate'?: string;
  'enrol-seconds'?: string;
  'hold-ms'?: string;
  'attack-seconds'?: string;
  parallel?: string;
  threads?: string;
  chromium?: string;
}

function positive(flag: string, text: string | undefined, fallback: number, integer = false): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!(value > 0) || (integer && !Number.isInteger(value))) throw new Error(`--${flag} needs a positive ${integer ? 'integer' : 'number'}, got "${text}"`);
  return value;
}

export function parseModes(text: string | undefined): LivenessMode[] {
  if (text === undefined) return [...PRESENTATION_DEFAULTS.modes];
  const modes = text.split(',').map((m) => m.trim()).filter(Boolean);
  const unknown = modes.filter((m) => !(LIVENESS_MODES as readonly string[]).includes(m));
  if (modes.length === 0 || unknown.length > 0) throw new Error(`--modes takes ${LIVENESS_MODES.join(', ')}; got "${text}"`);
  return [...new Set(modes)] as LivenessMode[];
}

export function presentationOptionsFrom(flags: PresentationFlags): PresentationEvalOptions {
  const d = PRESENTATION_DEFAULTS;
  return {
    presentationsDir: resolve(flags.presentations),
    slideshowsDir: flags.slideshows === undefined ? undefined : resolve(flags.slideshows),
    slideshowPersons: positive('slideshow-persons', flags['slideshow-persons'], d.slideshowPersons, true),
    modes: parseModes(flags.modes),
    runs: positive('runs', flags.runs, d.runs, true),
    frameRate: positive('frame-rate', flags['frame-rate'], d.frameRate),
    enrolMs: positive('enrol-seconds', flags['enrol-seconds'], d.enrolMs / 1000) * 1000,
    holdMs: positive('hold-ms', flags['hold-ms'], d.holdMs),
    attackMs: positive('attack-seconds', flags['attack-seconds'], d.attackMs / 1000) * 1000,
    parallel: positive('parallel', flags.parallel, d.parallel, true),
    threads: flags.threads === undefined ? undefined : positive('threads', flags.threads, 1, true),
    chromiumPath: flags.chromium,
  };
}
