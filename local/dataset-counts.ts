import type { DatasetOutcome } from './run-result';

/** One dataset's counts and conservation check, as the summary and the HTML report show them. */
export function datasetCountsRow(d: DatasetOutcome): Readonly<Record<string, string | number>> {
  return {
    dataset: d.dataset,
    produced: d.produced,
    raw: d.lake.raw,
    processed: d.lake.processed,
    quarantined: d.lake.quarantined,
    failed: d.failed,
    'duplicates (at-least-once)': d.lake.processedRows - d.lake.processed,
    'retried invocations': d.poller.retries,
    'produced = processed + quarantined': d.conserved ? 'ok' : 'FAILED',
  };
}
