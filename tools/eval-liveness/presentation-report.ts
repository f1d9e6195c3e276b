// The presentation report: metrics.json, one self-contained HTML page (inline CSS, no script,
// no request) with a table per liveness mode, and a plain-text summary for the terminal.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { escapeXml as esc, fixed } from '../report/svg.ts';
import type { PresentationOutcome } from './outcome.ts';
import type { ModeMetrics } from './presentation-metrics.ts';
import type { OwnerEnrolment } from './prepare.ts';
import type { PresentationEvaluation } from './run-presentations.ts';

function pct(rate: number | null): string {
  return rate === null ? 'n/a' : `${fixed(rate * 100, 1)} %`;
}

function seconds(ms: number | null): string {
  return ms === null ? 'n/a' : `${fixed(ms / 1000, 2)} s`;
}

function score(value: number | null): string {
  return value === null ? '–' : value.toPrecision(3);
}

export function outcomeText(o: PresentationOutcome): string {
  return o.unlocked ? `unlocked at ${seconds(o.unlockMs)} (${o.decidedBy})` : `locked (${o.decidedBy})`;
}

export function promptsText(o: PresentationOutcome): string {
  if (o.prompts.length === 0) return '–';
  return o.prompts.map((p) => `${p.prompt}${p.cause ? ` (${p.cause})` : ''} @${fixed(p.atMs / 1000, 1)} s${p.redirected ? ' ↪' : ''}`).join(', ');
}

function refusalsText(o: PresentationOutcome): string {
  const entries = Object.entries(o.refusals);
  return entries.length === 0 ? '–' : entries.map(([code, n]) => `${code} ×${n}`).join(', ');
}

function passiveText(o: PresentationOutcome): string {
  const p = o.passive;
  return p.count === 0 ? '–' : `${score(p.median)} (${p.count}; ${score(p.min)}–${score(p.max)})`;
}

function kindText(o: PresentationOutcome): string {
  return o.kind === 'bonaFide' ? 'bona fide' : `attack: ${o.attackType}`;
}

function modeLine(mode: string, m: ModeMetrics): string {
  const c = m.counts;
  const perAttack = Object.entries(m.perAttack).map(([type, a]) => `${type} ${a.unlocked}/${a.count}`).join(', ');
  return [
    `${mode.padEnd(8)} APCER ${pct(m.apcer)} (${c.attackUnlocked}/${c.attack}, ≤ ${pct(m.apcerUpper95)})`,
    `BPCER ${pct(m.bpcer)} (${c.bonaFide - c.bonaFideUnlocked}/${c.bonaFide}, ≤ ${pct(m.bpcerUpper95)})`,
    `challenged ${pct(m.challengedRate)} (${c.bonaFideChallenged}/${c.bonaFide})`,
    `median unlock ${seconds(m.medianUnlockMs)}`,
    perAttack ? `unlocked per attack: ${perAttack}` : '',
  ].filter(Boolean).join(' · ');
}

/** The per-mode figures, then one line per presentation run. */
export function formatPresentationSummary(e: PresentationEvaluation): string {
  const lines = Object.entries(e.byMode).map(([mode, m]) => modeLine(mode, m!));
  lines.push('', '95 % upper bounds after ≤; a smoke signal on this few presentations, not an accuracy claim.', '');
  const nameWidth = e.presentations.reduce((widest, o) => Math.max(widest, o.name.length), 4);
  for (const o of e.presentations) {
    lines.push(`${o.mode.padEnd(8)} ${o.name.padEnd(nameWidth)} run ${o.run}  passive ${passiveText(o).padEnd(24)} ${outcomeText(o)}  prompts: ${promptsText(o)}`);
  }
  for (const owner of e.owners) lines.push(`owner ${ownerText(owner)}`);
  for (const reason of e.skipped) lines.push(`skipped: ${reason}`);
  return lines.join('\n');
}

function ownerText(o: OwnerEnrolment): string {
  const live = o.liveFromMs > 0 ? `; its live presentation plays from ${seconds(o.liveFromMs)}` : '';
  return `${o.subject}: enrolled from ${o.from} (${o.frames} frames handed to the enrolment)${live}`;
}

function modeSection(mode: string, m: ModeMetrics, outcomes: PresentationOutcome[]): string {
  const rows = outcomes.map((o) => [
    o.name, kindText(o), String(o.run), seconds(o.startOffsetMs), passiveText(o), promptsText(o), refusalsText(o), String(o.framesJudged), outcomeText(o),
  ]);
  const head = ['presentation', 'kind', 'run', 'start', 'passive median (n; min–max)', 'prompts (cause) @time, ↪ obeyed', 'refusals', 'frames', 'outcome'];
  const cells = (r: string[], tag: string) => r.map((c) => `<${tag}>${esc(c)}</${tag}>`).join('');
  return `<h2>${esc(mode)}</h2>
<p>${esc(modeLine(mode, m))}</p>
<table><thead><tr>${cells(head, 'th')}</tr></thead><tbody>
${outcomes.map((o, i) => `<tr class="${o.unlocked === (o.kind === 'bonaFide') ? 'ok' : 'bad'}">${cells(rows[i], 'td')}</tr>`).join('\n')}
</tbody></table>`;
}

export function renderPresentationHtml(e: PresentationEvaluation): string {
  const sections = Object.entries(e.byMode).map(([mode, m]) => modeSection(mode, m!, e.presentations.filter((o) => o.mode === mode)));
  const owners = `<h2>Owners</h2><ul>${e.owners.map((o) => `<li>${esc(ownerText(o))}</li>`).join('')}</ul>`;
  const skipped = e.skipped.length ? `<h2>Skipped</h2><ul>${e.skipped.map((s) => `<li>${esc(s)}</li>`).join('')}</ul>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Face Unlock — liveness by presentation</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1300px;color:#222;padding:0 1rem}
table{border-collapse:collapse;margin:0.5rem 0 1.5rem;font-size:0.9rem}td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
tr.bad td{background:#fdecea}.warn{background:#fff4e5;border-left:4px solid #f28e2b;padding:0.6rem 1rem}
</style></head><body>
<h1>Liveness by presentation</h1>
<p>Each presentation ran through the product's own decision path (renderer detection and crops in Chromium → lockSubmitFrame → FaceVerifier → LivenessGate → LockController) on a simulated clock, at the overlay's frame rate, with a fresh core and the owner enrolled through the enrol handlers. APCER = attack presentations that unlocked; BPCER = bona fide presentations that did not; challenged = bona fide presentations shown a prompt. A bona fide clip obeys a prompt by jumping to where the person makes that move (↪); attacks never obey. Red rows are errors.</p>
<p class="warn">A handful of presentations: a smoke signal, not an accuracy claim (see the 95 % upper bounds).</p>
${sections.join('\n')}
${owners}
${skipped}
</body></html>
`;
}

export async function writePresentationReport(outDir: string, e: PresentationEvaluation): Promise<{ html: string; json: string }> {
  await mkdir(outDir, { recursive: true });
  const html = join(outDir, 'presentations-report.html');
  const json = join(outDir, 'metrics.json');
  await writeFile(html, renderPresentationHtml(e));
  await writeFile(json, `${JSON.stringify(e, null, 2)}\n`);
  return { html, json };
}
