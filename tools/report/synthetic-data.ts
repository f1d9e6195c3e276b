// Deterministic, plausible ReportData for the report's tests and demo: per-person clusters,
// genuine cosines near 0.7 and impostor cosines near 0.1, with the ROC and metrics derived
// from those scores so every figure agrees with the numbers beside it.
import type { EvalMetrics, ReportData, ReportFace } from './report-data.ts';
import { seededRandom } from '../math/random.ts';
import { histogramOf } from './score-histogram.ts';

/** 1×1 grey PNG: the smallest valid thumbnail. */
export const TINY_PNG_DATA_URL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg==';

export interface SyntheticOptions {
  persons: string[];
  perPerson: number;
  seed?: number;
  /** Thumbnail per face index; the tiny PNG when absent. */
  thumbFor?: (person: string, index: number) => string;
}

export function syntheticReportData({ persons, perPerson, seed = 1, thumbFor }: SyntheticOptions): ReportData {
  const random = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const faces: ReportFace[] = persons.flatMap((person) =>
    Array.from({ length: perPerson }, (_, i) => ({
      person,
      file: `${person}/${String(i + 1).padStart(3, '0')}.jpg`,
      thumbDataUrl: thumbFor?.(person, i) ?? TINY_PNG_DATA_URL,
      faceWidthPx: 80 + Math.round(random() * 120),
    })));
  const n = faces.length;
  const similarity = new Float64Array(n * n);
  const genuineScores: number[] = [];
  const impostorScores: number[] = [];
  for (let i = 0; i < n; i++) {
    similarity[i * n + i] = 1;
    for (let j = i + 1; j < n; j++) {
      const same = faces[i].person === faces[j].person;
      const v = Math.max(-0.3, Math.min(0.98, same ? 0.6 + 0.14 * gauss() : 0.12 + 0.1 * gauss()));
      similarity[i * n + j] = similarity[j * n + i] = v;
      (same ? genuineScores : impostorScores).push(v);
    }
  }
  const centres = persons.map((_, k) => [Math.cos((2 * Math.PI * k) / persons.length) * 3, Math.sin((2 * Math.PI * k) / persons.length) * 2]);
  const pca2d = faces.map((f) => {
    const [cx, cy] = centres[persons.indexOf(f.person)];
    return [cx + 0.6 * gauss(), cy + 0.6 * gauss()];
  });
  const roc = rocFromScores(genuineScores, impostorScores);
  const metrics = metricsFromScores(genuineScores, impostorScores, roc, n, persons.length);
  return {
    title: 'synthetic',
    datasetPath: '/data/synthetic',
    createdIso: '2025-01-02T03:04:05.000Z',
    faces,
    heatmap: { faces, similarity },
    pca: { faces, points: pca2d, explained: [0.31, 0.17] },
    histograms: { genuine: histogramOf(genuineScores), impostor: histogramOf(impostorScores) },
    roc,
    metrics,
    problems: [
      { file: `${persons[0]}/group.jpg`, kind: 'multiFace', detail: '3 faces, largest used' },
      { file: `${persons[0]}/blank.jpg`, kind: 'noFace', detail: 'no detection above 0.5' },
    ],
  };
}

/** Threshold sweep over every distinct score, from accept-all to accept-none. */
function rocFromScores(genuine: number[], impostor: number[]): { far: number[]; tar: number[] } {
  const thresholds = [...new Set([...genuine, ...impostor])].sort((a, b) => b - a);
  const rate = (scores: number[], t: number) => scores.filter((s) => s >= t).length / scores.length;
  return {
    far: [0, ...thresholds.map((t) => rate(impostor, t))],
    tar: [0, ...thresholds.map((t) => rate(genuine, t))],
  };
}

function metricsFromScores(
  genuine: number[], impostor: number[], roc: { far: number[]; tar: number[] }, faces: number, persons: number,
): EvalMetrics {
  let auc = 0;
  for (let i = 1; i < roc.far.length; i++) auc += (roc.far[i] - roc.far[i - 1]) * (roc.tar[i] + roc.tar[i - 1]) / 2;
  const tarAt = (far: number) => (impostor.length * far >= 1 ? roc.tar.reduce((best, t, i) => (roc.far[i] <= far ? Math.max(best, t) : best), 0) : null);
  const eerIndex = roc.far.reduce((best, f, i) => (Math.abs(f - (1 - roc.tar[i])) < Math.abs(roc.far[best] - (1 - roc.tar[best])) ? i : best), 0);
  return {
    auc,
    eer: (roc.far[eerIndex] + 1 - roc.tar[eerIndex]) / 2,
    eerThresholdCosine: 0.38,
    tarAtFar: { '1e-2': tarAt(1e-2), '1e-3': tarAt(1e-3), '1e-4': tarAt(1e-4) },
    protocol: {
      enrolCount: 3, draws: 20, persons, thresholdCosine: 0.42, targetFar: 1e-3, frr: 0.031, far: 0.0009,
      frrAt08: 0.82, farAt08: 0, genuineProbes: 120, impostorProbes: 480,
      productThresholdCosine: 0.4, frrAtProduct: 0.04, farAtProduct: 0.0005,
    },
    counts: {
      images: faces + 3, faces, noFace: 1, multiFace: 1, unreadable: 0,
      genuinePairs: genuine.length, impostorPairs: impostor.length,
    },
    timingsMs: { decode: 4.2, detect: 18.5, crop: 0.8, landmarks: 6.1, align: 1.3, embed: 42.7 },
    throughput: { photos: faces + 3, cachedPhotos: 0, seconds: 1.5, photosPerSecond: (faces + 3) / 1.5 },
  };
}
