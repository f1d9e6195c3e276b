// From embedded faces to the numbers of metrics.json: all-pairs ROC, the enrol-n protocol at a
// calibrated threshold, counts and median timings. Impostor scores are streamed, never kept
// (10,000 photos make 50 million pairs): the metrics stay exact (see streaming-roc.ts), the
// figures get histograms and the ROC's corners.
import { DEFAULT_THRESHOLD_COSINE, TUTORIAL_THRESHOLD_COSINE } from '../../main/face/recognition/face-profile.ts';
import { median } from '../../main/face/math/median.ts';
import type { EvalMetrics } from '../report/report-data.ts';
import { histogramOf, type ScoreHistogram } from '../report/score-histogram.ts';
import type { Collection } from './collect.ts';
import { enrolProtocolCounts, streamAllPairs, streamEnrolProtocol } from './protocol.ts';
import { ScoreTally, type Replay } from './score-tally.ts';
import { streamImpostorsInParallel } from './score-workers.ts';
import { StreamingRoc, thresholdForFar } from './streaming-roc.ts';
import { scaleMetrics, type ArmScores, type ScaleOptions } from './scale-metrics.ts';

export interface MetricsOptions {
  enrolCount: number;
  draws: number;
  seed: number;
  targetFar: number;
  /** The "false accepts at scale" section; left out when not given. */
  scale?: Omit<ScaleOptions, 'enrolCount' | 'draws' | 'seed'>;
}

export interface EvalScores {
  metrics: EvalMetrics;
  /** For the figures: both classes' score histograms and the ROC's corners. */
  histograms: { genuine: ScoreHistogram; impostor: ScoreHistogram };
  roc: { far: Float64Array; tar: Float64Array };
}

export async function computeEvalMetrics(collection: Collection, options: MetricsOptions): Promise<EvalScores> {
  const { faces } = collection;
  const { genuine } = streamAllPairs(faces);
  const pairs = new StreamingRoc(genuine);
  await streamImpostorsInParallel(faces, { kind: 'pairs' }, (score) => pairs.addImpostor(score));
  // A second look at a few scores (see ScoreTally.ensure) is rare enough for one thread.
  const replayPairs: Replay = (visit) => streamAllPairs(faces, visit);
  const { rates: protocol, scores: protocolScores } = await protocolRates(collection, options);
  const atScale = options.scale
    ? await scaleMetrics(faces, { ...options.scale, enrolCount: options.enrolCount, draws: options.draws, seed: options.seed }, {
        pairs: { genuineDescending: pairs.genuineSorted, impostors: pairs.impostors, replay: replayPairs },
        protocol: protocolScores,
      })
    : undefined;
  const eer = pairs.equalErrorRate(replayPairs);
  const count = (kind: string) => collection.problems.filter((p) => p.kind === kind).length;
  return {
    histograms: { genuine: histogramOf(pairs.genuineSorted), impostor: tallyHistogram(pairs.impostors) },
    roc: pairs.curve(),
    metrics: {
      auc: pairs.auc(),
      eer: eer.eer,
      eerThresholdCosine: eer.thresholdCosine,
      tarAtFar: {
        '1e-2': pairs.tarAtFar(1e-2, replayPairs),
        '1e-3': pairs.tarAtFar(1e-3, replayPairs),
        '1e-4': pairs.tarAtFar(1e-4, replayPairs),
      },
      protocol,
      counts: {
        images: collection.images,
        faces: faces.length,
        noFace: count('noFace'),
        multiFace: count('multiFace'),
        unreadable: count('unreadable'),
        genuinePairs: pairs.genuineCount,
        impostorPairs: pairs.impostors.count,
      },
      timingsMs: Object.fromEntries(
        Object.entries(collection.stageTimingsMs).map(([stage, values]) => [stage, median(values)]),
      ),
      throughput: {
        photos: collection.images,
        cachedPhotos: collection.cachedPhotos,
        seconds: collection.seconds,
        photosPerSecond: collection.images / collection.seconds,
      },
      ...(atScale ? { atScale } : {}),
    },
  };
}

async function protocolRates(collection: Collection, options: MetricsOptions): Promise<{ rates: EvalMetrics['protocol']; scores: ArmScores & { persons: number } }> {
  const { faces } = collection;
  const genuine = new Float64Array(enrolProtocolCounts(faces, options).genuine);
  let filled = 0;
  const { persons } = streamEnrolProtocol(faces, options, { genuine: (score) => (genuine[filled++] = score) });
  const impostor = new ScoreTally();
  await streamImpostorsInParallel(faces, { kind: 'protocol', protocol: options }, (score) => impostor.add(score));
  const replay: Replay = (visit) => void streamEnrolProtocol(faces, options, { impostor: visit });
  // In-sample calibration on this set's impostor probes: optimistic for FAR, which
  // is why the product threshold's rates are reported beside it.
  const probed = genuine.length > 0 && impostor.count > 0;
  const thresholdCosine = probed ? thresholdForFar(impostor, options.targetFar, replay) : null;
  const ratesAt = (threshold: number | null) => {
    if (!probed || threshold === null) return { frr: null, far: null };
    impostor.ensure({ thresholds: [threshold] }, replay);
    let rejected = 0;
    for (const s of genuine) if (s < threshold) rejected++;
    return { frr: rejected / genuine.length, far: impostor.countAtLeast(threshold) / impostor.count };
  };
  const atCalibrated = ratesAt(thresholdCosine);
  const atTutorial = ratesAt(TUTORIAL_THRESHOLD_COSINE);
  const atProduct = ratesAt(DEFAULT_THRESHOLD_COSINE);
  const rates = {
    enrolCount: options.enrolCount,
    draws: options.draws,
    persons: persons.length,
    thresholdCosine,
    targetFar: options.targetFar,
    frr: atCalibrated.frr,
    far: atCalibrated.far,
    frrAt08: atTutorial.frr,
    farAt08: atTutorial.far,
    productThresholdCosine: DEFAULT_THRESHOLD_COSINE,
    frrAtProduct: atProduct.frr,
    farAtProduct: atProduct.far,
    genuineProbes: genuine.length,
    impostorProbes: impostor.count,
  };
  return { rates, scores: { genuineDescending: genuine.slice().sort().reverse(), impostors: impostor, replay, persons: persons.length } };
}

function tallyHistogram(tally: ScoreTally): ScoreHistogram {
  return { counts: tally.histogram, count: tally.count, min: tally.min, max: tally.max };
}
