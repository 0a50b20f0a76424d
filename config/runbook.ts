/**
 * The runbook: docs/operations.md has one section per alarm, each opened by an
 * explicit anchor (`<a id="alarm-..."></a>`), so that alarm descriptions (stacks/monitoring)
 * and the local run's report can link to it. __tests__/ops/runbook.test.ts checks that
 * every alarm the stacks create links to a section that exists.
 */
export const RUNBOOK_PATH = 'docs/operations.md';

/** Section of a dataset's declared alarm rule: `alarm-<dataset>-<rule id>`. */
export function datasetAlarmAnchor(dataset: string, ruleId: string): string {
  return `alarm-${dataset}-${ruleId}`;
}

/**
 * Section of a pipeline-health alarm, by its key (`access-logs/iterator-age`,
 * `turbine-telemetry/raw-freshness`, `failure-destination`, `opensearch/cluster-red`):
 * one section per kind, shared by datasets and by raw, processed and search delivery.
 */
export function healthAlarmAnchor(key: string): string {
  const kind = key.includes('/') && !key.startsWith('opensearch/') ? key.slice(key.indexOf('/') + 1) : key;
  const folded = kind
    .replace(/^(raw|processed|search)-delivery-failures$/, 'delivery-failures')
    .replace(/^(raw|processed|search)-freshness$/, 'delivery-freshness');
  return `alarm-${folded.replace(/\//g, '-')}`;
}

/** The sentence an alarm description ends with. */
export function runbookReference(anchor: string): string {
  return `Runbook: ${RUNBOOK_PATH}#${anchor}`;
}

/** An alarm description with its runbook link (CloudWatch allows 1024 characters). */
export function withRunbook(description: string, anchor: string): string {
  return `${description} ${runbookReference(anchor)}`;
}
