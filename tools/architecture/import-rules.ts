// The rule engine behind import-rules.test.ts: a pure function from an import graph and a
// house plan (which rooms may import which) to the list of broken rules, each naming the file
// and the import. Pure so that it is tested on small made-up graphs, not only on the repo.

export type ImportTarget = { kind: 'file'; path: string } | { kind: 'node' | 'package'; name: string };

export interface SourceFile {
  /** Repo-relative, forward slashes. */
  path: string;
  imports: readonly { specifier: string; target: ImportTarget }[];
}

export interface ImportGraph {
  files: readonly SourceFile[];
  /** Where the shipped program starts: nothing test-only may be reachable from these. */
  entries: readonly string[];
}

/** An import that goes against the plan, allowed by name until it is fixed. */
export interface KnownException {
  from: string;
  /** The imported file's repo path, or the package name. */
  to: string;
  why: string;
}

export interface HousePlan {
  /** The room a file or package belongs to; undefined for a file outside every room. */
  roomOf(target: ImportTarget): string | undefined;
  /** Rooms each room may import besides itself; a room missing here may hold no file. */
  mayImport: ReadonlyMap<string, readonly string[] | 'anything'>;
  /** Shipped code: checked for import cycles. */
  isProduction(path: string): boolean;
  /** Code that must never be reachable from an entry. */
  isTestOnly(path: string): boolean;
  /** Which entries run without Node (the renderer pages), and the rooms they must not reach. */
  nodeFree: { isEntry(path: string): boolean; rooms: readonly string[] };
  exceptions: readonly KnownException[];
}

function targetName(target: ImportTarget): string {
  return target.kind === 'file' ? target.path : target.name;
}

/** Every cycle (as a path that returns to its start) among `nodes`, one per strongly connected part. */
export function findCycles(nodes: readonly string[], edges: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's strongly connected components, then one shortest loop through each component.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (edges.get(node) ?? []).includes(node)) components.push(component);
    }
  };
  for (const node of nodes) if (!index.has(node)) visit(node);
  return components.map((component) => {
    const start = [...component].sort()[0];
    const path = shortestPath(edges, { start, isGoal: (node) => node === start, within: new Set(component), mustMove: true });
    return path ?? [start, start];
  });
}

interface PathSearch {
  start: string;
  isGoal(node: string): boolean;
  /** Nodes the path may pass through; all when absent. */
  within?: ReadonlySet<string>;
  /** Take at least one step (to find a loop back to `start`). */
  mustMove?: boolean;
}

/** Breadth-first, so the shortest: the path from `start` to the first node `isGoal` accepts. */
function shortestPath(edges: ReadonlyMap<string, readonly string[]>, { start, isGoal, within, mustMove = false }: PathSearch): string[] | undefined {
  if (!mustMove && isGoal(start)) return [start];
  const parent = new Map<string, string>();
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of edges.get(node) ?? []) {
      if (within && !within.has(next)) continue;
      if (isGoal(next)) {
        const path = [next];
        for (let at = node; at !== start; at = parent.get(at)!) path.unshift(at);
        return [start, ...path];
      }
      if (seen.has(next)) continue;
      seen.add(next);
      parent.set(next, node);
      queue.push(next);
    }
  }
  return undefined;
}

/** The plan itself must point one way: rooms that list what they may import must not form a circle. */
function planCycles(plan: HousePlan): string[] {
  const roomEdges = new Map<string, string[]>();
  for (const [room, allowed] of plan.mayImport) if (allowed !== 'anything') roomEdges.set(room, [...allowed]);
  return findCycles([...roomEdges.keys()], roomEdges).map((cycle) => `the house plan lets rooms import each other in a circle: ${cycle.join(' → ')}`);
}

/** Each file's imports against its room's list; fills `fileEdges` (file → imported source files) on the way. */
function layeringViolations(graph: ImportGraph, plan: HousePlan, fileEdges: Map<string, string[]>): string[] {
  const violations: string[] = [];
  const files = new Set(graph.files.map((file) => file.path));
  const usedExceptions = new Set<KnownException>();
  for (const file of graph.files) {
    const room = plan.roomOf({ kind: 'file', path: file.path });
    const allowed = room === undefined ? undefined : plan.mayImport.get(room);
    if (room === undefined || allowed === undefined) {
      violations.push(`${file.path} is in no room of the house plan (room ${room ?? 'none'}); add it to tools/architecture/house-plan.ts`);
    }
    const targets: string[] = [];
    for (const { specifier, target } of file.imports) {
      if (target.kind === 'file' && files.has(target.path)) targets.push(target.path);
      const toRoom = plan.roomOf(target);
      if (room === undefined || allowed === undefined || allowed === 'anything') continue;
      if (toRoom === room || (toRoom !== undefined && allowed.includes(toRoom))) continue;
      const exception = plan.exceptions.find((known) => known.from === file.path && known.to === targetName(target));
      if (exception) {
        usedExceptions.add(exception);
        continue;
      }
      const may = allowed.length === 0 ? 'nothing outside itself' : `only ${allowed.join(', ')}`;
      violations.push(`${file.path} imports '${specifier}' (${toRoom ?? 'outside every room'}): ${room} may import ${may}`);
    }
    fileEdges.set(file.path, targets);
  }
  for (const exception of plan.exceptions) {
    if (!usedExceptions.has(exception)) violations.push(`known exception ${exception.from} → ${exception.to} no longer happens: remove it from the house plan`);
  }
  return violations;
}

/** What the shipped program loads from its entries: nothing test-only, and no Node in the pages. */
function entryViolations(graph: ImportGraph, plan: HousePlan, fileEdges: ReadonlyMap<string, readonly string[]>): string[] {
  const violations: string[] = [];
  const importsNodeOnly = new Set(
    graph.files
      .filter((file) => file.imports.some(({ target }) => plan.nodeFree.rooms.includes(plan.roomOf(target) ?? '')))
      .map((file) => file.path),
  );
  for (const entry of graph.entries) {
    if (!fileEdges.has(entry)) {
      violations.push(`entry ${entry} is not a source file`);
      continue;
    }
    const testOnly = shortestPath(fileEdges, { start: entry, isGoal: (node) => plan.isTestOnly(node) });
    if (testOnly) violations.push(`test-only code is reachable from entry ${entry}: ${testOnly.join(' → ')}`);
    const nodeOnly = plan.nodeFree.isEntry(entry) ? shortestPath(fileEdges, { start: entry, isGoal: (node) => importsNodeOnly.has(node) }) : undefined;
    if (nodeOnly) violations.push(`${entry} runs without Node but reaches ${plan.nodeFree.rooms.join('/')} through ${nodeOnly.join(' → ')}`);
  }
  return violations;
}

/** The rules `graph` breaks under `plan`, one sentence each naming the file and the import; empty when it keeps them all. */
export function findViolations(graph: ImportGraph, plan: HousePlan): string[] {
  const fileEdges = new Map<string, string[]>();
  const layering = layeringViolations(graph, plan, fileEdges);
  const production = graph.files.map((file) => file.path).filter((path) => plan.isProduction(path));
  const productionEdges = new Map(production.map((path) => [path, (fileEdges.get(path) ?? []).filter((to) => plan.isProduction(to))]));
  const cycles = findCycles(production, productionEdges).map((cycle) => `import cycle: ${cycle.join(' → ')}`);
  return [...planCycles(plan), ...layering, ...cycles, ...entryViolations(graph, plan, fileEdges)];
}
