// 68 facial landmarks (the manifest's 'landmarks' model) on the face crop, in crop pixels.
import type * as ort from 'onnxruntime-node';
import type { BoxPx } from '../../../preload/api.ts';
import { openOnnxSession, runSingle, type OnnxSessionOptions } from './onnx-session.ts';

/** The network's input side: the face box resized to 64×64 grey. */
export const LANDMARK_INPUT_SIZE = 64;

export class Landmarker {
  private constructor(private readonly session: ort.InferenceSession) {}

  static async createFromOptions(options: OnnxSessionOptions): Promise<Landmarker> {
    return new Landmarker(await openOnnxSession(options));
  }

  /** 136 numbers x0,y0,x1,y1… (iBUG 68-point order) in the crop's pixels. */
  async detect(rgb: Uint8Array, imageSize: number, box: BoxPx): Promise<Float32Array> {
    const input = boxToGrey64(rgb, imageSize, box);
    const relative = await runSingle(this.session, input, [1, 1, LANDMARK_INPUT_SIZE, LANDMARK_INPUT_SIZE]);
    const points = new Float32Array(relative.length);
    for (let i = 0; i < relative.length; i += 2) {
      points[i] = box.x + relative[i] * box.width;
      points[i + 1] = box.y + relative[i + 1] * box.height;
    }
    return points;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}

/**
 * The box resampled bilinearly to 64×64, grey, scaled px/256 — the preprocessing
 * of the package the model ships in (cv.resize INTER_LINEAR, then BGR2GRAY).
 */
export function boxToGrey64(rgb: Uint8Array, imageSize: number, box: BoxPx): Float32Array {
  const size = LANDMARK_INPUT_SIZE;
  const out = new Float32Array(size * size);
  const scaleX = box.width / size;
  const scaleY = box.height / size;
  for (let v = 0; v < size; v++) {
    // Pixel-centre mapping, as cv.resize does.
    const sy = Math.min(Math.max(box.y + (v + 0.5) * scaleY - 0.5, 0), imageSize - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, imageSize - 1);
    const fy = sy - y0;
    for (let u = 0; u < size; u++) {
      const sx = Math.min(Math.max(box.x + (u + 0.5) * scaleX - 0.5, 0), imageSize - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, imageSize - 1);
      const fx = sx - x0;
      const top = (1 - fx) * greyAt(rgb, imageSize, x0, y0) + fx * greyAt(rgb, imageSize, x1, y0);
      const bottom = (1 - fx) * greyAt(rgb, imageSize, x0, y1) + fx * greyAt(rgb, imageSize, x1, y1);
      out[v * size + u] = ((1 - fy) * top + fy * bottom) / 256;
    }
  }
  return out;
}

function greyAt(rgb: Uint8Array, imageSize: number, x: number, y: number): number {
  const i = (y * imageSize + x) * 3;
  return 0.299 * rgb[i] + 0.587 * rgb[i + 1] + 0.114 * rgb[i + 2];
}
