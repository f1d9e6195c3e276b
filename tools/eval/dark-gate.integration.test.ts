// Where darkness breaks recognition, the evidence behind the light limits of the quality gate
// (main/face/pipeline/quality-gate.ts): the five_celebrity val photos darkened by gains (as a camera's
// exposure falls), letterboxed into 640×480 frames, through the product path (renderer
// detection and crops in Chromium, FaceEngine in Node), against the person's centre of the
// undarkened train photos. The full measurement (all 117 photos, gains 0.6…0.055, noise,
// gammas) is in quality-gate.ts; this keeps its shape on the 24 val photos: the detector
// still finds the faces, FRR at the shipped threshold stays near the bright level down to the unlock limit, and
// climbs far below it. If it fails because dark faces score better, a better model has
// arrived: lower the limits.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { FACE_CROP_SIZE } from '../../preload/api.ts';
import { DEFAULT_THRESHOLD_COSINE } from '../../main/face/recognition/face-profile.ts';
import { UNLOCK_QUALITY } from '../../main/face/pipeline/quality-gate.ts';
import { centroidNormalized, cosineSimilarity } from '../../main/face/math/vectors.ts';
import { integrationSkip, photoPipelineSuite } from './integration-support.ts';
import { listImageFolder, type LabelledPhoto } from './image-folder.ts';
import { facesDir } from './paths.ts';

const FACES = join(facesDir(), 'five_celebrity');
const GAINS = [0.45, 0.3, 0.2, 0.13, 0.09];
/** Below this face luma recognition has failed (FRR ×3 the bright level on all 117 photos). */
const FAILING_LUMA = 20;


const skip = integrationSkip({ paths: [FACES], ffmpeg: true });

/** One darkened probe: its face luma and whether it would unlock against the person's centre (null: no face found). */
interface DarkProbe {
  gain: number;
  brightness: number;
  accepted: boolean | null;
}

describe('darkness and recognition', { skip }, () => {
  const suite = photoPipelineSuite('face-unlock-dark-');
  const scratch = suite.scratch;

  async function embedding(path: string): Promise<{ embedding: Float32Array; brightness: number } | null> {
    const analysis = await suite.pipeline.detector.analyseFile(path, { width: 640, height: 480 });
    if (analysis.status !== 'face') return null;
    const { faceCrop, boxInCrop, quality } = analysis.face;
    const { embedding } = await suite.pipeline.engine.analyse({ faceCrop, cropSize: FACE_CROP_SIZE, boxInCrop });
    return { embedding, brightness: quality.brightness };
  }

  /** The photo scaled by every gain in one ffmpeg run: one PNG per gain. */
  function darkened(photo: LabelledPhoto, index: number): string[] {
    const outputs = GAINS.map((gain) => join(scratch, `${index}-${gain}.png`));
    const split = `[0]split=${GAINS.length}${GAINS.map((_, k) => `[in${k}]`).join('')}`;
    const scaled = GAINS.map((gain, k) => `[in${k}]lutrgb=r=val*${gain}:g=val*${gain}:b=val*${gain}[out${k}]`);
    const maps = outputs.flatMap((out, k) => ['-map', `[out${k}]`, out]);
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', photo.path, '-filter_complex', [split, ...scaled].join(';'), ...maps]);
    return outputs;
  }

  test('the detector keeps finding dark faces; FRR stays at the bright level down to the unlock limit and climbs below it', { timeout: 120_000 }, async (t) => {
    const photos = await listImageFolder(FACES);
    const centres = new Map<string, Float32Array>();
    for (const person of new Set(photos.map((p) => p.person))) {
      const train = photos.filter((p) => p.person === person && p.file.includes('train_'));
      const embeddings = (await Promise.all(train.map((p) => embedding(p.path)))).flatMap((e) => (e ? [e.embedding] : []));
      centres.set(person, centroidNormalized(embeddings));
    }
    const probes: DarkProbe[] = [];
    for (const [index, photo] of photos.filter((p) => p.file.includes('val_')).entries()) {
      const original = await embedding(photo.path);
      const centre = centres.get(photo.person)!;
      // Only faces recognised in good light say what darkness costs.
      if (!original || cosineSimilarity(centre, original.embedding) < DEFAULT_THRESHOLD_COSINE) continue;
      for (const [k, path] of darkened(photo, index).entries()) {
        const dark = await embedding(path);
        probes.push({
          gain: GAINS[k],
          brightness: dark?.brightness ?? 0,
          accepted: dark ? cosineSimilarity(centre, dark.embedding) >= DEFAULT_THRESHOLD_COSINE : null,
        });
      }
    }
    const frr = (group: DarkProbe[]) => group.filter((p) => p.accepted !== true).length / group.length;
    const lit = probes.filter((p) => p.brightness >= UNLOCK_QUALITY.minBrightness);
    const failing = probes.filter((p) => p.accepted !== null && p.brightness < FAILING_LUMA);
    const found = probes.filter((p) => p.accepted !== null).length / probes.length;
    t.diagnostic(`${probes.length} darkened probes, ${(100 * found).toFixed(1)} % found; FRR at luma ≥ ${UNLOCK_QUALITY.minBrightness}: ${(100 * frr(lit)).toFixed(1)} % of ${lit.length}; below ${FAILING_LUMA}: ${(100 * frr(failing)).toFixed(1)} % of ${failing.length}`);
    // Measured at 0.50 (npm test, 2026-11-30): 115 probes, 99.1 % found; FRR 2.5 % of 40 at luma ≥ 35, 31.1 % of 45 below 20
    // (at the earlier 0.40: 0 % and 17.8 %).
    assert.ok(probes.length >= 80, `${probes.length} probes`);
    assert.ok(found > 0.9, `the detector found ${found}`);
    assert.ok(lit.length >= 20 && frr(lit) < 0.1, `FRR ${frr(lit)} at or above the unlock limit`);
    assert.ok(failing.length >= 20 && frr(failing) > 0.1, `FRR ${frr(failing)} below luma ${FAILING_LUMA}`);
  });
});
