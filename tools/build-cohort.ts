// npm run build-cohort -- <ImageFolder> [--out models/cohort] [--enrol 2] [--draws 3] [--seed 1]:
// the cohort of strangers' faces the app calibrates each profile's threshold against
// (main/face/recognition/cohort.ts, profile-calibration.ts), and its calibration table. The cohort is the
// persons with exactly 2 faces found: in enrol-2 they can be neither enrolled and probed, so the
// evaluation keeps every person it can use. The table is measured on everyone else.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { collectFacesShowingProgress } from './eval/collect.ts';
import { contentKey, defaultCacheDir } from './eval/embedding-cache.ts';
import { listImageFolder } from './eval/image-folder.ts';
import { PhotoPipeline } from './eval/photo-pipeline.ts';
import { COHORT_BIN, COHORT_JSON, COHORT_PHOTOS, defaultCohortDir, quantisedCohort, type CohortJson } from './cohort/cohort-file.ts';
import { measureFarByZ } from './cohort/far-by-z.ts';

const USAGE = `Usage: npm run build-cohort -- <ImageFolder> [--out models/cohort] [--enrol 2] [--draws 3] [--seed 1]
                                 [--chromium PATH] [--cache DIR | --no-cache]
  Embeds every photo as eval does (same pipeline, same cache), takes as cohort the persons with
  exactly 2 faces found, and writes ${COHORT_BIN}, ${COHORT_JSON} (with the z-norm calibration
  table, measured with the enrol protocol on the other persons) and ${COHORT_PHOTOS}.`;

/** Where the photos come from, for the $comment: keyed by the folder's name (../shared/faces/README.md). */
const PROVENANCE: Record<string, string> = {
  lfw_aligned: 'Labeled Faces in the Wild, aligned 112×112 crops from georg-jung/lfw-pairs-aligned @ cdf74e7 (data/<Name>/); research and development use',
};

const COHORT_FACES_PER_PERSON = 2;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      enrol: { type: 'string', default: '2' },
      draws: { type: 'string', default: '3' },
      seed: { type: 'string', default: '1' },
      chromium: { type: 'string' },
      cache: { type: 'string' },
      'no-cache': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals.length !== 1) {
    console.log(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const folder = resolve(positionals[0]);
  const outDir = resolve(values.out ?? defaultCohortDir());
  const options = { enrolCount: whole(values.enrol, '--enrol'), draws: whole(values.draws, '--draws'), seed: whole(values.seed, '--seed') };

  const photos = await listImageFolder(folder);
  const pipeline = await PhotoPipeline.createFromOptions({
    chromiumPath: values.chromium,
    flipTta: false,
    alignment: 'landmarks',
    cacheDir: values['no-cache'] ? undefined : resolve(values.cache ?? defaultCacheDir()),
  });
  const collection = await collectFacesShowingProgress(pipeline, photos);

  const facesOf = new Map<string, number>();
  for (const face of collection.faces) facesOf.set(face.person, (facesOf.get(face.person) ?? 0) + 1);
  const inCohort = (person: string) => facesOf.get(person) === COHORT_FACES_PER_PERSON;
  const cohortFaces = collection.faces.filter((face) => inCohort(face.person));
  const others = collection.faces.filter((face) => !inCohort(face.person));
  if (cohortFaces.length === 0) throw new Error(`no person with exactly ${COHORT_FACES_PER_PERSON} faces found: no cohort`);
  const cohortPersons = new Set(cohortFaces.map((face) => face.person));
  // Every photo file of the cohort's persons (a photo with no face cannot be scored, but it is theirs).
  const cohortPhotoHashes = await Promise.all(photos.filter((p) => cohortPersons.has(p.person)).map(async (p) => contentKey(await readFile(p.path))));

  const { bytes, info, faces } = quantisedCohort(cohortFaces.map((face) => face.embedding));
  console.error(`cohort: ${cohortPersons.size} persons, ${info.count} faces (${bytes.length} bytes); measuring the z-norm table on ${new Set(others.map((f) => f.person)).size} other persons, enrol ${options.enrolCount}, ${options.draws} draws…`);
  const measured = await measureFarByZ(others, faces, options);

  const json: CohortJson = {
    $comment: [
      `Cohort of strangers' faces for per-profile threshold calibration (main/face/recognition/profile-calibration.ts), built by npm run build-cohort from ${basename(folder)}: ${PROVENANCE[basename(folder)] ?? 'see its README for provenance'}.`,
      `Rule: every person with exactly ${COHORT_FACES_PER_PERSON} faces found (${cohortPersons.size} persons), one row per face; the calibration table is measured on the other persons (enrol protocol, impostor scores z-normed against this cohort as loaded from the .bin).`,
      'No photo ships: only these 8-bit quantised 512-d embeddings (value / scale).',
    ].join(' '),
    ...info,
    calibration: {
      measuredOn: {
        persons: measured.persons,
        enrol: options.enrolCount,
        draws: options.draws,
        seed: options.seed,
        genuineProbes: measured.genuineProbes,
        impostorProbes: measured.impostorProbes,
      },
      farByZ: measured.farByZ,
    },
  };
  await mkdir(outDir, { recursive: true });
  await Promise.all([
    writeFile(join(outDir, COHORT_BIN), bytes),
    writeFile(join(outDir, COHORT_JSON), compactJson(json)),
    writeFile(join(outDir, COHORT_PHOTOS), `${cohortPhotoHashes.sort().join('\n')}\n`),
  ]);
  const at = (z: number) => measured.farByZ.find((r) => r.z === z)!;
  console.log(`Wrote ${join(outDir, COHORT_BIN)} (${bytes.length} bytes), ${COHORT_JSON}, ${COHORT_PHOTOS} (${cohortPhotoHashes.length} photos, not to ship).`);
  console.log(`Calibration: ${measured.impostorProbes} impostor probes of ${measured.persons} persons; FAR at z 3: ${at(3).falseAccepts}, z 4: ${at(4).falseAccepts}, z 5: ${at(5).falseAccepts}.`);
}

/** Indented, but each table row on one line: the file stays small and readable. */
function compactJson(json: CohortJson): string {
  const { farByZ, measuredOn } = json.calibration;
  const rows = farByZ.map((row) => `      ${JSON.stringify(row)}`).join(',\n');
  const head = JSON.stringify({ ...json, calibration: { measuredOn: 0, farByZ: 0 } }, null, 2);
  return `${head
    .replace('"measuredOn": 0', `"measuredOn": ${JSON.stringify(measuredOn)}`)
    .replace('"farByZ": 0', `"farByZ": [\n${rows}\n    ]`)}\n`;
}

function whole(text: string | undefined, name: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a whole number ≥ 1, got "${text}"`);
  return value;
}

main().catch((error: Error) => {
  console.error(`build-cohort: ${error.message}`);
  process.exitCode = 1;
});
