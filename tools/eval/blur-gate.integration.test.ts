// Where blur breaks recognition, the evidence behind the sharpness limits of the quality gate
// (main/face/pipeline/quality-gate.ts): the five_celebrity val photos letterboxed into 640×480 frames
// and blurred there (as a camera's optics or focus would, ffmpeg gblur, sigma in frame
// pixels), through the product path (renderer detection, crops and sharpness in Chromium,
// FaceEngine in Node), against the person's centre of the unblurred train photos. The full
// measurement (all 117 photos, Gaussian, motion and resampling blur, noise, darkening) is in
// quality-gate.ts; this keeps its shape on the 24 val photos: faces that read at or above the
// enrolment limit are recognised as well as sharp ones, faces that read below the unlock limit
// are not, and — the measure's known flaw — a sharp face darkened to a dim room's light reads
// ~gain² as sharp while it is still recognised. If that last check fails, the measure was
// made contrast-independent: derive the limits again.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { FACE_CROP_SIZE } from '../../preload/api.ts';
import { DEFAULT_THRESHOLD_COSINE } from '../../main/face/recognition/face-profile.ts';
import { ENROL_QUALITY, UNLOCK_QUALITY } from '../../main/face/pipeline/quality-gate.ts';
import { centroidNormalized, cosineSimilarity } from '../../main/face/math/vectors.ts';
import { integrationSkip, photoPipelineSuite } from './integration-support.ts';
import { listImageFolder, type LabelledPhoto } from './image-folder.ts';
import { facesDir } from './paths.ts';

const FACES = join(facesDir(), 'five_celebrity');
const LETTERBOX = 'scale=640:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2';
const BLUR_SIGMAS_PX = [1, 2, 3, 4, 6];
/** A dim room: face luma ~45, like short_live.mp4's 42–44 (quality-gate.ts). */
const DIM_GAIN = 0.35;


const skip = integrationSkip({ paths: [FACES], ffmpeg: true });

interface Measured {
  embedding: Float32Array;
  sharpness: number;
}

/** One degraded probe: its measured sharpness and whether it would unlock against the person's centre. */
interface BlurProbe {
  sharpness: number;
  accepted: boolean;
}

describe('blur and recognition', { skip }, () => {
  const suite = photoPipelineSuite('face-unlock-blur-');
  const scratch = suite.scratch;

  async function measure(path: string): Promise<Measured | null> {
    const analysis = await suite.pipeline.detector.analyseFile(path, { width: 640, height: 480 });
    if (analysis.status !== 'face') return null;
    const { faceCrop, boxInCrop, quality } = analysis.face;
    const { embedding } = await suite.pipeline.engine.analyse({ faceCrop, cropSize: FACE_CROP_SIZE, boxInCrop });
    return { embedding, sharpness: quality.sharpnessLaplacianVar };
  }

  /** The photo as a 640×480 frame: sharp, blurred by every sigma, and sharp but dim; one ffmpeg run. */
  function degraded(photo: LabelledPhoto, index: number): { sharp: string; blurred: string[]; dim: string } {
    const chains = ['null', ...BLUR_SIGMAS_PX.map((sigma) => `gblur=sigma=${sigma}`), `lutrgb=r=val*${DIM_GAIN}:g=val*${DIM_GAIN}:b=val*${DIM_GAIN}`];
    const outputs = chains.map((_, k) => join(scratch, `${index}-${k}.png`));
    const split = `[0]${LETTERBOX},format=rgb24,split=${chains.length}${chains.map((_, k) => `[in${k}]`).join('')}`;
    const filters = chains.map((chain, k) => `[in${k}]${chain}[out${k}]`);
    const maps = outputs.flatMap((out, k) => ['-map', `[out${k}]`, out]);
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', photo.path, '-filter_complex', [split, ...filters].join(';'), ...maps]);
    return { sharp: outputs[0], blurred: outputs.slice(1, -1), dim: outputs[outputs.length - 1] };
  }

  test('recognition holds at the enrolment limit and fails below the unlock limit; a dim sharp face reads as blurry', { timeout: 120_000 }, async (t) => {
    const photos = await listImageFolder(FACES);
    const centres = new Map<string, Float32Array>();
    for (const person of new Set(photos.map((p) => p.person))) {
      const train = photos.filter((p) => p.person === person && p.file.includes('train_'));
      const embeddings = (await Promise.all(train.map((p) => measure(p.path)))).flatMap((m) => (m ? [m.embedding] : []));
      centres.set(person, centroidNormalized(embeddings));
    }
    const probes: BlurProbe[] = [];
    const dimSharpnessRatios: number[] = [];
    let dimAccepted = 0;
    for (const [index, photo] of photos.filter((p) => p.file.includes('val_')).entries()) {
      const centre = centres.get(photo.person)!;
      const frames = degraded(photo, index);
      const sharp = await measure(frames.sharp);
      // Only faces recognised sharp say what blur costs.
      if (!sharp || cosineSimilarity(centre, sharp.embedding) < DEFAULT_THRESHOLD_COSINE) continue;
      for (const path of [frames.sharp, ...frames.blurred]) {
        const blurred = await measure(path);
        probes.push({
          sharpness: blurred?.sharpness ?? 0,
          accepted: blurred !== null && cosineSimilarity(centre, blurred.embedding) >= DEFAULT_THRESHOLD_COSINE,
        });
      }
      const dim = await measure(frames.dim);
      if (!dim) continue;
      dimSharpnessRatios.push(dim.sharpness / sharp.sharpness);
      if (cosineSimilarity(centre, dim.embedding) >= DEFAULT_THRESHOLD_COSINE) dimAccepted++;
    }
    const frr = (group: BlurProbe[]) => group.filter((p) => !p.accepted).length / group.length;
    const enrollable = probes.filter((p) => p.sharpness >= ENROL_QUALITY.minSharpnessLaplacianVar);
    const refused = probes.filter((p) => p.sharpness < UNLOCK_QUALITY.minSharpnessLaplacianVar);
    const medianDimRatio = [...dimSharpnessRatios].sort((a, b) => a - b)[Math.floor(dimSharpnessRatios.length / 2)];
    t.diagnostic(
      `${probes.length} probes; FRR at sharpness ≥ ${ENROL_QUALITY.minSharpnessLaplacianVar}: ${(100 * frr(enrollable)).toFixed(1)} % of ${enrollable.length}; ` +
        `below ${UNLOCK_QUALITY.minSharpnessLaplacianVar}: ${(100 * frr(refused)).toFixed(1)} % of ${refused.length}; ` +
        `dim ×${DIM_GAIN}: sharpness ×${medianDimRatio.toFixed(3)} (median), ${dimAccepted} of ${dimSharpnessRatios.length} recognised`,
    );
    // Measured at 0.50 (npm test, 2026-11-30): 138 probes; FRR 1.4 % of 73 at sharpness ≥ 15, 23.6 % of 55 below 10;
    // dim: ×0.132, 23 of 23 recognised (at the earlier 0.40: 0 % and 18.2 %).
    assert.ok(probes.length >= 100, `${probes.length} probes`);
    assert.ok(enrollable.length >= 40 && frr(enrollable) < 0.05, `FRR ${frr(enrollable)} at or above the enrolment limit`);
    assert.ok(refused.length >= 20 && frr(refused) > 0.1, `FRR ${frr(refused)} below the unlock limit`);
    // The flaw: the Laplacian variance scales with contrast², so light alone moves it by gain².
    assert.ok(medianDimRatio < 2 * DIM_GAIN ** 2, `a dim sharp face reads ×${medianDimRatio} as sharp`);
    assert.ok(dimAccepted >= 0.9 * dimSharpnessRatios.length, `${dimAccepted} of ${dimSharpnessRatios.length} dim sharp faces recognised`);
  });
});
