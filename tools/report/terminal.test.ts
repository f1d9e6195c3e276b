import assert from 'node:assert/strict';
import { test } from 'node:test';
import { syntheticReportData } from './synthetic-data.ts';
import { createProgressBar, formatSummaryTable } from './terminal.ts';

const data = syntheticReportData({ persons: ['ann', 'bob', 'cy'], perPerson: 3 });

test('the summary table shows rates as aligned percentages', () => {
  const table = formatSummaryTable({ ...data.metrics, auc: 0.9876, eer: 0.0312 });
  assert.match(table, /^AUC +98\.76 %$/m);
  assert.match(table, /^EER +3\.12 % +at cosine 0\.380$/m);
  assert.match(table, /^TAR @ FAR 1e-4 +n\/a$/m);
  assert.match(table, /^FRR @ cosine 0\.800 +82\.00 %/m);
  const lines = table.split('\n').filter((l) => l.includes(' %'));
  const ends = new Set(lines.map((l) => l.indexOf(' %')));
  assert.equal(ends.size, 1, table); // numbers line up on the % sign
});

test('the summary table shows the product threshold and n/a for an unmeasured protocol', () => {
  const unmeasured = formatSummaryTable({
    ...data.metrics,
    protocol: { ...data.metrics.protocol, thresholdCosine: null, frr: null, far: null, frrAtProduct: null, farAtProduct: null },
  });
  assert.match(unmeasured, /^FRR @ cosine n\/a +n\/a +calibrated/m);
  assert.match(unmeasured, /^FRR @ cosine 0\.400 +n\/a +the product default$/m);
  const withProduct = formatSummaryTable({
    ...data.metrics,
    protocol: { ...data.metrics.protocol, productThresholdCosine: 0.4, frrAtProduct: 0.05, farAtProduct: 0.002 },
  });
  assert.match(withProduct, /^FRR @ cosine 0\.400 +5\.00 % +the product default$/m);
  assert.match(withProduct, /^FAR @ cosine 0\.400 +0\.20 %$/m);
});

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 90, write: (text: string) => writes.push(text) } };
}

test('progress bar on a pipe prints one line per tenth, then stops', () => {
  const { writes, stream } = fakeStream(false);
  const bar = createProgressBar({ total: 20, label: 'embedding', stream, now: () => 0 });
  for (let i = 0; i < 20; i++) bar.tick(`photo${i}.jpg`);
  bar.done();
  bar.tick();
  assert.equal(writes.length, 11); // 0 %, 10 %, … 100 %
  assert.ok(writes.every((w) => w.endsWith('\n') && !w.includes('\r')));
  assert.match(writes[10], /^embedding \[#{28}\] 20\/20 100% \(0\.0 s\) photo19\.jpg\n$/);
});

test('progress bar on a terminal redraws one line in place and ends it on done', () => {
  const { writes, stream } = fakeStream(true);
  let nowMs = 0;
  const bar = createProgressBar({ total: 4, label: 'embedding', stream, now: () => nowMs });
  nowMs = 2000;
  bar.tick('bob/a-very-long-file-name-that-does-not-fit-in-ninety-columns.jpg');
  assert.equal(writes.length, 1);
  assert.ok(writes[0].startsWith('\r') && !writes[0].includes('\n'));
  assert.equal(writes[0].length, 90); // \r + 89 columns
  assert.match(writes[0], /1\/4 25% \(2\.0 s, 6 s left\) bob\/a-very-.*…$/); // the file name is cut, not the counts
  bar.done();
  assert.ok(writes[1].endsWith('\n'));
});
