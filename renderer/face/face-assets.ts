// The detector's files, bundled with the app by Vite (hashed, relative URLs that work
// from file:// in Electron and from the test server): nothing comes from a CDN.
import wasmLoaderUrl from '@mediapipe/tasks-vision/vision_wasm_internal.js?url';
import wasmBinaryUrl from '@mediapipe/tasks-vision/vision_wasm_internal.wasm?url';
// Vite resolves only a literal path: this must be the manifest's 'detector' file, which
// FaceFinder checks against its sha256 under the name below (a mismatch is refused by name).
import modelUrl from '../../models/files/face_detection_short_range.tflite?url';
import { modelFileName } from '../../models/model-manifest.ts';

/** The model's name in models/manifest.json: FaceFinder checks the file against its sha256 there. */
const modelFile = modelFileName('detector');

export const FACE_ASSETS = { wasmLoaderUrl, wasmBinaryUrl, modelUrl, modelFile } as const;
