// Fetches the face models from npm tarballs into models/files/.
//
// Run by `npm install` (postinstall) and `npm run prepare-models`. The model
// packages are fetched as tarballs only: the faceplugin package declares
// jest/webpack/babel as dependencies, which must never be installed just to
// read four files out of it.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import bundledManifest from './manifest.json' with { type: 'json' };
import { COHORT_FILE_NAME, modelFileName, type ModelId } from './model-manifest.ts';
import { readTarEntry } from './tar-read.ts';
import { attachImageInputMetadata, type ImageInputMetadata } from './tflite-metadata.ts';

export type { ModelId };

export interface TensorInfo {
  name: string;
  shape: number[];
  type?: string;
  layout?: string;
  meaning?: string;
}

export interface ModelEntry {
  id: ModelId;
  package: string;
  version: string;
  pathInTarball: string;
  /** Output file name inside the models directory. */
  file: string;
  /** sha256 of the file inside the tarball. */
  sha256: string;
  /** sha256 of the prepared output, when preparation changes the file. */
  preparedSha256?: string;
  tfliteMetadata?: ImageInputMetadata;
  description: string;
  input: TensorInfo;
  crop: string;
  normalisation: string;
  channelOrder: string;
  notes?: string;
  output: TensorInfo[];
}

export interface PreparedModel {
  id: ModelId;
  path: string;
  sha256: string;
  bytes: number;
  /** 'present': already there with the right checksum; 'written': fetched now. */
  status: 'present' | 'written';
}

export interface PrepareOptions {
  manifestPath?: string;
  outDir?: string;
  /** Returns the .tgz for an exact spec such as "pkg@1.2.3". */
  fetchTarball?: (spec: string) => Promise<Uint8Array>;
  log?: (line: string) => void;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_MANIFEST_PATH = path.join(HERE, 'manifest.json');

/** Directory holding the prepared models; FACE_UNLOCK_MODELS_DIR overrides it. */
export function modelsDir(): string {
  return process.env.FACE_UNLOCK_MODELS_DIR || path.join(HERE, 'files');
}

/** The cohort the repository ships (`npm run build-cohort` writes it). */
export function shippedCohortPath(): string {
  return path.join(HERE, 'cohort', COHORT_FILE_NAME);
}

/** The manifest entry (shapes, normalisation, channel order) of a model. */
export function modelInfo(id: ModelId): ModelEntry {
  const entry = (bundledManifest.models as ModelEntry[]).find((model) => model.id === id);
  if (!entry) throw new Error(`no model "${id}" in models/manifest.json`);
  return entry;
}

/** Absolute path of a prepared model file. */
export function modelPath(id: ModelId): string {
  return path.join(modelsDir(), modelFileName(id));
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const SHA256_HEX = /^[0-9a-f]{64}$/;

async function loadManifest(manifestPath: string): Promise<ModelEntry[]> {
  const parsed = JSON.parse(await readFile(manifestPath, 'utf8')) as { models?: ModelEntry[] };
  if (!Array.isArray(parsed.models)) throw new Error(`${manifestPath}: no "models" list`);
  for (const [index, entry] of parsed.models.entries()) {
    for (const key of ['id', 'package', 'version', 'pathInTarball', 'file', 'sha256'] as const) {
      if (typeof entry[key] !== 'string' || !entry[key]) throw new Error(`${manifestPath}: model #${index} has no "${key}"`);
    }
    for (const sum of [entry.sha256, entry.preparedSha256 ?? entry.sha256]) {
      if (!SHA256_HEX.test(sum)) throw new Error(`${manifestPath}: model "${entry.id}" has a malformed sha256 "${sum}"`);
    }
    if (entry.tfliteMetadata && !entry.preparedSha256) {
      throw new Error(`${manifestPath}: model "${entry.id}" is transformed (tfliteMetadata) so it needs "preparedSha256"`);
    }
    if (path.basename(entry.file) !== entry.file) throw new Error(`${manifestPath}: model "${entry.id}" file must be a bare name`);
  }
  return parsed.models;
}

/** Default fetcher: the npm registry through pacote (tarball only, no install). */
export async function fetchFromRegistry(spec: string): Promise<Uint8Array> {
  const pacote = createRequire(import.meta.url)('pacote') as {
    tarball(spec: string, options: { preferOffline: boolean; registry?: string }): Promise<Buffer>;
  };
  // npm passes its configured registry to lifecycle scripts; honour it.
  const registry = process.env.npm_config_registry || undefined;
  return pacote.tarball(spec, { preferOffline: true, ...(registry ? { registry } : {}) });
}

async function readIfExists(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Temp file + rename, so an interrupted run never leaves a half-written model. */
async function writeAtomically(file: string, bytes: Uint8Array): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temp, bytes);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Extracts, verifies and transforms one model from its package tarball. */
function prepareEntry(entry: ModelEntry, tgz: Uint8Array, spec: string): Uint8Array {
  const source = readTarEntry(tgz, entry.pathInTarball);
  if (!source) throw new Error(`model "${entry.id}": ${entry.pathInTarball} is not in ${spec}`);
  const sourceSha = sha256(source);
  if (sourceSha !== entry.sha256) {
    throw new Error(`model "${entry.id}": ${entry.pathInTarball} in ${spec} has sha256 ${sourceSha}, manifest expects ${entry.sha256}`);
  }
  if (!entry.tfliteMetadata) return source;
  const prepared = attachImageInputMetadata(source, entry.tfliteMetadata);
  const preparedSha = sha256(prepared);
  if (entry.preparedSha256 && preparedSha !== entry.preparedSha256) {
    throw new Error(`model "${entry.id}": prepared ${entry.file} has sha256 ${preparedSha}, manifest expects preparedSha256 ${entry.preparedSha256}`);
  }
  return prepared;
}

function groupBySpec(entries: ModelEntry[]): Map<string, ModelEntry[]> {
  const groups = new Map<string, ModelEntry[]>();
  for (const entry of entries) {
    const spec = `${entry.package}@${entry.version}`;
    groups.set(spec, [...(groups.get(spec) ?? []), entry]);
  }
  return groups;
}

/**
 * Makes every model of the manifest present in `outDir` with its expected
 * checksum. Models already in place are not fetched again; when every model
 * is in place this touches no network.
 */
export async function prepareModels(options: PrepareOptions = {}): Promise<PreparedModel[]> {
  const manifest = await loadManifest(options.manifestPath ?? DEFAULT_MANIFEST_PATH);
  const outDir = options.outDir ?? modelsDir();
  const fetchTarball = options.fetchTarball ?? fetchFromRegistry;
  const log = options.log ?? ((line: string) => console.log(line));

  const done = new Map<ModelId, PreparedModel>();
  const missing: ModelEntry[] = [];
  for (const entry of manifest) {
    const target = path.join(outDir, entry.file);
    const existing = await readIfExists(target);
    const expected = entry.preparedSha256 ?? entry.sha256;
    if (existing && sha256(existing) === expected) {
      done.set(entry.id, { id: entry.id, path: target, sha256: expected, bytes: existing.length, status: 'present' });
    } else {
      missing.push(entry);
    }
  }

  // Fetch and verify everything before writing anything: a bad package then
  // leaves the directory as it was.
  const staged: { entry: ModelEntry; bytes: Uint8Array }[] = [];
  for (const [spec, entries] of groupBySpec(missing)) {
    const wanted = entries.map((entry) => `"${entry.id}" (${entry.pathInTarball})`).join(', ');
    log(`fetching ${spec} for ${wanted}`);
    let tgz: Uint8Array;
    try {
      tgz = await fetchTarball(spec);
    } catch (error) {
      throw new Error(`cannot fetch ${spec} for model ${wanted}: ${(error as Error).message}`);
    }
    for (const entry of entries) staged.push({ entry, bytes: prepareEntry(entry, tgz, spec) });
  }

  if (staged.length) await mkdir(outDir, { recursive: true });
  for (const { entry, bytes } of staged) {
    const target = path.join(outDir, entry.file);
    await writeAtomically(target, bytes);
    done.set(entry.id, { id: entry.id, path: target, sha256: sha256(bytes), bytes: bytes.length, status: 'written' });
  }

  const results = manifest.map((entry) => done.get(entry.id) as PreparedModel);
  for (const model of results) log(`${model.id}: ${model.status} ${model.path} (${model.bytes} bytes, sha256 ${model.sha256})`);
  return results;
}

function runByNode(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return pathToFileURL(realpathSync(script)).href === import.meta.url;
  } catch {
    return false;
  }
}

if (runByNode()) {
  prepareModels().catch((error: unknown) => {
    console.error(`prepare-models: ${(error as Error).message}`);
    process.exitCode = 1;
  });
}
