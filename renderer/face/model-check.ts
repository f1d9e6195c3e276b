// The detector's model checked against the manifest's sha256 before MediaPipe gets it, as
// main checks its ONNX models: a damaged or swapped file would load, then find no face
// in any frame, and nobody would know why.
import { modelHashProblem } from '../../models/model-manifest.ts';
import { CameraError } from './camera.ts';

/** Fetches the model once and returns those bytes if they are the expected file; otherwise a CameraError('model'). */
export async function fetchVerifiedModel(url: string, fileName: string): Promise<Uint8Array<ArrayBuffer>> {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    // The file ships inside the app, so not finding it is a damaged install too.
    throw new CameraError('model', `${fileName} cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  await verifyModelBytes(bytes, fileName);
  return bytes;
}

/** Throws CameraError('model') naming the file unless `bytes` hash to the manifest's sha256 for it. */
export async function verifyModelBytes(bytes: Uint8Array<ArrayBuffer>, fileName: string): Promise<void> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  const hex = Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
  const problem = modelHashProblem(fileName, hex);
  if (problem) throw new CameraError('model', problem);
}
