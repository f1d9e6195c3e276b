// Module-resolution hooks (run in Node's hooks thread, chained in front of tsx's):
// the bare `electron` import goes to the stand-in, and electron-vite's `?asset` imports
// become a module whose default export is the file's absolute path, as they are in the build.
import type { ResolveHook } from 'node:module';
import { fileURLToPath } from 'node:url';

const STAND_IN_URL = new URL('./electron.ts', import.meta.url).href;
const ASSET_SUFFIX = '?asset';

export const resolve: ResolveHook = async (specifier, context, nextResolve) => {
  if (specifier === 'electron') return { url: STAND_IN_URL, format: 'module', shortCircuit: true };
  if (specifier.endsWith(ASSET_SUFFIX) && context.parentURL) {
    const path = fileURLToPath(new URL(specifier.slice(0, -ASSET_SUFFIX.length), context.parentURL));
    const source = `export default ${JSON.stringify(path)};`;
    return { url: `data:text/javascript,${encodeURIComponent(source)}`, format: 'module', shortCircuit: true };
  }
  return nextResolve(specifier, context);
};
