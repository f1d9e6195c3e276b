// The tutorial's FaceUnlock protocol, done properly: per person with enough photos,
// enrol n as the centre, probe the person's other photos (genuine) and every other
// person's photos (impostor), over several random draws.
import { ENROL_QUALITY } from '../../main/face/quality-gate.ts';
import { seededRandom } from '../../main/face/random.ts';
import { centroidNormalized, cosineSimilarity } from '../../main/face/vectors.ts';
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

export interface ProtocolScores {
  genuine: number[];
  impostor: number[];
  /** Persons with at least enrolCount + 1 photos (the ones enrolled). */
  persons: string[];
}

export function enrolProtocolScores(faces: LabelledEmbedding[], options: ProtocolOptions): ProtocolScores {
  const byPerson = groupByPerson(faces);
  const persons = [...byPerson.keys()].filter((person) => byPerson.get(person)!.length > options.enrolCount).sort();
  const random = seededRandom(options.seed);
  const genuine: number[] = [];
  const impostor: number[] = [];
  for (let draw = 0; draw < options.draws; draw++) {
    for (const person of persons) {
      const own = shuffled(byPerson.get(person)!, random);
      const centre = centroidNormalized(own.slice(0, options.enrolCount));
      for (const probe of own.slice(options.enrolCount)) genuine.push(cosineSimilarity(centre, probe));
      for (const face of faces) if (face.person !== person) impostor.push(cosineSimilarity(centre, face.embedding));
    }
  }
  return { genuine, impostor, persons };
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

/** Scores of every unordered pair of faces, split by same or different person. */
export function allPairScores(faces: LabelledEmbedding[]): { genuine: number[]; impostor: number[] } {
  const genuine: number[] = [];
  const impostor: number[] = [];
  for (let i = 0; i < faces.length; i++) {
    for (let j = i + 1; j < faces.length; j++) {
      const score = cosineSimilarity(faces[i].embedding, faces[j].embedding);
      (faces[i].person === faces[j].person ? genuine : impostor).push(score);
    }
  }
  return { genuine, impostor };
}

function groupByPerson(faces: LabelledEmbedding[]): Map<string, Float32Array[]> {
  const groups = new Map<string, Float32Array[]>();
  for (const face of faces) {
    const group = groups.get(face.person) ?? [];
    group.push(face.embedding);
    groups.set(face.person, group);
  }
  return groups;
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}
