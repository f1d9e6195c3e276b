// Attaches TFLite "image input" metadata to a .tflite model.
//
// MediaPipe tasks-vision refuses float-input models that do not say how to
// normalise pixels (it reads NormalizationOptions from the TFLITE_METADATA
// entry). The BlazeFace model shipped in the legacy @mediapipe/face_detection
// package predates that metadata, so we add it here instead of downloading a
// differently packaged copy of the same weights.
//
// Instead of decoding and re-encoding the whole model, we build a new root
// `Model` table in front of an untouched copy of the original bytes:
// flatbuffer uoffsets only point forward, so a table written before the copy
// can reference every old vector and table in place. The copy starts on a
// 16-byte boundary so tensor data keeps the alignment it had in the original.
import { Builder, ByteBuffer } from 'flatbuffers';

export interface ImageInputMetadata {
  /** Model name written into ModelMetadata.name. */
  name: string;
  /** Per-channel (or single broadcast) mean and std: input = (px - mean) / std. */
  mean: number[];
  std: number[];
  colorSpace: 'RGB' | 'GRAYSCALE';
}

export const TFLITE_METADATA_NAME = 'TFLITE_METADATA';

// Field ids from tensorflow/lite/schema/schema.fbs (table Model / Buffer / Metadata).
const MODEL = { version: 0, operatorCodes: 1, subgraphs: 2, description: 3, buffers: 4, metadataBuffer: 5, metadata: 6, signatureDefs: 7 } as const;
const MODEL_FIELD_COUNT = 8;
const BUFFER = { data: 0, offset: 1, size: 2 } as const;
const METADATA = { name: 0, buffer: 1 } as const;

// Field ids from tflite-support metadata_schema.fbs. A union field takes two
// ids: `<name>_type` (ubyte) then `<name>` (offset).
const MODEL_METADATA = { name: 0, description: 1, version: 2, subgraphMetadata: 3, author: 4, license: 5, associatedFiles: 6, minParserVersion: 7 } as const;
const SUBGRAPH_METADATA = { inputTensorMetadata: 2 } as const;
const TENSOR_METADATA = { name: 0, description: 1, content: 3, processUnits: 4 } as const;
const CONTENT = { propertiesType: 0, properties: 1 } as const;
const IMAGE_PROPERTIES = { colorSpace: 0 } as const;
const PROCESS_UNIT = { optionsType: 0, options: 1 } as const;
const NORMALIZATION_OPTIONS = { mean: 0, std: 1 } as const;
const CONTENT_PROPERTIES_IMAGE = 2;
const PROCESS_UNIT_OPTIONS_NORMALIZATION = 1;
const COLOR_SPACE = { RGB: 1, GRAYSCALE: 2 } as const;
// Oldest metadata parser that understands every field we write.
const MIN_PARSER_VERSION = '1.0.0';

/** vtable slot (byte offset inside the vtable) of a field id. */
const slot = (fieldId: number): number => 4 + 2 * fieldId;

/** Builds the `ModelMetadata` flatbuffer (file identifier M001). */
export function buildImageInputMetadata(meta: ImageInputMetadata): Uint8Array {
  const b = new Builder(512);
  const floats = (values: number[]): number => {
    b.startVector(4, values.length, 4);
    for (let i = values.length - 1; i >= 0; i--) b.addFloat32(values[i]);
    return b.endVector();
  };
  const offsets = (values: number[]): number => {
    b.startVector(4, values.length, 4);
    for (let i = values.length - 1; i >= 0; i--) b.addOffset(values[i]);
    return b.endVector();
  };

  const mean = floats(meta.mean);
  const std = floats(meta.std);
  b.startObject(2);
  b.addFieldOffset(NORMALIZATION_OPTIONS.mean, mean, 0);
  b.addFieldOffset(NORMALIZATION_OPTIONS.std, std, 0);
  const normalization = b.endObject();

  b.startObject(2);
  b.addFieldInt8(PROCESS_UNIT.optionsType, PROCESS_UNIT_OPTIONS_NORMALIZATION, 0);
  b.addFieldOffset(PROCESS_UNIT.options, normalization, 0);
  const processUnit = b.endObject();

  b.startObject(2);
  b.addFieldInt8(IMAGE_PROPERTIES.colorSpace, COLOR_SPACE[meta.colorSpace], 0);
  const imageProperties = b.endObject();

  b.startObject(3);
  b.addFieldInt8(CONTENT.propertiesType, CONTENT_PROPERTIES_IMAGE, 0);
  b.addFieldOffset(CONTENT.properties, imageProperties, 0);
  const content = b.endObject();

  const tensorName = b.createString('image');
  const tensorDescription = b.createString(`Input image, normalised as (px - ${meta.mean.join('/')}) / ${meta.std.join('/')}.`);
  const processUnits = offsets([processUnit]);
  b.startObject(7);
  b.addFieldOffset(TENSOR_METADATA.name, tensorName, 0);
  b.addFieldOffset(TENSOR_METADATA.description, tensorDescription, 0);
  b.addFieldOffset(TENSOR_METADATA.content, content, 0);
  b.addFieldOffset(TENSOR_METADATA.processUnits, processUnits, 0);
  const tensor = b.endObject();

  const inputs = offsets([tensor]);
  b.startObject(7);
  b.addFieldOffset(SUBGRAPH_METADATA.inputTensorMetadata, inputs, 0);
  const subgraph = b.endObject();

  const name = b.createString(meta.name);
  const subgraphs = offsets([subgraph]);
  const minParser = b.createString(MIN_PARSER_VERSION);
  b.startObject(8);
  b.addFieldOffset(MODEL_METADATA.name, name, 0);
  b.addFieldOffset(MODEL_METADATA.subgraphMetadata, subgraphs, 0);
  b.addFieldOffset(MODEL_METADATA.minParserVersion, minParser, 0);
  const root = b.endObject();
  b.finish(root, 'M001');
  return b.asUint8Array().slice();
}

/** Returns a new .tflite (TFL3) model with `meta` attached as TFLITE_METADATA. */
export function attachImageInputMetadata(model: Uint8Array, meta: ImageInputMetadata): Uint8Array {
  const old = new ByteBuffer(model);
  if (!old.__has_identifier('TFL3')) throw new Error('not a TFLite model (file identifier is not TFL3)');
  const root = old.readUint32(0);
  const field = (table: number, id: number): number => old.__offset(table, slot(id));
  const vectorTables = (table: number, id: number): number[] => {
    const at = field(table, id);
    if (!at) return [];
    const start = old.__vector(table + at);
    return Array.from({ length: old.__vector_len(table + at) }, (_, i) => old.__indirect(start + 4 * i));
  };

  const oldBuffers = vectorTables(root, MODEL.buffers);
  // Buffers stored outside the flatbuffer are addressed from the file start,
  // which moves when we prepend the new root; refuse rather than corrupt.
  if (oldBuffers.some((t) => field(t, BUFFER.offset) || field(t, BUFFER.size))) {
    throw new Error('model stores buffers outside the flatbuffer (offset/size); not supported');
  }
  const oldMetadata = vectorTables(root, MODEL.metadata);
  if (oldMetadata.some((t) => old.__string(t + field(t, METADATA.name)) === TFLITE_METADATA_NAME)) {
    throw new Error(`model already has ${TFLITE_METADATA_NAME}`);
  }

  const b = new Builder(model.length + 4096);
  // Copy of the original file, 16-aligned; everything below points into it.
  b.prep(16, model.length);
  const copyEnd = b.createByteVector(model) - 4;
  const inCopy = (oldPosition: number): number => copyEnd - oldPosition;
  const offsetVector = (values: number[]): number => {
    b.startVector(4, values.length, 4);
    for (let i = values.length - 1; i >= 0; i--) b.addOffset(values[i]);
    return b.endVector();
  };

  const metadataBytes = buildImageInputMetadata(meta);
  b.prep(16, metadataBytes.length); // Buffer.data is force_align: 16
  const metadataData = b.createByteVector(metadataBytes);
  b.startObject(3);
  b.addFieldOffset(BUFFER.data, metadataData, 0);
  const metadataBuffer = b.endObject();
  const buffers = offsetVector([...oldBuffers.map(inCopy), metadataBuffer]);

  const entryName = b.createString(TFLITE_METADATA_NAME);
  b.startObject(2);
  b.addFieldOffset(METADATA.name, entryName, 0);
  b.addFieldInt32(METADATA.buffer, oldBuffers.length, null);
  const entry = b.endObject();
  const metadata = offsetVector([...oldMetadata.map(inCopy), entry]);

  b.startObject(MODEL_FIELD_COUNT);
  for (const id of [MODEL.operatorCodes, MODEL.subgraphs, MODEL.description, MODEL.metadataBuffer, MODEL.signatureDefs]) {
    const at = field(root, id);
    if (at) b.addFieldOffset(id, inCopy(old.__indirect(root + at)), 0);
  }
  const versionAt = field(root, MODEL.version);
  b.addFieldInt32(MODEL.version, versionAt ? old.readUint32(root + versionAt) : 0, 0);
  b.addFieldOffset(MODEL.buffers, buffers, 0);
  b.addFieldOffset(MODEL.metadata, metadata, 0);
  b.finish(b.endObject(), 'TFL3');
  return b.asUint8Array().slice();
}
