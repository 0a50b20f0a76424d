import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { datasetAlarmAnchor, RUNBOOK_PATH } from '../config/runbook';
import { datasetCountsRow } from './dataset-counts';
import { scenarioConcerns } from './scenario-alarms';
import type { LocalRunResult } from './run-result';

/** What the report needs: the run's result (the report path is not known yet). */
export type ReportInput = Omit<LocalRunResult, 'files'> & { readonly files: Omit<LocalRunResult['files'], 'report'> };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** A cell that is a link (the runbook section of an alert). */
interface Link {
  readonly href: string;
  readonly text: string;
}

function isLink(value: unknown): value is Link {
  return typeof value === 'object' && value !== null && 'href' in value && 'text' in value;
}

function cell(value: unknown): string {
  if (isLink(value)) return `<a href="${escapeHtml(value.href)}">${escapeHtml(value.text)}</a>`;
  return escapeHtml(value === null || value === undefined ? 'NULL' : String(value));
}

/** The runbook section of a dataset alarm, as a file URL into this checkout's docs (the report is opened from disk). */
export function runbookLink(dataset: string, ruleId: string): Link {
  const anchor = datasetAlarmAnchor(dataset, ruleId);
  return { href: `${pathToFileURL(join(__dirname, '..', RUNBOOK_PATH)).href}#${anchor}`, text: `${RUNBOOK_PATH}#${anchor}` };
}

function table(rows: readonly Readonly<Record<string, unknown>>[], maxRows = 15): string {
  const first = rows[0];
  if (first === undefined) return '<p class="muted">(no rows)</p>';
  const columns = Object.keys(first);
  const head = columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = rows
    .slice(0, maxRows)
    .map((r) => `<tr>${columns.map((c) => `<td>${cell(r[c])}</td>`).join('')}</tr>`)
    .join('');
  const more = rows.length > maxRows ? `<p class="muted">${rows.length - maxRows} more rows</p>` : '';
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${more}`;
}

/** `outage eu-west`, `silent WT-003`: the scenario and what it hits. */
function scenarioLabel(w: ReportInput['scenarios'][number]): string {
  return [w.scenario, w.region, w.turbineId].filter((x) => x !== undefined).join(' ');
}

/** The data the inline script draws: one chart per evaluated alarm. */
function chartData(input: ReportInput): unknown {
  return {
    span: input.span,
    charts: input.evaluations.map((e) => ({
      title: e.title,
      // Only the scenarios built to trip this alarm: a band on every chart reads as if every alarm should fire.
      scenarios: input.scenarios.filter((w) => scenarioConcerns(w, e)).map((w) => ({ label: scenarioLabel(w), from: w.from, to: w.to })),
      kind: e.rule.kind,
      periodMs: e.periodSeconds * 1000,
      threshold: e.threshold ?? null,
      points: e.periods.map((p) => [p.startMs, p.value, p.band?.lower ?? null, p.band?.upper ?? null, p.breaching ? 1 : 0]),
      alerts: e.alerts.map((a) => [Date.parse(a.from), Date.parse(a.to)]),
    })),
  };
}

/** Draws the charts as inline SVG; no network, no libraries. Kept as plain ES2017 for any browser. */
const SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var NS = 'http://www.w3.org/2000/svg';
  var W = 640, H = 190, L = 56, R = 10, T = 10, B = 26;
  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }
  function fmtTime(ms) { return new Date(ms).toISOString().slice(11, 16); }
  var t0 = Date.parse(data.span.start), t1 = Date.parse(data.span.end);
  var host = document.getElementById('charts');
  data.charts.forEach(function (c, index) {
    var box = document.createElement('figure');
    var cap = document.createElement('figcaption');
    cap.textContent = c.title;
    box.appendChild(cap);
    var svg = el('svg', { viewBox: '0 0 ' + W + ' ' + H, class: 'chart', 'data-chart': String(index), role: 'img' }, box);
    var max = c.threshold === null ? 1 : c.threshold * 1.2;
    c.points.forEach(function (p) { [p[1], p[3]].forEach(function (v) { if (v !== null && v > max) max = v; }); });
    function x(ms) { return L + ((ms - t0) / (t1 - t0)) * (W - L - R); }
    function y(v) { return T + (1 - v / max) * (H - T - B); }
    el('rect', { x: L, y: T, width: W - L - R, height: H - T - B, class: 'plot' }, svg);
    c.scenarios.forEach(function (s) {
      var a = Date.parse(s.from), b = Date.parse(s.to);
      el('rect', { x: x(a), y: T, width: Math.max(1, x(b) - x(a)), height: H - T - B, class: 'scenario' }, svg);
      el('text', { x: x(a) + 2, y: T + 10, class: 'scenario-label' }, svg).textContent = s.label;
    });
    c.alerts.forEach(function (a) {
      el('rect', { x: x(a[0]), y: T, width: Math.max(2, x(a[1]) - x(a[0])), height: H - T - B, class: 'alert' }, svg);
    });
    var band = c.points.filter(function (p) { return p[3] !== null; });
    if (band.length > 1) {
      var up = band.map(function (p) { return x(p[0] + c.periodMs / 2) + ',' + y(p[3]); });
      var low = band.slice().reverse().map(function (p) { return x(p[0] + c.periodMs / 2) + ',' + y(Math.max(0, p[2])); });
      el('polygon', { points: up.concat(low).join(' '), class: 'band' }, svg);
    }
    if (c.threshold !== null) el('line', { x1: L, x2: W - R, y1: y(c.threshold), y2: y(c.threshold), class: 'threshold' }, svg);
    var d = '';
    var pen = false;
    c.points.forEach(function (p) {
      var v = p[1] === null ? 0 : p[1];
      d += (pen ? 'L' : 'M') + x(p[0] + c.periodMs / 2).toFixed(1) + ' ' + y(v).toFixed(1) + ' ';
      pen = true;
    });
    el('path', { d: d || 'M0 0', class: 'series' }, svg);
    c.points.forEach(function (p) {
      if (p[4]) el('circle', { cx: x(p[0] + c.periodMs / 2), cy: y(p[1] === null ? 0 : p[1]), r: 2.5, class: 'breach' }, svg);
    });
    for (var i = 0; i <= 4; i++) {
      var v = (max * i) / 4;
      el('text', { x: L - 4, y: y(v) + 3, class: 'axis', 'text-anchor': 'end' }, svg).textContent = v >= 100 ? Math.round(v) : v.toFixed(1);
      var ms = t0 + ((t1 - t0) * i) / 4;
      // The first and last labels sit on the plot's edges: anchored inward so they are not cut off.
      el('text', { x: x(ms), y: H - 8, class: 'axis', 'text-anchor': i === 0 ? 'start' : i === 4 ? 'end' : 'middle' }, svg).textContent = fmtTime(ms);
    }
    host.appendChild(box);
  });
  document.body.setAttribute('data-charts-ready', String(data.charts.length));
})();
`;

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1d2433; }
h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; }
table { border-collapse: collapse; margin: 8px 0; } th, td { border: 1px solid #d5d9e0; padding: 3px 8px; text-align: left; font-size: 12px; }
th { background: #f1f3f6; } .ok { color: #137333; } .failed { color: #b3261e; font-weight: 600; } .muted { color: #6b7280; }
#charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(460px, 1fr)); gap: 12px; }
figure { margin: 0; border: 1px solid #e3e6eb; padding: 6px; } figcaption { font-size: 12px; margin-bottom: 4px; }
svg.chart { width: 100%; height: auto; } .plot { fill: #fbfcfd; stroke: #e3e6eb; }
.series { fill: none; stroke: #2563eb; stroke-width: 1.5; } .threshold { stroke: #b3261e; stroke-dasharray: 4 3; }
.band { fill: #93c5fd; opacity: .35; } .alert { fill: #fecaca; opacity: .6; } .scenario { fill: #fde68a; opacity: .35; }
.breach { fill: #b3261e; } .axis { font-size: 10px; fill: #6b7280; } .scenario-label { font-size: 10px; fill: #92400e; }
`;

/**
 * A static, self-contained HTML report of a run: the summary and checks, the
 * alerts, one chart per evaluated alarm (metric per period, threshold or band,
 * alert windows in red, scenario windows in yellow), the saved query results and
 * where the files are. Inline CSS and script, no network.
 */
export function renderHtmlReport(input: ReportInput): string {
  const summary = table(input.datasets.map(datasetCountsRow));
  const alerts = table(
    input.attribution.alerts.map(({ alert: a, scenario: s }) => ({
      dataset: a.dataset,
      rule: a.ruleId,
      source: a.source ?? '',
      from: a.from,
      to: a.to,
      peak: a.peak ?? 'no data',
      scenario: s !== undefined ? `${s.scenario} ${s.from} .. ${s.to}` : 'FALSE ALARM',
      runbook: runbookLink(a.dataset, a.ruleId),
    })),
    100,
  );
  const health = table(
    input.health.evaluations.map((e) => ({
      alarm: e.key,
      rule: `${e.rule.statistic}(${e.rule.metric}) per ${e.rule.periodSeconds} s ${e.rule.comparison} ${e.rule.threshold}, ${e.rule.evaluationPeriods} periods`,
      periods: e.periods,
      breaching: e.breachingPeriods,
      alerts: e.alerts.map((a) => `${a.from} .. ${a.to}`).join('; ') || 'none',
    })),
    100,
  );
  const queries = input.queries
    .map(
      (q) =>
        `<h3>${escapeHtml(q.name)}</h3><p class="muted">${escapeHtml(q.description)}</p>${q.error !== undefined ? `<p class="failed">${escapeHtml(q.error)}</p>` : table(q.rows)}`,
    )
    .join('');
  const files = table(Object.entries(input.files.buckets).map(([role, dir]) => ({ bucket: role, directory: dir })));
  // `<` escaped so no value can close the script element.
  const json = JSON.stringify(chartData(input)).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Local data-plane run</title><style>${STYLE}</style></head>
<body>
<h1>Local data-plane run</h1>
<p>Simulated span ${escapeHtml(input.span.start)} .. ${escapeHtml(input.span.end)}.
${input.ok ? '<span class="ok">All checks passed.</span>' : `<span class="failed">Checks failed:</span><ul>${input.failures.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>`}</p>
<h2>Counts</h2>${summary}
<h2>Alerts (${input.alerts.length})</h2>${alerts}
<h2>Pipeline health (${input.health.alerts.length} alerts)</h2><p class="muted">The health alarms of the stack a local run can model (docs/local.md lists the others).</p>${health}
<h2>Alarm metrics</h2><p class="muted">Per period on the simulated clock; red: alert windows, yellow: the window of a scenario built to trip that alarm (labelled), blue area: anomaly band, dashed: threshold (silence: below 1).</p>
<div id="charts"></div>
<h2>Saved queries</h2>${queries || '<p class="muted">not run</p>'}
<h2>Files</h2>${files}
<script type="application/json" id="report-data">${json}</script>
<script>${SCRIPT}</script>
</body></html>
`;
}
