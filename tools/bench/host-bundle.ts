// The bench's main host as the app ships main: one ES module bundled by rolldown, the bundler
// electron-vite builds out/main/index.js with (vite 8), packages left to node_modules as there.
// Run under plain node, the host's memory is the services' own, without tsx's loader and
// transpiler (main-client.ts has the figures).
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'rolldown';

/**
 * Bundles `entry` (a .ts file) into `outFile` (.mjs). `outFile` must sit inside the repository:
 * node resolves the bundle's package imports (onnxruntime-node) from its own folder up.
 */
export async function bundleHost(entry: string, outFile: string): Promise<void> {
  await build({
    input: entry,
    platform: 'node',
    // Bare specifiers are packages (or node: builtins); everything else is the repo's source.
    external: (id, importer) => importer !== undefined && !id.startsWith('.') && !isAbsolute(id) && !id.startsWith('\0'),
    plugins: [importMetaOfSource()],
    transform: { target: 'node20' },
    logLevel: 'warn',
    output: { file: outFile, format: 'esm', sourcemap: false, codeSplitting: false },
  });
}

/**
 * Each module's import.meta as in its source file, not the bundle's: models/prepare.ts finds
 * models/files and the cohort from its own URL, and its "run by node?" check compares that URL
 * with argv[1], which in a bundle would be true and start a model download in the host.
 */
function importMetaOfSource(): Plugin {
  return {
    name: 'bench-host:import-meta-of-source',
    transform(code, id) {
      if (!code.includes('import.meta') || !isAbsolute(id)) return null;
      const rewritten = code
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(id).href))
        .replaceAll('import.meta.filename', JSON.stringify(id))
        .replaceAll('import.meta.dirname', JSON.stringify(id.replace(/[\\/][^\\/]*$/, '')));
      if (rewritten.includes('import.meta')) throw new Error(`${id}: an import.meta property the bench host's bundle does not map to the source`);
      return { code: rewritten, map: null };
    },
  };
}
