// npm run readme-tables                      re-render README.md's measured tables from docs/measured/
// npm run readme-tables -- --check           exit 1 when README.md and docs/measured/ disagree
// npm run readme-tables -- --take <report.json> --command "<the command that wrote it>"
//                                            copy a report's part into its snapshot, then re-render
// Which snapshot a report feeds is read from its content: eval's metrics.json (atScale),
// bench's bench.json (lockScreen), eval-liveness's metrics.json (byMode, merged per mode).
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { blockText, readmeBlocks, renderReadme, snapshotNameOf, type LivenessModesSnapshot, type TableName } from './report/readme-tables.ts';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const README = join(REPO, 'README.md');
const snapshotPath = (name: string) => join(REPO, 'docs/measured', `${name}.json`);
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

function take(reportPath: string, command: string): TableName {
  const report = readJson(reportPath);
  const writtenIso: string = report.generatedIso ?? statSync(reportPath).mtime.toISOString();
  if (report.atScale) {
    writeFileSync(snapshotPath('at-scale'), `${JSON.stringify({ command, writtenIso, atScale: report.atScale }, null, 2)}\n`);
    return 'at-scale';
  }
  if (report.lockScreen) {
    const { runs, unlocked, totalMedianMs, stagesMedianMs, floorMs, judgedFramesPerSecond, judgedFramesPerSecondFloor, cold, sustained, pageAloneMedianMs } = report.lockScreen;
    const lockScreen = {
      runs, unlocked, totalMedianMs, stagesMedianMs, floorMs, judgedFramesPerSecond, judgedFramesPerSecondFloor, pageAloneMedianMs,
      cold: { runs: cold.runs, unlocked: cold.unlocked, totalMedianMs: cold.totalMedianMs, milestonesMedianMs: cold.milestonesMedianMs },
      sustained: { cycles: sustained.cycles, judgedFrames: sustained.judgedFrames },
    };
    writeFileSync(snapshotPath('lock-screen'), `${JSON.stringify({ command, writtenIso, lockScreen }, null, 2)}\n`);
    return 'lock-screen';
  }
  if (report.byMode) {
    let snapshot: LivenessModesSnapshot = { modes: {} };
    try {
      snapshot = readJson(snapshotPath('liveness-modes'));
    } catch {
      // the first run of any mode starts the snapshot
    }
    for (const [mode, m] of Object.entries(report.byMode) as [keyof LivenessModesSnapshot['modes'], Record<string, unknown>][]) {
      const { apcer, bpcer, apcerUpper95, medianUnlockMs, counts, perAttack } = m as never;
      const attacks = Object.fromEntries(Object.entries(perAttack as Record<string, { count: number; unlocked: number }>).map(([kind, a]) => [kind, { count: a.count, unlocked: a.unlocked }]));
      snapshot.modes[mode] = { command, writtenIso, apcer, bpcer, apcerUpper95, medianUnlockMs, counts, perAttack: attacks };
    }
    writeFileSync(snapshotPath('liveness-modes'), `${JSON.stringify(snapshot, null, 2)}\n`);
    return 'liveness-modes';
  }
  throw new Error(`${reportPath}: not an eval, bench or eval-liveness report`);
}

const args = process.argv.slice(2);
const takeAt = args.indexOf('--take');
if (takeAt >= 0) {
  const commandAt = args.indexOf('--command');
  if (!args[takeAt + 1] || commandAt < 0 || !args[commandAt + 1]) throw new Error('usage: --take <report.json> --command "<command>"');
  console.log(`docs/measured/${take(args[takeAt + 1], args[commandAt + 1])}.json updated`);
}
const readme = readFileSync(README, 'utf8');
const rendered = renderReadme(readme, (name) => blockText(name, readJson(snapshotPath(snapshotNameOf(name)))));
if (args.includes('--check')) {
  const stale = [...readmeBlocks(rendered)].filter(([name, text]) => readmeBlocks(readme).get(name) !== text).map(([name]) => name);
  if (stale.length) {
    console.error(`README.md tables out of date with docs/measured/: ${stale.join(', ')} (run npm run readme-tables)`);
    process.exit(1);
  }
} else if (rendered !== readme) {
  writeFileSync(README, rendered);
  console.log('README.md tables re-rendered');
}
