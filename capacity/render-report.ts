import { fmt, type BreakPoint, type CapacityReport, type QuotaLine } from './capacity-model';

/**
 * The report as text: one table (dataset, stage, quota, load, limit, use), the first
 * quota to break with the load it breaks at, the assumption that breaks first, and the
 * model's statements. Pure: the same report gives the same text.
 */
export function renderReport(report: CapacityReport): string {
  const header = ['dataset', 'stage', 'quota', 'load', 'limit', 'use'];
  const rows = report.lines.map((l) => [
    l.scope,
    l.stage,
    `${l.kind === 'assumption' ? '(assumed) ' : ''}${l.quota}`,
    `${fmt(l.load)} ${l.unit}`,
    `${fmt(l.limit)} ${l.unit}`,
    percent(l),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const align = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i >= 3 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const shards = report.datasets
    .map(
      (d) =>
        `${d.dataset} ${d.shards} shards, concurrency ${d.concurrency}, ${fmt(d.recordsPerInvocation)} records x ${fmt(d.invocationsPerSecond)} invocations/s, ${d.putRecordBatchCallsPerInvocation} PutRecordBatch call(s) each`,
    )
    .join('; ');
  return [
    `capacity of ${report.environment} (${report.region}) at ${fmt(report.eventsPerSecond)} events/s per dataset, ${fmt(report.assumptions.recordBytes)} B per record`,
    `model: ${shards}`,
    '',
    align(header),
    align(widths.map((w) => '-'.repeat(w))),
    ...rows.map(align),
    '',
    `first quota to break: ${describe(report.firstToBreak, report.eventsPerSecond)}`,
    ...(report.lines.some((l) => l.kind === 'assumption')
      ? [`first assumed capacity to run out: ${describe(report.firstAssumptionToBreak, report.eventsPerSecond)}`]
      : []),
    '',
    ...report.notes.map((n) => `- ${n}`),
    '',
  ].join('\n');
}

function percent(l: QuotaLine): string {
  const value = l.utilization * 100;
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)}%${l.utilization > 1 ? ' OVER' : ''}`;
}

function describe(point: BreakPoint | undefined, load: number): string {
  if (point === undefined || point.atEventsPerSecond === undefined) return 'none below the search ceiling';
  const where = `${point.line.scope} ${point.line.stage}: ${point.line.quota} (${fmt(point.line.limit)} ${point.line.unit}, ${point.line.source})`;
  const when = point.atEventsPerSecond <= 1 ? 'over at any load' : `breaks above ${fmt(point.atEventsPerSecond - 1)} events/s per dataset`;
  return `${where}, ${when}${point.atEventsPerSecond <= load ? ' - OVER at this load' : ''}`;
}
