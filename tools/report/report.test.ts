import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { renderHtmlReport, writeReport } from './html-report.ts';
import type { ReportData } from './report-data.ts';
import { syntheticReportData } from './synthetic-data.ts';

const data = syntheticReportData({ persons: ['ann', 'bob', 'cy'], perPerson: 3 });

test('the page holds the metrics, the four figures and the problem table', () => {
  const html = renderHtmlReport(data);
  for (const id of ['similarity', 'pca', 'histogram', 'roc']) {
    assert.match(html, new RegExp(`<figure id="${id}"><h3>[^<]+</h3><div class="svg"><svg `), id);
  }
  assert.equal((html.match(/<figcaption>/g) ?? []).length, 4);
  assert.match(html, /<h2>Problem photos \(2\)<\/h2>/);
  assert.match(html, /<td><code>ann\/group\.jpg<\/code><\/td><td>several faces \(largest used\)<\/td>/);
  assert.match(html, /<td><code>ann\/blank\.jpg<\/code><\/td><td>no face found<\/td>/);
  assert.match(html, new RegExp(`<th scope="row">AUC</th><td>${data.metrics.auc.toFixed(4)}</td>`));
  assert.match(html, /<th scope="row">tutorial<\/th><td>0\.800<\/td><td>82\.0 %<\/td><td>0\.0 %<\/td>/);
  assert.match(html, /<th scope="row">embed<\/th><td>42\.7 ms<\/td>/);
  assert.match(html, /<th scope="row">TAR @ FAR 1e-4<\/th><td>n\/a<\/td>/);
});

test('no problem photos reads "None", never an empty table', () => {
  const html = renderHtmlReport({ ...data, problems: [] });
  assert.match(html, /<h2>Problem photos \(0\)<\/h2>\n<p class="none">None/);
  assert.doesNotMatch(html, /class="problems"/);
});

test('strings from file names and folders are escaped', () => {
  const evil = '<script>alert(1)</script>.jpg';
  const hostile: ReportData = {
    ...data,
    title: '<b>set</b>',
    datasetPath: '/data/"quoted" & <odd>',
    faces: data.faces.map((f, i) => (i === 0 ? { ...f, file: evil, person: 'ann<img src=x>' } : f)),
    problems: [{ file: `bob/${evil}`, kind: 'unreadable', detail: '<svg onload=alert(1)>' }],
  };
  const html = renderHtmlReport(hostile);
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /<img/i);
  assert.doesNotMatch(html, /<svg onload/i);
  assert.doesNotMatch(html, /<b>set/);
  assert.match(html, /bob\/&#60;script&#62;alert\(1\)&#60;\/script&#62;\.jpg/);
  assert.match(html, /&#34;quoted&#34; &#38; &#60;odd&#62;/);
});

test('the page makes no request: only inline data, no scripts, links or remote URLs', () => {
  const html = renderHtmlReport(data);
  for (const [, url] of html.matchAll(/(?:href|src)="([^"]*)"/g)) assert.match(url, /^(data:image\/|#)/);
  assert.doesNotMatch(html, /<script|<link|@import|<iframe|<object/i);
  const urls = html.match(/\w+:\/\/[^\s"')]+/g) ?? [];
  assert.deepEqual([...new Set(urls)], ['http://www.w3.org/2000/svg']); // the SVG namespace, never fetched
  assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
});

test('writeReport writes the page, metrics.json and one SVG per figure', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'report-'));
  try {
    const out = join(dir, 'nested', 'out');
    const written = await writeReport(out, data);
    assert.equal(written.htmlPath, join(out, 'index.html'));
    assert.deepEqual(written.figurePaths, ['similarity', 'pca', 'histogram', 'roc'].map((n) => join(out, `${n}.svg`)));
    const metricsText = await readFile(written.metricsPath, 'utf8');
    assert.deepEqual(JSON.parse(metricsText), data.metrics);
    assert.match(metricsText, /^\{\n {2}"auc": /);
    for (const path of written.figurePaths) {
      const svg = await readFile(path, 'utf8');
      assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" /);
      assert.match(svg, /<\/svg>\n$/);
    }
    assert.equal(await readFile(written.htmlPath, 'utf8'), renderHtmlReport(data));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
