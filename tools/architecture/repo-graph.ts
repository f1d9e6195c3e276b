// The repository's import graph as plain data for import-rules.ts: every .ts file under the
// project's folders with what it imports, resolved to repo-relative paths (or package names),
// and the production entry points the build starts from.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImportGraph, ImportTarget } from './import-rules.ts';
import { importSpecifiers } from './import-scan.ts';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** The folders run-tests.ts searches, plus the build configs at the top. */
const ROOTS = ['main', 'preload', 'renderer', 'models', 'tools', 'test-support', 'e2e'];
/** Generated or downloaded folders (.gitignore): no source of ours in them. */
const SKIPPED = new Set(['node_modules', 'models/files', 'renderer/public']);

function findTs(dir: string): string[] {
  return readdirSync(join(REPO, dir)).flatMap((name) => {
    const path = posix.join(dir, name);
    if (statSync(join(REPO, path)).isDirectory()) return SKIPPED.has(path) || SKIPPED.has(name) ? [] : findTs(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

const NODE_BUILTINS = new Set(builtinModules);

/** A relative specifier (query like `?url` dropped) as a repo path; anything else is a package. */
export function resolveSpecifier(fromFile: string, specifier: string): ImportTarget {
  if (specifier.startsWith('.')) {
    const path = posix.normalize(posix.join(posix.dirname(fromFile), specifier.replace(/\?.*$/, '')));
    return { kind: 'file', path: path.endsWith('/') ? path.slice(0, -1) : path };
  }
  const name = specifier.replace(/\?.*$/, '');
  const builtin = name.startsWith('node:') || NODE_BUILTINS.has(name.split('/')[0]);
  return { kind: builtin ? 'node' : 'package', name };
}

/** A `new URL('../..', import.meta.url)` names a folder (the repo, say): a place, not an import. */
function isFolder(target: ImportTarget): boolean {
  return target.kind === 'file' && existsSync(join(REPO, target.path)) && statSync(join(REPO, target.path)).isDirectory();
}

/** `<script type="module" src="…">` of each renderer page, as repo paths. */
function rendererEntries(): string[] {
  return readdirSync(join(REPO, 'renderer')).flatMap((page) => {
    const html = join(REPO, 'renderer', page, 'index.html');
    let text: string;
    try {
      text = readFileSync(html, 'utf8');
    } catch {
      return [];
    }
    return [...text.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((match) =>
      relative(REPO, join(dirname(html), match[1])).split('\\').join('/'),
    );
  });
}

export function readRepoGraph(): ImportGraph {
  const paths = [...ROOTS.flatMap(findTs), ...readdirSync(REPO).filter((name) => name.endsWith('.ts'))].sort();
  const files = paths.map((path) => ({
    path,
    imports: importSpecifiers(readFileSync(join(REPO, path), 'utf8'))
      .map((specifier) => ({ specifier, target: resolveSpecifier(path, specifier) }))
      .filter(({ target }) => !isFolder(target)),
  }));
  return { files, entries: ['main/index.ts', 'preload/index.ts', ...rendererEntries()] };
}
