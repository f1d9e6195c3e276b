// The enrol-n protocol with probes fused from several photos, as the lock fuses the frames of
// one attempt: the mean of `fuse` unit embeddings, re-normalised, is one probe. Per draw:
// - every person with at least `fuse` photos gives one impostor probe (`fuse` of their photos
//   drawn at random), shared by all the draw's enrolled centres but their own;
// - every person with at least enrolCount + fuse photos is enrolled (enrolCount photos as the
//   centre) and probed with disjoint groups of `fuse` of the photos left (⌊left / fuse⌋ genuine
//   probes): only photos that are not enrolled are ever fused into a genuine probe.
import { centroidNormalized, cosineSimilarity } from '../../main/face/math/vectors.ts';
import { EmbeddingMatrix, normOf } from './embedding-matrix.ts';
import { groupByPerson, seededRandom, shuffled, type LabelledEmbedding, type ProtocolOptions } from './protocol.ts';

export interface FusedOptions extends ProtocolOptions {
  /** Photos fused into one probe. */
  fuse: number;
}

export interface FusedVisitor {
  /** Each enrolled centre: its photos and the photos of each genuine probe (indices into faces). */
  task?(person: string, enrolled: readonly number[], genuineGroups: readonly (readonly number[])[]): void;
  genuine?(score: number): void;
  impostor?(score: number): void;
}

export interface FusedPersons {
  /** Enrolled: at least enrolCount + fuse photos. */
  enrolled: string[];
  /** Probing as impostors: at least fuse photos. */
  probing: string[];
}

/** Streams the fused protocol's scores; the same seed gives the same scores. */
export function streamFusedProtocol(faces: LabelledEmbedding[], options: FusedOptions, visit: FusedVisitor): FusedPersons {
  const persons = fusedPersons(faces, options);
  const byPerson = groupByPerson(faces);
  const random = seededRandom(options.seed);
  const fused = (indices: readonly number[]) => centroidNormalized(indices.map((k) => faces[k].embedding));
  for (let draw = 0; draw < options.draws; draw++) {
    const impostorProbes = persons.probing.map((person) => fused(shuffled(byPerson.get(person)!, random).slice(0, options.fuse)));
    const probeMatrix = visit.impostor && impostorProbes.length > 0 ? EmbeddingMatrix.from(impostorProbes) : null;
    for (const person of persons.enrolled) {
      const own = shuffled(byPerson.get(person)!, random);
      const enrolled = own.slice(0, options.enrolCount);
      const left = own.slice(options.enrolCount);
      const groups = Array.from({ length: Math.floor(left.length / options.fuse) }, (_, g) => left.slice(g * options.fuse, (g + 1) * options.fuse));
      visit.task?.(person, enrolled, groups);
      if (!visit.genuine && !probeMatrix) continue;
      const centre = centroidNormalized(enrolled.map((k) => faces[k].embedding));
      const centreNorm = normOf(centre);
      if (visit.genuine) {
        for (const group of groups) visit.genuine(cosineSimilarity(centre, fused(group)));
      }
      if (probeMatrix) {
        persons.probing.forEach((other, k) => {
          if (other !== person) visit.impostor!(probeMatrix.cosineWith(centre, centreNorm, k));
        });
      }
    }
  }
  return persons;
}

export function fusedPersons(faces: LabelledEmbedding[], options: FusedOptions): FusedPersons {
  if (!(Number.isInteger(options.fuse) && options.fuse >= 1)) throw new RangeError(`fuse must be a whole number ≥ 1, got ${options.fuse}`);
  const sizes = [...groupByPerson(faces)].map(([person, own]) => [person, own.length] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    enrolled: sizes.filter(([, n]) => n >= options.enrolCount + options.fuse).map(([p]) => p),
    probing: sizes.filter(([, n]) => n >= options.fuse).map(([p]) => p),
  };
}

/** How many genuine and impostor probes streamFusedProtocol gives, without computing them. */
export function fusedProtocolCounts(faces: LabelledEmbedding[], options: FusedOptions): { genuine: number; impostor: number } {
  const { enrolled, probing } = fusedPersons(faces, options);
  const sizes = new Map([...groupByPerson(faces)].map(([p, own]) => [p, own.length]));
  const probingSet = new Set(probing);
  let genuine = 0;
  let impostor = 0;
  for (const person of enrolled) {
    genuine += options.draws * Math.floor((sizes.get(person)! - options.enrolCount) / options.fuse);
    impostor += options.draws * (probing.length - (probingSet.has(person) ? 1 : 0));
  }
  return { genuine, impostor };
}
