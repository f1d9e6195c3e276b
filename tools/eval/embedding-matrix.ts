// The embeddings as one flat Float32Array with their norms worked out once: a pair's cosine
// then costs one dot product instead of cosineSimilarity's three, and the value is the same
// to the last bit (the same float64 sums in the same order).
import { dot } from '../../main/face/math/vectors.ts';

export class EmbeddingMatrix {
  private constructor(
    readonly count: number,
    readonly dims: number,
    private readonly data: Float32Array,
    readonly norms: Float64Array,
  ) {}

  static from(vectors: readonly Float32Array[]): EmbeddingMatrix {
    const dims = vectors[0]?.length ?? 0;
    const data = new Float32Array(vectors.length * dims);
    const norms = new Float64Array(vectors.length);
    vectors.forEach((v, i) => {
      if (v.length !== dims) throw new RangeError(`vector lengths differ: ${v.length} vs ${dims}`);
      data.set(v, i * dims);
      norms[i] = normOf(v);
    });
    return new EmbeddingMatrix(vectors.length, dims, data, norms);
  }

  /** cosineSimilarity(vectors[i], vectors[j]). */
  cosine(i: number, j: number): number {
    const { data, dims } = this;
    const a = i * dims;
    const b = j * dims;
    let sum = 0;
    for (let k = 0; k < dims; k++) sum += data[a + k] * data[b + k];
    return sum / (this.norms[i] * this.norms[j]);
  }

  /** cosineSimilarity(vector, vectors[j]), with vectorNorm = normOf(vector). */
  cosineWith(vector: Float32Array, vectorNorm: number, j: number): number {
    const { data, dims } = this;
    const b = j * dims;
    let sum = 0;
    for (let k = 0; k < dims; k++) sum += vector[k] * data[b + k];
    return sum / (vectorNorm * this.norms[j]);
  }
}

/** The Euclidean norm as cosineSimilarity computes it; throws where it would. */
export function normOf(v: Float32Array): number {
  const length = Math.sqrt(dot(v, v));
  if (!(length > 0) || !Number.isFinite(length)) throw new RangeError(`cosineSimilarity: vector has no direction (norm ${length})`);
  return length;
}
