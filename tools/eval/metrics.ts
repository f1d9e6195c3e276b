// From embedded faces to the numbers of metrics.json: all-pairs ROC, the enrol-n
// protocol at a calibrated threshold, counts and median timings.
import { DEFAULT_THRESHOLD_COSINE, TUTORIAL_THRESHOLD_COSINE } from '../../main/face/face-profile.ts';
import { auc, equalErrorRate, rates, tarAtFar, thresholdForFar } from '../../main/face/roc.ts';
import type { EvalMetrics } from '../report/report-data.ts';
import type { Collection } from './collect.ts';
import { allPairScores, enrolProtocolScores } from './protocol.ts';
import { median } from '../../main/face/median.ts';

export interface MetricsOptions {
  enrolCount: number;
  draws: number;
  seed: number;
  targetFar: number;
}

export interface EvalScores {
  metrics: EvalMetrics;
  genuine: number[];
  impostor: number[];
}

export function computeEvalMetrics(collection: Collection, options: MetricsOptions): EvalScores {
  const { genuine, impostor } = allPairScores(collection.faces);
  const protocol = enrolProtocolScores(collection.faces, options);
  // In-sample calibration on this set's impostor probes: optimistic for FAR, which
  // is why the product threshold's rates are reported beside it.
  const probed = protocol.genuine.length > 0 && protocol.impostor.length > 0;
  const thresholdCosine = probed ? thresholdForFar(protocol.impostor, options.targetFar) : null;
  const ratesAt = (threshold: number | null) =>
    probed && threshold !== null ? rates(protocol.genuine, protocol.impostor, threshold) : { frr: null, far: null };
  const atCalibrated = ratesAt(thresholdCosine);
  const atTutorial = ratesAt(TUTORIAL_THRESHOLD_COSINE);
  const atProduct = ratesAt(DEFAULT_THRESHOLD_COSINE);
  const eer = equalErrorRate(genuine, impostor);
  const count = (kind: string) => collection.problems.filter((p) => p.kind === kind).length;
  return {
    genuine,
    impostor,
    metrics: {
      auc: auc(genuine, impostor),
      eer: eer.eer,
      eerThresholdCosine: eer.thresholdCosine,
      tarAtFar: {
        '1e-2': tarAtFar(genuine, impostor, 1e-2),
        '1e-3': tarAtFar(genuine, impostor, 1e-3),
        '1e-4': tarAtFar(genuine, impostor, 1e-4),
      },
      protocol: {
        enrolCount: options.enrolCount,
        draws: options.draws,
        persons: protocol.persons.length,
        thresholdCosine,
        targetFar: options.targetFar,
        frr: atCalibrated.frr,
        far: atCalibrated.far,
        frrAt08: atTutorial.frr,
        farAt08: atTutorial.far,
        productThresholdCosine: DEFAULT_THRESHOLD_COSINE,
        frrAtProduct: atProduct.frr,
        farAtProduct: atProduct.far,
        genuineProbes: protocol.genuine.length,
        impostorProbes: protocol.impostor.length,
      },
      counts: {
        images: collection.images,
        faces: collection.faces.length,
        noFace: count('noFace'),
        multiFace: count('multiFace'),
        unreadable: count('unreadable'),
        genuinePairs: genuine.length,
        impostorPairs: impostor.length,
      },
      timingsMs: Object.fromEntries(
        Object.entries(collection.stageTimingsMs).map(([stage, values]) => [stage, median(values)]),
      ),
    },
  };
}
