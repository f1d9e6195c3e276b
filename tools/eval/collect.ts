// Runs every photo of an ImageFolder through the pipeline and keeps what a report
// needs: the embedded faces, every problem photo, and per-stage timings.
import type { ReportFace, ReportProblem } from '../report/report-data.ts';
import type { LabelledPhoto } from './image-folder.ts';
import type { PhotoPipeline } from './photo-pipeline.ts';

export interface EmbeddedFace extends ReportFace {
  embedding: Float32Array;
  /** The head pose's yaw (main's, from the 68 landmarks), positive towards the subject's left. */
  yawDegrees: number;
}

export interface Collection {
  faces: EmbeddedFace[];
  problems: ReportProblem[];
  images: number;
  /** Milliseconds per stage, one entry per photo that reached the stage. */
  stageTimingsMs: Record<string, number[]>;
}

export async function collectFaces(
  pipeline: PhotoPipeline,
  photos: LabelledPhoto[],
  onPhoto: (photo: LabelledPhoto) => void = () => {},
): Promise<Collection> {
  const collection: Collection = { faces: [], problems: [], images: photos.length, stageTimingsMs: {} };
  for (const photo of photos) {
    const result = await pipeline.embedPhoto(photo.path);
    for (const [stage, ms] of Object.entries(result.timingsMs)) (collection.stageTimingsMs[stage] ??= []).push(ms);
    onPhoto(photo);
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
        faceWidthPx: result.face.quality.faceWidthPx,
        embedding: result.embedding,
        yawDegrees: result.pose.yawDegrees,
      });
    }
  }
  return collection;
}
