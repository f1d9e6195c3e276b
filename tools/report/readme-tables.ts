// The README's measured tables, rendered from what the tools wrote, never retyped. Each table
// sits between markers in README.md (`<!-- table:NAME -->` … `<!-- /table -->`) and is rendered
// from a snapshot in docs/measured/NAME.json: the part of a tool's output that the table shows,
// with the command that wrote it and when. `npm run readme-tables -- --take <report.json>`
// copies a fresh report's part into its snapshot (eval-liveness per mode, so runs of different
// modes combine) and re-renders README.md; `tools/report/readme-tables.test.ts` fails when the
// README and its snapshots disagree.
import type { CountedRate, ScaleMetrics, ScaleOperatingPoint } from './report-data.ts';
import { farText } from './terminal.ts';

export type TableName = 'at-scale' | 'lock-screen' | 'lock-screen-cold' | 'liveness-modes';

interface Provenance {
  /** The command whose output this is. */
  command: string;
  /** When that output was written (the report's own time stamp, or the file's). */
  writtenIso: string;
}

export interface AtScaleSnapshot extends Provenance {
  atScale: ScaleMetrics;
}

type ColdMilestone = 'domReady' | 'cameraAsked' | 'cameraReady' | 'wasmFetched' | 'detectorLoaded' | 'detectorReady' | 'firstFrameSent' | 'firstFrame' | 'firstMatch' | 'unlockedInMain' | 'unlocked';

export interface LockScreenSnapshot extends Provenance {
  lockScreen: {
    runs: number;
    unlocked: number;
    totalMedianMs: number;
    stagesMedianMs: Record<'cameraReady' | 'firstFrame' | 'firstMatch' | 'decision' | 'overlay', number>;
    floorMs: Record<'total' | 'cameraReady' | 'firstFrame' | 'firstMatch' | 'decision' | 'overlay' | 'cameraStart', number>;
    judgedFramesPerSecond: number;
    judgedFramesPerSecondFloor: number;
    cold: { runs: number; unlocked: number; totalMedianMs: number; milestonesMedianMs: Record<ColdMilestone, number> };
    /** The same page opened while unlocked, no camera: the cold milestones' floors. */
    pageAloneMedianMs: Record<'domReady' | 'wasmFetched' | 'detectorLoaded' | 'detectorReady', number>;
    sustained: { cycles: number; judgedFrames: number };
  };
}

export interface ModeFigures {
  apcer: number;
  bpcer: number;
  apcerUpper95: number;
  medianUnlockMs: number | null;
  counts: { bonaFide: number; bonaFideUnlocked: number; bonaFideChallenged: number; attack: number; attackUnlocked: number };
  perAttack: Record<string, { count: number; unlocked: number }>;
}

export interface LivenessModesSnapshot {
  /** Per mode, its figures and the run they come from. */
  modes: Partial<Record<'standard' | 'strict' | 'off', ModeFigures & Provenance>>;
}

const percent = (rate: number, digits = 2) => `${(rate * 100).toFixed(digits)} %`;
const cosine = (value: number | null) => (value === null ? 'n/a' : value.toFixed(3));
const count = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} M` : n >= 1e4 ? `${Math.round(n / 1e3)} k` : n.toLocaleString('en-GB'));
const ms = (value: number) => Math.round(value).toLocaleString('en-GB').replace(/,/g, ' ');

function frrCell(r: CountedRate): string {
  return r.rate === null ? 'n/a' : `${percent(r.rate)} [${(r.low * 100).toFixed(2)}–${(r.high * 100).toFixed(2)}]`;
}

/** 1.0e-4 [0.92–1.1e-4]: the bounds in the rate's power of ten. */
function farCell(r: CountedRate): string {
  if (r.rate === null) return 'n/a';
  if (r.rate === 0) return `0 [0–${farText(r.high)}] (0 / ${count(r.of)})`;
  // The power of ten the rate reads in (farText rounds 9.99e-5 to 1.0e-4: so do its bounds).
  const power = Number(r.rate.toExponential(1).split('e')[1]);
  const scaled = (value: number) => (value / 10 ** power).toPrecision(2);
  return `${farText(r.rate)} [${scaled(r.low)}–${scaled(r.high)}e${power}] (${r.count} / ${count(r.of)})`;
}

function pointRow(label: string, target: string, p: ScaleOperatingPoint, bold = false): string {
  const b = (text: string) => (bold ? `**${text}**` : text);
  return `| ${label} | ${b(target)} | ${b(cosine(p.thresholdCosine))} | ${frrCell(p.frr)} | ${farCell(p.far)} |`;
}

export function atScaleTable({ atScale: s }: AtScaleSnapshot): string {
  const rows = ['| arm | FAR target | cosine | FRR [95 %] | FAR achieved [95 %] (false accepts / probes) |', '|---|---|---|---|---|'];
  for (const arm of s.arms) {
    arm.atTargets.forEach((p, k) => rows.push(pointRow(k === 0 ? arm.label : '', farText(p.targetFar) + (p.resolved ? '' : ' (unresolved)'), p)));
    rows.push(pointRow('', 'shipped', arm.atProduct, true));
  }
  const c = s.calibrated;
  if (c) {
    rows.push(`| enrol ${s.enrolCount}, the app's per-profile thresholds | ${farText(c.targetFar)} rule | ≥ ${cosine(c.floorThresholdCosine)} | ${frrCell(c.frr)} | ${farCell(c.far)} |`);
  }
  return rows.join('\n');
}

export function lockScreenTable({ lockScreen: l }: LockScreenSnapshot): string {
  const { stagesMedianMs: stage, floorMs: floor } = l;
  return [
    '| stage | ms | floor |',
    '|---|---|---|',
    `| lock → camera ready | ${ms(stage.cameraReady)} | ${ms(floor.cameraReady)} (camera start alone) |`,
    `| camera ready → first frame in main | ${ms(stage.firstFrame)} | ${ms(floor.firstFrame)} |`,
    `| first frame → first match | ${ms(stage.firstMatch)} | ${ms(floor.firstMatch)} |`,
    `| first match → unlocked in main | ${ms(stage.decision)} | ${ms(floor.decision)} (the passive window's early look at the pipeline's pace) |`,
    `| unlocked → overlay says so | ${ms(stage.overlay)} | ${ms(floor.overlay)} |`,
    `| **lock → "Unlocked"** (${l.unlocked} of ${l.runs} unlocked) | **${ms(l.totalMedianMs)}** | ${ms(floor.total)} |`,
    `| cold: open the page → "Unlocked" (page, camera and detector; ${l.cold.unlocked} of ${l.cold.runs}) | ${ms(l.cold.totalMedianMs)} | — (milestones below) |`,
    `| judged frames/s (${l.sustained.cycles} locks on one page, ${count(l.sustained.judgedFrames)} frames) | ${l.judgedFramesPerSecond.toFixed(1)} | ${l.judgedFramesPerSecondFloor.toFixed(1)} |`,
  ].join('\n');
}

export function lockScreenColdTable({ lockScreen: l }: LockScreenSnapshot): string {
  const m = l.cold.milestonesMedianMs;
  const alone = l.pageAloneMedianMs;
  return [
    '| cold milestone | ms | floor |',
    '|---|---|---|',
    `| DOM ready | ${ms(m.domReady)} | ${ms(alone.domReady)} |`,
    `| camera asked for → playing | ${ms(m.cameraAsked)} → ${ms(m.cameraReady)} | ${ms(l.floorMs.cameraStart)} after it is asked for |`,
    `| detector's wasm fetched (compiled as it arrives) | ${ms(m.wasmFetched)} | ${ms(alone.wasmFetched)} |`,
    `| detector loaded (model checked, MediaPipe's graph built) | ${ms(m.detectorLoaded)} | ${ms(alone.detectorLoaded)} |`,
    `| detector warm (first detection done) | ${ms(m.detectorReady)} | ${ms(alone.detectorReady)} |`,
    `| first frame analysed → in main → first match | ${ms(m.firstFrameSent)} → ${ms(m.firstFrame)} → ${ms(m.firstMatch)} | — |`,
    `| unlocked in main → "Unlocked" | ${ms(m.unlockedInMain)} → ${ms(m.unlocked)} | — |`,
  ].join('\n');
}

const MODE_LABELS = { standard: 'Standard (default)', strict: 'Strict', off: 'Off' } as const;

export function livenessModesTable({ modes }: LivenessModesSnapshot): string {
  const rows = ['| mode | attacks unlocked (APCER) | owners refused (BPCER) | owners asked to move | median unlock | run |', '|---|---|---|---|---|---|'];
  for (const mode of ['standard', 'strict', 'off'] as const) {
    const m = modes[mode];
    if (!m) continue;
    const { counts } = m;
    const attacks = Object.entries(m.perAttack).map(([kind, a]) => `${kind} ${a.unlocked}/${a.count}`).join(', ');
    const unlock = m.medianUnlockMs === null ? '—' : `${(m.medianUnlockMs / 1000).toFixed(m.medianUnlockMs < 1000 ? 2 : 1)} s`;
    rows.push(
      `| ${MODE_LABELS[mode]} | ${counts.attackUnlocked} of ${counts.attack}${counts.attackUnlocked < counts.attack ? ` (≤ ${percent(m.apcerUpper95, 1)})` : ''} — ${attacks} | ` +
        `${counts.bonaFide - counts.bonaFideUnlocked} of ${counts.bonaFide} | ${counts.bonaFideChallenged} of ${counts.bonaFide} | ${unlock} | ${m.writtenIso.slice(0, 10)} |`,
    );
  }
  return rows.join('\n');
}

export const RENDERERS: { [N in TableName]: (snapshot: never) => string } = {
  'at-scale': atScaleTable as (snapshot: never) => string,
  'lock-screen': lockScreenTable as (snapshot: never) => string,
  'lock-screen-cold': lockScreenColdTable as (snapshot: never) => string,
  'liveness-modes': livenessModesTable as (snapshot: never) => string,
};

const BLOCK = /<!-- table:([a-z-]+) -->\n([\s\S]*?)<!-- \/table -->/g;

/** The README's table blocks: name → the text between the markers. */
export function readmeBlocks(readme: string): Map<string, string> {
  return new Map([...readme.matchAll(BLOCK)].map((m) => [m[1], m[2]]));
}

/** The README with each named block replaced by its rendering (a note of where it comes from, then the table). */
export function renderReadme(readme: string, render: (name: TableName) => string): string {
  return readme.replace(BLOCK, (_, name: string) => `<!-- table:${name} -->\n${render(name as TableName)}\n<!-- /table -->`);
}

/** The snapshot a table is rendered from (the cold table shares the lock screen's). */
export function snapshotNameOf(name: TableName): string {
  return name === 'lock-screen-cold' ? 'lock-screen' : name;
}

/** One block's text: where it comes from, then the table. */
export function blockText(name: TableName, snapshot: unknown): string {
  const provenance = name === 'liveness-modes'
    ? `<!-- rendered from docs/measured/${name}.json by npm run readme-tables; written by ${[...new Set(Object.values((snapshot as LivenessModesSnapshot).modes).map((m) => m!.command))].join(' and ')} -->`
    : `<!-- rendered from docs/measured/${snapshotNameOf(name)}.json by npm run readme-tables; written by ${(snapshot as Provenance).command} on ${(snapshot as Provenance).writtenIso.slice(0, 10)} -->`;
  return `${provenance}\n${RENDERERS[name](snapshot as never)}`;
}
