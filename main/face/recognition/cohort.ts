// The cohort: embeddings of strangers' faces shipped with the app, against which a profile's
// own threshold is calibrated (profile-calibration.ts). Public photos, computed by
// `npm run build-cohort` (tools/build-cohort.ts); models/cohort/face-cohort.json says which.
// Stored as one int8 matrix (count × EMBEDDING_SIZE) with one scale: a unit embedding's
// components stay within ±0.3, so 8 bits move a cosine by less than 0.002 and keep the file
// under 1 MB.
import { EMBEDDING_SIZE } from '../../../models/model-manifest.ts';
import { l2Normalize } from '../math/vectors.ts';

/** The matrix's file name (defined with the model files' names, where models/prepare.ts reads it too). */

/** What face-cohort.json holds about the matrix (the calibration table is profile-calibration's). */
export interface CohortInfo {
  count: number;
  dims: number;
  /** A stored int8 value v is the component v / scale. */
  scale: number;
  /** Lower-case hex sha256 of the .bin file. */
  sha256: string;
}

export class FaceCohort {
  private constructor(
    /** count × dims, each row unit length. */
    private readonly rows: Float32Array,
    readonly count: number,
    readonly dims: number,
  ) {}

  /** Rows from the int8 file, checked against its info (size, hash: a damaged cohort is refused). */
  static fromInt8(bytes: Uint8Array, info: CohortInfo, sha256OfBytes: string): FaceCohort {
    if (info.dims !== EMBEDDING_SIZE) throw new Error(`the cohort holds ${info.dims}-d embeddings, the embedder gives ${EMBEDDING_SIZE}`);
    if (bytes.length !== info.count * info.dims) throw new Error(`the cohort file has ${bytes.length} bytes, expected ${info.count} × ${info.dims}`);
    if (sha256OfBytes.toLowerCase() !== info.sha256) throw new Error('the cohort file is damaged or not the expected file (sha256 mismatch)');
    const values = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    const rows = new Float32Array(values.length);
    for (let r = 0; r < info.count; r++) {
      const row = l2Normalize(Array.from(values.subarray(r * info.dims, (r + 1) * info.dims), (v) => v / info.scale));
      rows.set(row, r * info.dims);
    }
    return new FaceCohort(rows, info.count, info.dims);
  }

  /** Cosine of a unit vector with every cohort face. */
  cosinesWith(unit: Float32Array): Float64Array {
    if (unit.length !== this.dims) throw new RangeError(`expected a ${this.dims}-d vector, got ${unit.length}`);
    const out = new Float64Array(this.count);
    for (let r = 0; r < this.count; r++) {
      let sum = 0;
      const offset = r * this.dims;
      for (let k = 0; k < this.dims; k++) sum += this.rows[offset + k] * unit[k];
      out[r] = sum;
    }
    return out;
  }
}

/** Unit embeddings → the int8 matrix and the scale that fills ±127 with the largest component. */
export function quantiseCohort(embeddings: readonly Float32Array[]): { bytes: Uint8Array; scale: number } {
  if (embeddings.length === 0) throw new RangeError('a cohort needs at least one embedding');
  let largest = 0;
  for (const e of embeddings) for (const v of e) largest = Math.max(largest, Math.abs(v));
  const scale = 127 / largest;
  const values = new Int8Array(embeddings.length * embeddings[0].length);
  embeddings.forEach((e, r) => e.forEach((v, k) => (values[r * e.length + k] = Math.round(v * scale))));
  return { bytes: new Uint8Array(values.buffer), scale };
}
