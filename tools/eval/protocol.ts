// The tutorial's FaceUnlock protocol, done properly: per person with enough photos,
// enrol n as the centre, probe the person's other photos (genuine) and every other
// person's photos (impostor), over several random draws.
import { seededRandom } from '../../main/face/random.ts';
import { centroidNormalized, cosineSimilarity } from '../../main/face/vectors.ts';

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
