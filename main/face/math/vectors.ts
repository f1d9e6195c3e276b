// Embedding vector maths. Sums run in float64 even for Float32Array inputs.

export type Vector = Float32Array | Float64Array | readonly number[];

function checkSameLength(a: Vector, b: Vector): void {
  if (a.length !== b.length) throw new RangeError(`vector lengths differ: ${a.length} vs ${b.length}`);
}

export function dot(a: Vector, b: Vector): number {
  checkSameLength(a, b);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function norm(v: Vector, what: string): number {
  const length = Math.sqrt(dot(v, v));
  if (!(length > 0) || !Number.isFinite(length)) {
    throw new RangeError(`${what}: vector has no direction (norm ${length})`);
  }
  return length;
}

/** Unit-length copy; throws on an empty, all-zero or non-finite vector. */
export function l2Normalize(v: Vector): Float32Array {
  const length = norm(v, 'l2Normalize');
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i] / length;
  return out;
}

export function cosineSimilarity(a: Vector, b: Vector): number {
  checkSameLength(a, b);
  return dot(a, b) / (norm(a, 'cosineSimilarity') * norm(b, 'cosineSimilarity'));
}

export function meanVector(vectors: readonly Vector[]): Float32Array {
  if (vectors.length === 0) throw new RangeError('meanVector: no vectors');
  const sum = new Float64Array(vectors[0].length);
  for (const v of vectors) {
    checkSameLength(v, sum);
    for (let i = 0; i < sum.length; i++) sum[i] += v[i];
  }
  const mean = new Float32Array(sum.length);
  for (let i = 0; i < sum.length; i++) mean[i] = sum[i] / vectors.length;
  return mean;
}

/**
 * The enrolment centre: the mean of the (already unit-length) embeddings, normalised so it
 * can be compared by cosine like any single embedding.
 */
export function centroidNormalized(vectors: readonly Vector[]): Float32Array {
  return l2Normalize(meanVector(vectors));
}

/** n×n row-major cosine similarities; symmetric, computed once per pair. */
export function cosineMatrix(vectors: readonly Vector[]): Float64Array {
  const n = vectors.length;
  const units = vectors.map((v) => {
    const length = norm(v, 'cosineMatrix');
    return Float64Array.from(v, (x) => x / length);
  });
  for (const u of units) checkSameLength(u, units[0]);
  const matrix = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const c = dot(units[i], units[j]);
      matrix[i * n + j] = c;
      matrix[j * n + i] = c;
    }
  }
  return matrix;
}
