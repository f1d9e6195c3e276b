// The tutorial's FaceUnlock protocol, done properly: per person with enough photos,
// enrol n as the centre, probe the person's other photos (genuine) and every other
// person's photos (impostor), over several random draws.
import { ENROL_QUALITY } from '../../main/face/pipeline/quality-gate.ts';
import { seededRandom } from '../math/random.ts';
import { centroidNormalized, cosineSimilarity } from '../../main/face/math/vectors.ts';
import { EmbeddingMatrix, normOf } from './embedding-matrix.ts';
import { enrolPoseOf } from '../../main/profile/enrolment.ts';
import type { EnrolPose } from '../../preload/api.ts';

export { seededRandom };

export interface LabelledEmbedding {
  person: string;
  embedding: Float32Array;
}

export interface ProtocolOptions {
  enrolCount: number;
  draws: number;
  seed: number;
}

/**
 * One of `count` interleaved shares of a stream's work (pair rows, or protocol draws × persons),
 * for threads that score in parallel; together the parts give every score exactly once.
 */
export interface Part {
  index: number;
  count: number;
}

const WHOLE: Part = { index: 0, count: 1 };

/** Receives each score of a protocol as it is computed; all are optional. */
export interface ScoreVisitor {
  /**
   * Each enrolled centre of this part, before its probes: `task` numbers (draw, person) over
   * the whole stream (draw × persons + person), `enrolled` are indices into `faces`.
   */
  centre?(task: number, enrolled: readonly number[], centre: Float32Array): void;
  genuine?(score: number): void;
  impostor?(score: number): void;
}

/**
 * Streams the protocol's scores (draws × enrolled persons × every other person's face
 * impostors: 38 million for 299 people and 6,300 photos, too many to keep) and returns the
 * persons enrolled: those with at least enrolCount + 1 photos. The same seed replays the
 * same scores, which is how a tally gathers the few it must look at twice.
 */
export function streamEnrolProtocol(faces: LabelledEmbedding[], options: ProtocolOptions, visit: ScoreVisitor, part: Part = WHOLE): { persons: string[] } {
  const byPerson = groupByPerson(faces);
  const persons = [...byPerson.keys()].filter((person) => byPerson.get(person)!.length > options.enrolCount).sort();
  const matrix = EmbeddingMatrix.from(faces.map((face) => face.embedding));
  const random = seededRandom(options.seed);
  let task = 0;
  for (let draw = 0; draw < options.draws; draw++) {
    for (const person of persons) {
      // Every part draws every shuffle, so the random sequence is the same whatever the parts.
      const own = shuffled(byPerson.get(person)!, random);
      const current = task++;
      if (current % part.count !== part.index) continue;
      const enrolled = own.slice(0, options.enrolCount);
      const centre = centroidNormalized(enrolled.map((k) => faces[k].embedding));
      const centreNorm = normOf(centre);
      visit.centre?.(current, enrolled, centre);
      if (visit.genuine) for (const probe of own.slice(options.enrolCount)) visit.genuine(matrix.cosineWith(centre, centreNorm, probe));
      if (visit.impostor) for (let k = 0; k < faces.length; k++) if (faces[k].person !== person) visit.impostor(matrix.cosineWith(centre, centreNorm, k));
    }
  }
  return { persons };
}

/** How many genuine and impostor scores streamEnrolProtocol gives, without computing them. */
export function enrolProtocolCounts(faces: LabelledEmbedding[], options: ProtocolOptions): { genuine: number; impostor: number } {
  let genuine = 0;
  let impostor = 0;
  for (const own of groupByPerson(faces).values()) {
    if (own.length <= options.enrolCount) continue;
    genuine += options.draws * (own.length - options.enrolCount);
    impostor += options.draws * (faces.length - own.length);
  }
  return { genuine, impostor };
}

export interface PosedEmbedding extends LabelledEmbedding {
  yawDegrees: number;
}

export interface PoseArmScores {
  genuine: number[];
  /** The genuine probes turned |yaw| ≥ 15°, the ones a straight-only centre holds worst. */
  genuineTurned: number[];
  impostor: number[];
}

/**
 * Straight-only against pose-varied enrolment, paired: per person and draw both centres come
 * from one shuffle (enrolCount straight faces; or enrolCount − 2 straight, 1 turned left and
 * 1 turned right, within the enrolment's yaw limit), and both are probed with the person's
 * faces that neither used, and with everyone else's.
 */
export function poseEnrolmentComparison(faces: PosedEmbedding[], options: ProtocolOptions): { straight: PoseArmScores; varied: PoseArmScores; persons: string[] } {
  const arms = { straight: emptyArm(), varied: emptyArm() };
  const random = seededRandom(options.seed);
  const enrollable = (face: PosedEmbedding) => Math.abs(face.yawDegrees) <= ENROL_QUALITY.maxAbsYawDegrees;
  const persons = [...new Set(faces.map((f) => f.person))].sort().filter((person) => {
    const own = faces.filter((f) => f.person === person && enrollable(f));
    const count = (pose: EnrolPose) => own.filter((f) => enrolPoseOf(f.yawDegrees) === pose).length;
    return count('straight') >= options.enrolCount && count('left') >= 1 && count('right') >= 1;
  });
  for (let draw = 0; draw < options.draws; draw++) {
    for (const person of persons) {
      const own = shuffled(faces.filter((f) => f.person === person), random);
      const ofPose = (pose: EnrolPose) => own.filter((f) => enrollable(f) && enrolPoseOf(f.yawDegrees) === pose);
      const straight = ofPose('straight');
      const enrolled = {
        straight: straight.slice(0, options.enrolCount),
        varied: [...straight.slice(0, options.enrolCount - 2), ofPose('left')[0], ofPose('right')[0]],
      };
      const used = new Set([...enrolled.straight, ...enrolled.varied]);
      for (const arm of ['straight', 'varied'] as const) {
        const centre = centroidNormalized(enrolled[arm].map((f) => f.embedding));
        for (const probe of own.filter((f) => !used.has(f))) {
          const score = cosineSimilarity(centre, probe.embedding);
          arms[arm].genuine.push(score);
          if (Math.abs(probe.yawDegrees) >= 15) arms[arm].genuineTurned.push(score);
        }
        for (const face of faces) if (face.person !== person) arms[arm].impostor.push(cosineSimilarity(centre, face.embedding));
      }
    }
  }
  return { ...arms, persons };
}

function emptyArm(): PoseArmScores {
  return { genuine: [], genuineTurned: [], impostor: [] };
}

/** Every unordered pair of faces: the same-person scores (a few per photo) kept, the others streamed to `impostor`. */
export function streamAllPairs(faces: LabelledEmbedding[], impostor?: (score: number) => void, part: Part = WHOLE): { genuine: Float64Array } {
  const matrix = EmbeddingMatrix.from(faces.map((face) => face.embedding));
  const personIds = personIndices(faces);
  const genuine: number[] = [];
  for (let i = part.index; i < faces.length; i += part.count) {
    for (let j = i + 1; j < faces.length; j++) {
      if (personIds[i] === personIds[j]) genuine.push(matrix.cosine(i, j));
      else impostor?.(matrix.cosine(i, j));
    }
  }
  return { genuine: Float64Array.from(genuine) };
}

function personIndices(faces: LabelledEmbedding[]): Int32Array {
  const ids = new Map<string, number>();
  return Int32Array.from(faces, (face) => {
    if (!ids.has(face.person)) ids.set(face.person, ids.size);
    return ids.get(face.person)!;
  });
}

/** Indices into `faces`, per person. */
export function groupByPerson(faces: LabelledEmbedding[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  faces.forEach((face, k) => {
    const group = groups.get(face.person) ?? [];
    group.push(k);
    groups.set(face.person, group);
  });
  return groups;
}

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}
