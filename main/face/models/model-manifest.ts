// The sha256 every model file must have, compiled in from models/manifest.json: the
// packaged app ships the model files but not the manifest. Pure (no Node APIs), so the
// renderer checks its detector against the same numbers.
import manifest from '../../../models/manifest.json' with { type: 'json' };

interface ManifestModel {
  file: string;
  /** The file inside the npm tarball. */
  sha256: string;
  /** The file as written to models/files/, when preparation changes it (the detector). */
  preparedSha256?: string;
}

const EXPECTED: ReadonlyMap<string, string> = new Map(
  (manifest.models as ManifestModel[]).map((model) => [model.file, model.preparedSha256 ?? model.sha256]),
);

/** Lower-case hex sha256 the prepared `fileName` must hash to; undefined for a file the manifest does not list. */
export function expectedSha256(fileName: string): string | undefined {
  return EXPECTED.get(fileName);
}

/**
 * Why a model file with this sha256 must not be used, or null when it is the expected file.
 * A file the manifest does not list is refused too: nothing unverified gets loaded.
 */
export function modelHashProblem(fileName: string, actualSha256: string): string | null {
  const expected = expectedSha256(fileName);
  if (expected === undefined) return `${fileName} is not a model listed in models/manifest.json`;
  return actualSha256.toLowerCase() === expected ? null : `${fileName} is damaged or not the expected file (sha256 mismatch)`;
}
