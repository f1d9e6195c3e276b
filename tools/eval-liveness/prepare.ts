// Everything the simulation needs, prepared once (the detector is the slow part): per subject
// the owner's enrolment frames and every presentation's FrameReports, the live clips' move
// stretches, and the slideshows built from an ImageFolder.
import { CHALLENGE_STEPS } from '../../main/face/liveness/challenge/challenge.ts';
import type { FaceEngine } from '../../main/face/pipeline/face-engine.ts';
import type { FrameReport } from '../../preload/api.ts';
import { listImageFolder } from '../eval/image-folder.ts';
import type { ClipAnalyser } from './clips.ts';
import { findMoveStretches, poseTrackOf, type MoveStretch, type PoseTrack } from './moves.ts';
import { listFrameFiles, type PresentationFolder, type PresentationName, type PresentationSource } from './presentations.ts';
import type { Clip, PresentationSimulator } from './simulate.ts';
import { enrolmentCandidates, planSlideshows, slideOfFrames, type PosedPhoto } from './slideshow.ts';
import type { ChallengeStep } from '../../main/face/outcomes.ts';

export interface PreparedPresentation {
  presentation: PresentationName & { name: string };
  enrolment: FrameReport[];
  clip: Clip;
  /**
   * Bona fide only: where the presentation starts in the clip (after the enrolment part of a
   * live clip; the clip keeps that part, so a prompt can be obeyed with any move the person made).
   */
  liveStartIndex?: number;
  /** Bona fide only: where the person makes each move, anywhere in the clip. */
  stretches?: Record<ChallengeStep, MoveStretch[]>;
}

/** How a subject's owner was enrolled, for the report. */
export interface OwnerEnrolment {
  subject: string;
  /** The live clip, the <subject>_enrol/ photos, or the slideshow person's photos. */
  from: string;
  /** Frames (or photos) handed to the enrolment until it saved. */
  frames: number;
  /** Where the live clip's presentation starts, ms (0 when enrolled from photos). */
  liveFromMs: number;
}

export interface Preparation {
  prepared: PreparedPresentation[];
  owners: OwnerEnrolment[];
  /** What could not be prepared, with why. */
  skipped: string[];
}

export interface PrepareOptions {
  analyser: ClipAnalyser;
  simulator: PresentationSimulator;
  /** For head poses, as main computes them. */
  engine: FaceEngine;
  /** Time between frames the overlay sends, ms. */
  intervalMs: number;
  /** The owner is enrolled from this much of the start of the live clip (more if the enrolment needs it). */
  enrolMs: number;
  /** How long each slide is shown, ms. */
  holdMs: number;
}

export async function preparePresentations(folder: PresentationFolder, o: PrepareOptions): Promise<Preparation> {
  const result: Preparation = { prepared: [], owners: [], skipped: [...folder.skipped] };
  const subjects = [...new Set(folder.presentations.map((p) => p.subject))];
  for (const subject of subjects) {
    const sources = folder.presentations.filter((p) => p.subject === subject);
    const enrolFolder = folder.enrolFolders.get(subject);
    const live = sources.find((p) => p.kind === 'bonaFide');
    const owner = enrolFolder ? await enrolFromPhotos(enrolFolder, o) : live ? await enrolFromClip(live, o) : null;
    if (!owner) {
      result.skipped.push(`${subject}: the owner could not be enrolled (no ${subject}_enrol/ folder, or too few usable faces in the live clip)`);
      continue;
    }
    const from = enrolFolder ? `${subject}_enrol/` : live!.name;
    result.owners.push({ subject, from, frames: owner.enrolment.length, liveFromMs: owner.liveFromMs });
    for (const source of sources) {
      const { reports } = await o.analyser.clip(source, { framesPerSecond: 1000 / o.intervalMs });
      const { subject: s, kind, attackType, name } = source;
      const clip = { frames: reports, intervalMs: o.intervalMs };
      const prepared: PreparedPresentation = { presentation: { subject: s, kind, attackType, name }, enrolment: owner.enrolment, clip };
      if (kind === 'bonaFide') {
        prepared.liveStartIndex = source === live ? Math.round(owner.liveFromMs / o.intervalMs) : 0;
        prepared.stretches = stretchesOf(await poseTrackOf(o.engine, reports), o.intervalMs);
      }
      result.prepared.push(prepared);
    }
  }
  return result;
}

function stretchesOf(track: PoseTrack, intervalMs: number): Record<ChallengeStep, MoveStretch[]> {
  return Object.fromEntries(CHALLENGE_STEPS.map((move) => [move, findMoveStretches(track, move, { intervalMs })])) as Record<ChallengeStep, MoveStretch[]>;
}

interface Owner {
  enrolment: FrameReport[];
  /** Where the live clip's presentation starts: after the enrolment part. */
  liveFromMs: number;
}

async function enrolFromPhotos(dir: string, o: PrepareOptions): Promise<Owner | null> {
  const candidates = await o.analyser.photos(await listFrameFiles(dir));
  const used = await o.simulator.enrolmentLength(candidates);
  return used === null ? null : { enrolment: candidates.slice(0, used), liveFromMs: 0 };
}

/** The clip's first enrolMs at its own frame rate; more of it, a chunk at a time, while the enrolment needs more (up to half the clip). */
async function enrolFromClip(source: PresentationSource, o: PrepareOptions): Promise<Owner | null> {
  const candidates: FrameReport[] = [];
  const timesMs: number[] = [];
  for (let fromMs = 0; ; fromMs += o.enrolMs) {
    const chunk = await o.analyser.clip(source, { fromMs, durationMs: o.enrolMs });
    candidates.push(...chunk.reports);
    timesMs.push(...chunk.timesMs);
    const used = await o.simulator.enrolmentLength(candidates);
    const chunkEndMs = fromMs + o.enrolMs;
    if (used !== null) return { enrolment: candidates.slice(0, used), liveFromMs: Math.max(o.enrolMs, timesMs[used] ?? chunkEndMs) };
    if (chunkEndMs >= chunk.sourceDurationMs / 2 || chunk.reports.length === 0) return null;
  }
}

/** Per person (the first maxPersons, by name): enrol from near-frontal photos, then one slideshow per move from the rest. */
export async function prepareSlideshows(dir: string, maxPersons: number, o: PrepareOptions): Promise<Preparation> {
  const result: Preparation = { prepared: [], owners: [], skipped: [] };
  const photos = await listImageFolder(dir);
  const persons = [...new Set(photos.map((p) => p.person))].slice(0, maxPersons);
  for (const person of persons) {
    const own = photos.filter((p) => p.person === person);
    const reports = new Map<string, FrameReport>();
    (await o.analyser.photos(own.map((p) => p.path))).forEach((report, i) => report.faceCount === 1 && report.face && reports.set(own[i].file, report));
    const files = [...reports.keys()];
    const track = await poseTrackOf(o.engine, files.map((file) => reports.get(file)!));
    const posed: PosedPhoto[] = files.map((file, i) => ({ file, ...track[i]! }));
    const candidates = posed.length > 0 ? enrolmentCandidates(posed) : [];
    const used = await o.simulator.enrolmentLength(candidates.map((p) => reports.get(p.file)!));
    if (used === null) {
      result.skipped.push(`${person}: the enrolment did not complete with all ${candidates.length} photos not needed as turned slides`);
      continue;
    }
    const plans = planSlideshows(posed, new Set(candidates.slice(0, used).map((p) => p.file)));
    if (!plans) {
      result.skipped.push(`${person}: the enrolment took ${used} of ${candidates.length} photos, leaving fewer than two frontal ones to show`);
      continue;
    }
    const enrolment = candidates.slice(0, used).map((p) => reports.get(p.file)!);
    result.owners.push({ subject: person, from: `${person}/ (most frontal photos)`, frames: used, liveFromMs: 0 });
    const order = slideOfFrames(3, o.holdMs, o.intervalMs);
    for (const plan of plans) {
      const slides = plan.files.map((file) => reports.get(file)!);
      result.prepared.push({
        presentation: { subject: person, kind: 'attack', attackType: 'slideshow', name: `${person}_slideshow_${plan.move}` },
        enrolment,
        clip: { frames: order.map((slide) => slides[slide]), intervalMs: o.intervalMs },
      });
    }
  }
  return result;
}
