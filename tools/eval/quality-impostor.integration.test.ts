// Do blurred or dark faces make false accepts more likely? A worry is that a degraded face loses
// what makes it individual and drifts towards "any face", so that it scores higher against
// strangers. This test checks that on lfw_aligned. It picks people by a fixed seed and builds
// each person's centre from 2 sharp photos. Every other photo of the person is a probe: sharp,
// Gaussian-blurred (sigma 6) and darkened (gain 0.2), each degraded inside a 640×480 frame, as a
// camera would produce it. The frames go through the product path (renderer detection, crops and
// sharpness in Chromium, FaceEngine in Node, the UNLOCK_QUALITY gate through qualityProblem) and
// are scored against every centre. What it shows: degradation does not raise a probe's highest
// score against a stranger's centre, it lowers the score against the person's own centre, and the
// gate refuses nearly every such frame anyway. A degraded frame that passes the gate never reaches
// the unlock threshold against someone else.
// Why the 112 px photo is scaled to 320 px and centred, instead of letterboxed to full height:
// at full height the detector's box runs past the frame's bottom edge. That edge stays a hard
// step whatever the blur, and it dominates the Laplacian variance (sigma 8 read 288–355 against
// 320–355 sharp), so the gate would see blurred faces as sharp. At 320 px (face box ~250 px) the
// whole face sits inside the frame.
// If check (1) fails, degraded faces do drift towards strangers: the gate's limits are then a
// security bound as well as a usability one, so re-derive them for false accepts too.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { FACE_CROP_SIZE } from '../../preload/api.ts';
import { DEFAULT_THRESHOLD_COSINE } from '../../main/face/recognition/face-profile.ts';
import { qualityProblem, UNLOCK_QUALITY } from '../../main/face/pipeline/quality-gate.ts';
import { seededRandom } from '../math/random.ts';
import { centroidNormalized, cosineSimilarity } from '../../main/face/math/vectors.ts';
import { integrationSkip, photoPipelineSuite } from './integration-support.ts';
import { listImageFolder, type LabelledPhoto } from './image-folder.ts';
import { facesDir } from './paths.ts';

const LFW = join(facesDir(), 'lfw_aligned');
const PERSONS = 50;
const SEED = 20240611;
/** Probe photos per person beyond the 2 enrolment photos, so a few prolific people cannot dominate. */
const MAX_PROBES = 3;
const PLACE = 'scale=320:320,pad=640:480:(ow-iw)/2:(oh-ih)/2';
const VARIANTS = [
  { name: 'sharp', chain: 'null' },
  { name: 'blur σ6', chain: 'gblur=sigma=6' },
  { name: 'dark ×0.2', chain: 'lutrgb=r=val*0.2:g=val*0.2:b=val*0.2' },
] as const;

const skip = integrationSkip({ paths: [LFW], ffmpeg: true });

/** One frame through the product path: its embedding, and whether UNLOCK_QUALITY refuses it. */
interface Frame {
  embedding: Float32Array;
  refused: boolean;
}

/** One probe frame scored against every centre. */
interface Scored {
  genuine: number;
  maxImpostor: number;
  refused: boolean;
}

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

describe('degraded faces and impostor scores', { skip }, () => {
  const suite = photoPipelineSuite('face-unlock-quality-impostor-');
  const scratch = suite.scratch;

  /** The photo placed in a 640×480 frame, once per chain, in one ffmpeg run; one frame each (null: no face). */
  async function frames(photo: LabelledPhoto, index: number, chains: readonly string[]): Promise<(Frame | null)[]> {
    const outputs = chains.map((_, k) => join(scratch, `${index}-${k}.png`));
    const split = `[0]format=rgb24,${PLACE},split=${chains.length}${chains.map((_, k) => `[in${k}]`).join('')}`;
    const filters = chains.map((chain, k) => `[in${k}]${chain},format=rgb24[out${k}]`);
    const maps = outputs.flatMap((out, k) => ['-map', `[out${k}]`, out]);
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', photo.path, '-filter_complex', [split, ...filters].join(';'), ...maps]);
    const photos = outputs.map((out) => ({ bytes: readFileSync(out), cameraFrame: { width: 640, height: 480 } }));
    const analyses = await suite.pipeline.detector.analyseBatch(photos, { contextCrop: false });
    return Promise.all(analyses.map(async (analysis) => {
      if (analysis.status !== 'face') return null;
      const { faceCrop, boxInCrop, quality } = analysis.face;
      const { embedding, pose } = await suite.pipeline.engine.analyse({ faceCrop, cropSize: FACE_CROP_SIZE, boxInCrop });
      return { embedding, refused: qualityProblem(quality, pose, UNLOCK_QUALITY) !== null };
    }));
  }

  test('blur and darkness do not raise impostor scores; they lower genuine ones, and the gate refuses them', { timeout: 240_000 }, async (t) => {
    const started = performance.now();
    const byPerson = new Map<string, LabelledPhoto[]>();
    for (const photo of await listImageFolder(LFW)) byPerson.set(photo.person, [...(byPerson.get(photo.person) ?? []), photo]);
    const random = seededRandom(SEED);
    const eligible = [...byPerson.keys()].filter((person) => byPerson.get(person)!.length >= 3).sort();
    const chosen = shuffled(eligible, random).slice(0, PERSONS).sort();
    let index = 0;
    const centres = new Map<string, Float32Array>();
    const probePhotos: LabelledPhoto[] = [];
    for (const person of chosen) {
      const own = shuffled(byPerson.get(person)!, random);
      const enrolled: Float32Array[] = [];
      for (const photo of own.slice(0, 2)) {
        const [frame] = await frames(photo, index++, ['null']);
        if (frame) enrolled.push(frame.embedding);
      }
      if (enrolled.length === 0) continue;
      centres.set(person, centroidNormalized(enrolled));
      probePhotos.push(...own.slice(2, 2 + MAX_PROBES));
    }
    // Per probe photo, one Scored per variant (null: no face found in that variant).
    const probes: (Scored | null)[][] = [];
    for (const photo of probePhotos) {
      const measured = await frames(photo, index++, VARIANTS.map((v) => v.chain));
      probes.push(measured.map((frame) => {
        if (!frame) return null;
        let genuine = -1;
        let maxImpostor = -1;
        for (const [person, centre] of centres) {
          const score = cosineSimilarity(centre, frame.embedding);
          if (person === photo.person) genuine = score;
          else maxImpostor = Math.max(maxImpostor, score);
        }
        return { genuine, maxImpostor, refused: frame.refused };
      }));
    }
    const seconds = (performance.now() - started) / 1000;

    const sharp = probes.map((variants) => variants[0]);
    const lines = [`${centres.size} centres, ${probes.length} probe photos, ${seconds.toFixed(0)} s`];
    const results = VARIANTS.map((variant, v) => {
      const found = probes.map((variants) => variants[v]).filter((p): p is Scored => p !== null);
      const pairs = probes.flatMap((variants, i) => (variants[v] && sharp[i] ? [[variants[v]!, sharp[i]!] as const] : []));
      const maxImpostorChange = median(pairs.map(([p, s]) => p.maxImpostor - s.maxImpostor));
      const genuineChange = median(pairs.map(([p, s]) => p.genuine - s.genuine));
      const refused = found.filter((p) => p.refused).length / found.length;
      const passing = found.filter((p) => !p.refused);
      const falseAccepts = passing.filter((p) => p.maxImpostor >= DEFAULT_THRESHOLD_COSINE).length;
      const highest = Math.max(...found.map((p) => p.maxImpostor));
      lines.push(
        `${variant.name}: ${found.length} found; genuine median ${median(found.map((p) => p.genuine)).toFixed(3)} (paired change ${genuineChange.toFixed(3)}); ` +
          `highest impostor: median ${median(found.map((p) => p.maxImpostor)).toFixed(3)}, paired change ${maxImpostorChange.toFixed(3)}, max ${highest.toFixed(3)}; ` +
          `refused ${(100 * refused).toFixed(1)} %; ${falseAccepts} of ${passing.length} gate-passing frames ≥ ${DEFAULT_THRESHOLD_COSINE} against a stranger`,
      );
      return { name: variant.name, found: found.length, maxImpostorChange, genuineChange, refused, falseAccepts };
    });
    for (const line of lines) t.diagnostic(line);
    // Measured: 50 centres, 99 probe photos, ~56 s. Genuine median 0.745 sharp, 0.646 sigma 6
    // (paired −0.082), 0.662 dark ×0.2 (paired −0.075); highest impostor paired change −0.001
    // (sigma 6) and +0.004 (dark), max 0.439 and 0.445 against 0.407 sharp; refused 98.0 % and
    // 99.0 % (1.0 % sharp); 0 of 2 and 0 of 1 gate-passing degraded frames ≥ 0.50.
    // A 250-person run (629 probe photos × 8 variants, blur sigma 2–10, dark ×0.2 and ×0.1,
    // smaller faces): the paired change of the highest impostor score was ~0 up to sigma 4
    // (−0.002 at sigma 6), negative at sigma 10 (−0.015) and dark (−0.007, −0.031); genuine
    // medians fell from 0.747 to 0.653 (sigma 6) and 0.664 (dark ×0.2); the gate refused 628 of
    // 629 sigma-6 and all dark frames. Gate-passing impostor scores ≥ 0.45 were no more frequent
    // than for sharp faces (5 in 152,637 sharp pairs, 7 in 151,641 at sigma 2, 2 in 61,503 at
    // sigma 4) and none reached 0.50; the only impostor score ≥ 0.50 before the gate (0.530, a
    // sigma-6 frame) was refused by it.
    assert.ok(probes.length >= 80, `${probes.length} probe photos`);
    for (const r of results) assert.ok(r.found >= 0.9 * probes.length, `${r.name}: a face found in ${r.found} of ${probes.length}`);
    for (const r of results.slice(1)) {
      // (1) A degraded face does not drift towards strangers.
      assert.ok(r.maxImpostorChange <= 0.01, `${r.name}: highest impostor score changes by ${r.maxImpostorChange} in the median`);
      // (2) It drifts away from its owner (sigma 6: −0.089, dark ×0.2: −0.078 on 250 people).
      assert.ok(r.genuineChange <= -0.03, `${r.name}: genuine score changes by ${r.genuineChange} in the median`);
      // (3) The gate refuses nearly all of them.
      assert.ok(r.refused >= 0.9, `${r.name}: UNLOCK_QUALITY refuses ${r.refused}`);
      // (4) What it lets through never unlocks as someone else.
      assert.equal(r.falseAccepts, 0, `${r.name}: gate-passing frames ≥ ${DEFAULT_THRESHOLD_COSINE} against a stranger`);
    }
  });
});
