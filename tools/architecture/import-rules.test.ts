import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HOUSE_PLAN } from './house-plan.ts';
import { findCycles, findViolations, type HousePlan, type ImportGraph } from './import-rules.ts';
import { importSpecifiers } from './import-scan.ts';
import { readRepoGraph, resolveSpecifier } from './repo-graph.ts';

/** A made-up repo: each file with the specifiers it imports. */
function graphOf(files: Record<string, string[]>, entries: string[] = []): ImportGraph {
  return {
    files: Object.entries(files).map(([path, specifiers]) => ({
      path,
      imports: specifiers.map((specifier) => ({ specifier, target: resolveSpecifier(path, specifier) })),
    })),
    entries,
  };
}

/** A layering violation up to its colon: the file, the import and the room it is in. */
function whatAndWhere(violation: string): string {
  return violation.slice(0, violation.indexOf(': '));
}

/** The repo's own rules without its known exceptions (which a made-up graph never has). */
const PLAN: HousePlan = { ...HOUSE_PLAN, exceptions: [] };

describe('importSpecifiers', () => {
  it('finds every kind of import, on one line or several', () => {
    const source = [
      "import a from './a.ts';",
      "import type { B } from '../b.ts';",
      "import {\n  c,\n  type D,\n} from './c.ts';",
      "import './side-effect.css';",
      "import manifest from './m.json' with { type: 'json' };",
      "export { e } from './e.ts';",
      "export type * from './f.ts';",
      "const g = await import('./g.ts');",
      "const worker = new Worker(new URL('./h.ts', import.meta.url));",
      "import wasm from 'pkg/file.wasm?url';",
    ].join('\n');
    assert.deepEqual(importSpecifiers(source), [
      './a.ts', '../b.ts', './c.ts', './side-effect.css', './m.json', './e.ts', './f.ts', './g.ts', './h.ts', 'pkg/file.wasm?url',
    ]);
  });

  it('ignores imports inside comments, strings, templates and regular expressions', () => {
    const source = [
      "// import x from './comment.ts';",
      "/* export * from './block.ts'; */",
      "const s = \"import y from './string.ts'\";",
      "const t = `import('./template.ts') ${`import('./nested.ts')`} and ${{ a: 1 }.a}`;",
      "const r = /import\\('.\\/regex.ts'\\)/;",
      "export const from = 'not-a-module';",
      "const u = new URL('./not-import-meta.ts', base);",
      "import real from './real.ts';",
    ].join('\n');
    assert.deepEqual(importSpecifiers(source), ['./real.ts']);
  });
});

describe('findViolations', () => {
  it('reports an import cycle among production files, with its path', () => {
    const graph = graphOf({
      'main/lock/a.ts': ['./b.ts'],
      'main/lock/b.ts': ['./c.ts'],
      'main/lock/c.ts': ['./a.ts'],
      'tools/x.ts': ['./y.ts'],
      'tools/y.ts': ['./x.ts'], // tools are not shipped: a cycle there is not checked
    });
    assert.deepEqual(findViolations(graph, PLAN), ['import cycle: main/lock/a.ts → main/lock/b.ts → main/lock/c.ts → main/lock/a.ts']);
  });

  it('refuses Node, electron and main in the renderer, naming the file and the import', () => {
    const graph = graphOf({
      'renderer/page/page.ts': ['node:fs', 'electron', '../../main/lock/clock.ts', '../../preload/api.ts'],
      'main/lock/clock.ts': [],
      'preload/api.ts': [],
    });
    assert.deepEqual(
      findViolations(graph, PLAN).map(whatAndWhere),
      [
        "renderer/page/page.ts imports 'node:fs' (node built-ins)",
        "renderer/page/page.ts imports 'electron' (electron)",
        "renderer/page/page.ts imports '../../main/lock/clock.ts' (main/lock)",
      ],
    );
  });

  it('refuses Node reached from a renderer entry through a shared file', () => {
    const graph = graphOf({ 'renderer/page/page.ts': ['../../preload/api.ts'], 'preload/api.ts': ['node:path'] }, ['renderer/page/page.ts']);
    assert.deepEqual(findViolations(graph, PLAN), [
      "preload/api.ts imports 'node:path' (node built-ins): preload may import only electron",
      'renderer/page/page.ts runs without Node but reaches node built-ins/electron through renderer/page/page.ts → preload/api.ts',
    ]);
  });

  it('refuses test-support in production, and reports it reachable from the entry', () => {
    const graph = graphOf(
      {
        'main/index.ts': ['./app/app.ts'],
        'main/app/app.ts': ['../../test-support/fake-clock.ts'],
        'test-support/fake-clock.ts': [],
      },
      ['main/index.ts'],
    );
    assert.deepEqual(findViolations(graph, PLAN), [
      "main/app/app.ts imports '../../test-support/fake-clock.ts' (test-support): main/app may import only "
        + (PLAN.mayImport.get('main/app') as string[]).join(', '),
      'test-only code is reachable from entry main/index.ts: main/index.ts → main/app/app.ts → test-support/fake-clock.ts',
    ]);
  });

  it('keeps the face rooms pointing down: math imports nothing, test-support no tools but tools/math', () => {
    const graph = graphOf({
      'main/face/math/a.ts': ['../../base/emitter.ts', './b.ts'],
      'main/face/math/b.ts': [],
      'main/base/emitter.ts': [],
      'test-support/s.ts': ['../tools/math/random.ts', '../tools/eval/paths.ts', '../e2e/bridge.ts'],
      'tools/math/random.ts': [],
      'tools/eval/paths.ts': [],
      'e2e/bridge.ts': [],
    });
    assert.deepEqual(
      findViolations(graph, PLAN).map(whatAndWhere),
      [
        "main/face/math/a.ts imports '../../base/emitter.ts' (main/base)",
        "test-support/s.ts imports '../tools/eval/paths.ts' (tools)",
        "test-support/s.ts imports '../e2e/bridge.ts' (e2e)",
      ],
    );
  });

  it('lets a known exception through, and fails once it no longer happens', () => {
    const exception = { from: 'main/face/math/a.ts', to: 'main/base/emitter.ts', why: 'test' };
    const plan = { ...PLAN, exceptions: [exception] };
    const graph = (imports: string[]) => graphOf({ 'main/face/math/a.ts': imports, 'main/base/emitter.ts': [] });
    assert.deepEqual(findViolations(graph(['../../base/emitter.ts']), plan), []);
    assert.deepEqual(findViolations(graph([]), plan), [
      'known exception main/face/math/a.ts → main/base/emitter.ts no longer happens: remove it from the house plan',
    ]);
  });

  it('refuses a plan whose rooms may import each other, and a file in no room', () => {
    const mayImport = new Map([...PLAN.mayImport, ['main/base', ['main/lock']]]);
    assert.match(findViolations(graphOf({}), { ...PLAN, mayImport }).join('\n'), /house plan lets rooms import each other in a circle: .*main\/base/);
    assert.match(findViolations(graphOf({ 'main/face/loose.ts': [] }), PLAN).join('\n'), /main\/face\/loose.ts is in no room/);
  });

  it('finds one loop per tangle', () => {
    const edges = new Map([['a', ['b']], ['b', ['a', 'c']], ['c', ['c']], ['d', []]]);
    assert.deepEqual(findCycles(['a', 'b', 'c', 'd'], edges), [['c', 'c'], ['a', 'b', 'a']]);
  });
});

describe('the repository', () => {
  it('keeps the house plan: no import cycle, each room imports only what it may, nothing test-only shipped', () => {
    const graph = readRepoGraph();
    assert.ok(graph.files.length > 100, `only ${graph.files.length} source files found`);
    assert.deepEqual(graph.entries.filter((entry) => entry.startsWith('renderer/')).length, 4, 'one entry script per renderer page');
    assert.deepEqual(findViolations(graph, HOUSE_PLAN), []);
  });
});
