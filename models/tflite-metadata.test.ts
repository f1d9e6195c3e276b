import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Builder, ByteBuffer } from 'flatbuffers';
import { chromium } from 'playwright-core';
import { fetchFromRegistry, modelInfo } from './prepare.ts';
import { readTarEntry } from './tar-read.ts';
import { attachImageInputMetadata, TFLITE_METADATA_NAME } from './tflite-metadata.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FACES_DIR = process.env.FACE_UNLOCK_FACES_DIR || path.join(REPO, '..', 'shared', 'faces');
const CHROMIUM = '/usr/bin/chromium';
const TASKS_VISION = path.join(REPO, 'node_modules', '@mediapipe', 'tasks-vision');
const detector = modelInfo('detector');
const blazeFaceMeta = detector.tfliteMetadata!;

// --- An independent reader: field ids typed in again from the two schemas,
// so a wrong id in the writer cannot be mirrored by the check. ---
const fieldAt = (bb: ByteBuffer, table: number, id: number): number => bb.__offset(table, 4 + 2 * id);
function tableList(bb: ByteBuffer, table: number, id: number): number[] {
  const at = fieldAt(bb, table, id);
  if (!at) return [];
  const start = bb.__vector(table + at);
  return Array.from({ length: bb.__vector_len(table + at) }, (_, i) => bb.__indirect(start + 4 * i));
}
function bytesField(bb: ByteBuffer, table: number, id: number): Uint8Array {
  const at = fieldAt(bb, table, id);
  if (!at) return new Uint8Array();
  const start = bb.__vector(table + at);
  return new Uint8Array(bb.bytes().subarray(start, start + bb.__vector_len(table + at))); // plain copy, even from a Buffer
}
function floats(bb: ByteBuffer, table: number, id: number): number[] {
  const at = fieldAt(bb, table, id);
  const start = bb.__vector(table + at);
  return Array.from({ length: bb.__vector_len(table + at) }, (_, i) => bb.readFloat32(start + 4 * i));
}

interface ParsedModel {
  buffers: Uint8Array[];
  metadata: { name: string; buffer: number }[];
  inputShape: number[];
}
function parseModel(bytes: Uint8Array): ParsedModel {
  const bb = new ByteBuffer(bytes);
  assert.ok(bb.__has_identifier('TFL3'));
  const root = bb.readUint32(0);
  const buffers = tableList(bb, root, 4).map((t) => bytesField(bb, t, 0));
  const metadata = tableList(bb, root, 6).map((t) => ({ name: bb.__string(t + fieldAt(bb, t, 0)) as string, buffer: bb.readUint32(t + fieldAt(bb, t, 1)) }));
  const [subgraph] = tableList(bb, root, 2);
  let inputShape: number[] = [];
  if (subgraph !== undefined) {
    const tensors = tableList(bb, subgraph, 0);
    const inputs = bb.__vector(subgraph + fieldAt(bb, subgraph, 1));
    const tensor = tensors[bb.readInt32(inputs)];
    const shapeAt = bb.__vector(tensor + fieldAt(bb, tensor, 0));
    inputShape = Array.from({ length: bb.__vector_len(tensor + fieldAt(bb, tensor, 0)) }, (_, i) => bb.readInt32(shapeAt + 4 * i));
  }
  return { buffers, metadata, inputShape };
}

function parseImageInputMetadata(bytes: Uint8Array) {
  const bb = new ByteBuffer(bytes);
  assert.ok(bb.__has_identifier('M001'), 'metadata buffer carries file identifier M001');
  const root = bb.readUint32(0);
  const [subgraph] = tableList(bb, root, 3); // ModelMetadata.subgraph_metadata
  const [tensor] = tableList(bb, subgraph, 2); // SubGraphMetadata.input_tensor_metadata
  const content = bb.__indirect(tensor + fieldAt(bb, tensor, 3)); // TensorMetadata.content
  const imageProperties = bb.__indirect(content + fieldAt(bb, content, 1));
  const [processUnit] = tableList(bb, tensor, 4); // TensorMetadata.process_units
  const normalization = bb.__indirect(processUnit + fieldAt(bb, processUnit, 1));
  return {
    name: bb.__string(root + fieldAt(bb, root, 0)),
    minParserVersion: bb.__string(root + fieldAt(bb, root, 7)),
    contentType: bb.readUint8(content + fieldAt(bb, content, 0)), // 2 = ImageProperties
    colorSpace: bb.readInt8(imageProperties + fieldAt(bb, imageProperties, 0)), // 1 = RGB
    optionsType: bb.readUint8(processUnit + fieldAt(bb, processUnit, 0)), // 1 = NormalizationOptions
    mean: floats(bb, normalization, 0),
    std: floats(bb, normalization, 1),
  };
}

let original: Uint8Array;
let prepared: Uint8Array;
before(async () => {
  const tgz = await fetchFromRegistry(`${detector.package}@${detector.version}`);
  original = readTarEntry(tgz, detector.pathInTarball)!;
  prepared = attachImageInputMetadata(original, blazeFaceMeta);
});

test('BlazeFace gets a TFLITE_METADATA entry with the normalisation values', () => {
  const before = parseModel(original);
  const after = parseModel(prepared);
  assert.deepEqual(before.metadata, []);
  assert.deepEqual(after.metadata, [{ name: TFLITE_METADATA_NAME, buffer: before.buffers.length }]);
  assert.equal(after.buffers.length, before.buffers.length + 1);
  before.buffers.forEach((data, i) => assert.deepEqual(after.buffers[i], data, `buffer ${i} unchanged`));
  assert.deepEqual(after.inputShape, [1, 128, 128, 3]);

  const meta = parseImageInputMetadata(after.buffers[after.buffers.length - 1]);
  assert.deepEqual(meta, {
    name: 'BlazeFace short range',
    minParserVersion: '1.0.0',
    contentType: 2,
    colorSpace: 1,
    optionsType: 1,
    mean: [127.5],
    std: [127.5],
  });
  assert.equal(createHash('sha256').update(prepared).digest('hex'), detector.preparedSha256, 'output is deterministic');
});

test('existing metadata entries are kept and a second attach is refused', () => {
  const b = new Builder(256);
  const data = b.createByteVector(new Uint8Array([1, 2, 3, 4]));
  b.startObject(1);
  const empty = b.endObject();
  b.startObject(1);
  b.addFieldOffset(0, data, 0);
  const filled = b.endObject();
  b.startVector(4, 2, 4);
  b.addOffset(filled);
  b.addOffset(empty);
  const buffers = b.endVector();
  const entryName = b.createString('min_runtime_version');
  b.startObject(2);
  b.addFieldOffset(0, entryName, 0);
  b.addFieldInt32(1, 1, 0);
  const entry = b.endObject();
  b.startVector(4, 1, 4);
  b.addOffset(entry);
  const metadata = b.endVector();
  b.startObject(8);
  b.addFieldInt32(0, 3, 0);
  b.addFieldOffset(4, buffers, 0);
  b.addFieldOffset(6, metadata, 0);
  b.finish(b.endObject(), 'TFL3');
  const tiny = b.asUint8Array();

  const withMeta = attachImageInputMetadata(tiny, blazeFaceMeta);
  const parsed = parseModel(withMeta);
  assert.deepEqual(parsed.metadata, [{ name: 'min_runtime_version', buffer: 1 }, { name: TFLITE_METADATA_NAME, buffer: 2 }]);
  assert.deepEqual([...parsed.buffers[1]], [1, 2, 3, 4]);
  assert.equal(parseImageInputMetadata(parsed.buffers[2]).mean[0], 127.5);
  assert.throws(() => attachImageInputMetadata(withMeta, blazeFaceMeta), /already has TFLITE_METADATA/);
  assert.throws(() => attachImageInputMetadata(new Uint8Array(64), blazeFaceMeta), /not a TFLite model/);
});

const MIME: Record<string, string> = { '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm', '.jpg': 'image/jpeg', '.tflite': 'application/octet-stream', '.html': 'text/html' };

/** Serves the page, MediaPipe bundle + wasm, the two models and the photo. */
function startServer(files: Record<string, () => Uint8Array | string>): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost').pathname;
    const body = files[url];
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': MIME[path.extname(url)] ?? 'text/html' }).end(body());
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

interface DetectOutcome {
  error: string | null;
  faces: number;
  blankFaces: number;
  box: { originX: number; originY: number; width: number; height: number } | null;
  imageWidth: number;
  imageHeight: number;
}

test('MediaPipe FaceDetector accepts the prepared model and finds the face; refuses the original', { timeout: 180_000 }, async (t) => {
  if (!existsSync(CHROMIUM)) return t.skip(`${CHROMIUM} is not installed: cannot run MediaPipe in a browser`);
  const photo = path.join(FACES_DIR, 'seed', 'faces_test', 'me_test.jpg');
  const wasmDir = path.join(TASKS_VISION, 'wasm');
  const files: Record<string, () => Uint8Array | string> = {
    '/': () => '<!doctype html><title>tflite metadata test</title>',
    '/vision_bundle.mjs': () => readFileSync(path.join(TASKS_VISION, 'vision_bundle.mjs')),
    '/with-metadata.tflite': () => prepared,
    '/original.tflite': () => original,
    '/photo.jpg': () => readFileSync(photo),
  };
  for (const name of ['vision_wasm_internal.js', 'vision_wasm_internal.wasm', 'vision_wasm_nosimd_internal.js', 'vision_wasm_nosimd_internal.wasm']) {
    files[`/wasm/${name}`] = () => readFileSync(path.join(wasmDir, name));
  }
  const server = await startServer(files);
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const detect = async (modelUrl: string): Promise<DetectOutcome> => {
      const page = await browser.newPage();
      await page.goto(`${origin}/`);
      const outcome = await page.evaluate(async (model: string) => {
        const bundleUrl = '/vision_bundle.mjs';
        const { FilesetResolver, FaceDetector } = await import(bundleUrl);
        const fileset = await FilesetResolver.forVisionTasks(`${location.origin}/wasm`);
        const image = new Image();
        image.src = '/photo.jpg';
        await image.decode();
        const blank = document.createElement('canvas');
        blank.width = blank.height = 256;
        const context = blank.getContext('2d')!;
        context.fillStyle = '#808080';
        context.fillRect(0, 0, 256, 256);
        try {
          const faceDetector = await FaceDetector.createFromOptions(fileset, {
            baseOptions: { modelAssetPath: model, delegate: 'CPU' },
            runningMode: 'IMAGE',
          });
          const detections = faceDetector.detect(image).detections;
          const blankFaces = faceDetector.detect(blank).detections.length;
          faceDetector.close();
          return { error: null, faces: detections.length, blankFaces, box: detections[0]?.boundingBox ?? null, imageWidth: image.naturalWidth, imageHeight: image.naturalHeight };
        } catch (error) {
          return { error: String(error), faces: 0, blankFaces: 0, box: null, imageWidth: image.naturalWidth, imageHeight: image.naturalHeight };
        }
      }, modelUrl);
      await page.close();
      return outcome as DetectOutcome;
    };

    const good = await detect('/with-metadata.tflite');
    assert.equal(good.error, null);
    assert.equal(good.faces, 1, 'one face in me_test.jpg');
    assert.equal(good.blankFaces, 0, 'no face in a plain grey image');
    // Checked by eye: the face fills about 40% of the width, centred a little above mid-height.
    const box = good.box!;
    const centreX = (box.originX + box.width / 2) / good.imageWidth;
    const centreY = (box.originY + box.height / 2) / good.imageHeight;
    assert.ok(centreX > 0.35 && centreX < 0.6 && centreY > 0.4 && centreY < 0.65, `face box centred on the face: ${JSON.stringify(box)}`);
    assert.ok(box.width > 0.3 * good.imageWidth && box.width < 0.6 * good.imageWidth, `face box size: ${JSON.stringify(box)}`);

    const bad = await detect('/original.tflite');
    assert.match(bad.error ?? '', /normali[sz]ation/i, 'the unmodified model is refused for lack of normalisation metadata');
  } finally {
    await browser.close();
    server.close();
  }
});
