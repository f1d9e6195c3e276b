// Runs every photo of an ImageFolder through the pipeline and keeps what a report
// needs: the embedded faces, every problem photo, and per-stage timings.
import type { ReportFace, ReportProblem } from '../report/report-data.ts';
import type { LabelledPhoto } from './image-folder.ts';
import type { PhotoPipeline } from './photo-pipeline.ts';
import { createProgressBar } from '../report/terminal.ts';
import type { PhotoRecord } from './photo-record.ts';

export interface EmbeddedFace extends ReportFace {
  embedding: Float32Array;
  /** The head pose's yaw (main's, from the 68 landmarks), positive towards the subject's left. */
  yawDegrees: number;
}

export interface Collection {
  /** In the order of the photos (sorted by person, then file). */
  faces: EmbeddedFace[];
  problems: ReportProblem[];
  images: number;
  /** Milliseconds per stage, one entry per photo that reached the stage (cached photos: as first measured). */
  stageTimingsMs: Record<string, number[]>;
  /** Photos whose result came from the embedding cache. */
  cachedPhotos: number;
  /** Wall time from the first photo read to the last one embedded (the embedders already started). */
  seconds: number;
}

export async function collectFaces(
  pipeline: PhotoPipeline,
  photos: LabelledPhoto[],
  onPhoto: (photo: LabelledPhoto) => void = () => {},
): Promise<Collection> {
  const records = new Array<PhotoRecord | undefined>(photos.length);
  let cachedPhotos = 0;
  // Paid once a run, not per photo: left out of the pace, as Chromium's start is.
  await pipeline.startEmbedders();
  const started = performance.now();
  await pipeline.embedPhotos(photos.map((photo) => photo.path), (index, record, cached) => {
    records[index] = record;
    if (cached) cachedPhotos++;
    onPhoto(photos[index]);
  });
  const collection: Collection = {
    faces: [],
    problems: [],
    images: photos.length,
    stageTimingsMs: {},
    cachedPhotos,
    seconds: (performance.now() - started) / 1000,
  };
  for (const [index, photo] of photos.entries()) addRecord(collection, photo, records[index]!);
  return collection;
}

/** A command line's run: every photo embedded behind a progress bar, and the pipeline closed, whatever happens. */
export async function collectFacesShowingProgress(pipeline: PhotoPipeline, photos: LabelledPhoto[]): Promise<Collection> {
  const progress = createProgressBar({ total: photos.length, label: 'embedding' });
  return collectFaces(pipeline, photos, (photo) => progress.tick(photo.file)).finally(async () => {
    progress.done();
    await pipeline.dispose();
  });
}

function addRecord(collection: Collection, photo: LabelledPhoto, result: PhotoRecord): void {
  for (const [stage, ms] of Object.entries(result.timingsMs)) (collection.stageTimingsMs[stage] ??= []).push(ms);
  if (result.status === 'unreadable') {
    collection.problems.push({ file: photo.file, kind: 'unreadable', detail: result.detail });
  } else if (result.status === 'noFace') {
    collection.problems.push({ file: photo.file, kind: 'noFace', detail: `no face found in ${result.frameWidthPx}×${result.frameHeightPx}` });
  } else {
    if (result.faceCount > 1) {
      collection.problems.push({ file: photo.file, kind: 'multiFace', detail: `${result.faceCount} faces: the largest was used` });
    }
    collection.faces.push({
      person: photo.person,
      file: photo.file,
      thumbDataUrl: result.thumbDataUrl,
      faceWidthPx: result.faceWidthPx,
      embedding: result.embedding,
      yawDegrees: result.yawDegrees,
    });
  }
}
