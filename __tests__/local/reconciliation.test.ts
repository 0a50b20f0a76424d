import { parseEnvironments } from '../../config/environment';
import { ENVIRONMENTS } from '../../config/environments';
import { reconciliationViewName } from '../../datasets/naming';
import { DATASETS } from '../../datasets/registry';
import { runLocal, type LocalRunResult } from '../../local/run-local';
import { createLocalEngine } from '../../migrate';
import { removeRunDirs, smallRunOptions } from './factories';

const dev = parseEnvironments(
  ENVIRONMENTS,
  DATASETS.map((d) => d.name),
)[0];

interface ReconciliationRow {
  readonly dataset: string;
  readonly day: string;
  readonly raw_records: number;
  readonly processed_records: number;
  readonly quarantined_or_lost: number;
}

describe('Views: <dataset>_reconciliation (by event date), one per dataset', () => {
  let result: LocalRunResult;
  const rowsByDataset = new Map<string, readonly ReconciliationRow[]>();
  beforeAll(async () => {
    if (dev === undefined) throw new Error('no dev environment');
    // A run whose span crosses midnight UTC (23:40 .. 01:10), with 5 malformed records for the quarantine.
    result = await runLocal(
      smallRunOptions({ queries: true, invalidRecords: 5, simulatedMinutes: 90, now: () => Date.UTC(2026, 10, 25, 1, 10) }),
    );
    const engine = await createLocalEngine({ dataDir: result.files.dataDir, env: dev });
    try {
      for (const d of DATASETS) {
        const sql = `SELECT dataset, CAST(event_date AS varchar) AS day, raw_records, processed_records, quarantined_or_lost FROM ${reconciliationViewName(d)} ORDER BY 2`;
        rowsByDataset.set(d.name, (await engine.query(sql)) as unknown as ReconciliationRow[]);
      }
    } finally {
      await engine.close();
    }
  });
  afterAll(removeRunDirs);

  it.each(DATASETS.map((d) => [d.name] as const))(
    '%s: counts raw and processed records on the same event date; the only gap is the quarantine',
    (name) => {
      // Prepare
      const lake = result.datasets.find((d) => d.dataset === name)?.lake;
      const rows = rowsByDataset.get(name) ?? [];

      // Assess: both sides of midnight, and no day where processed exceeds raw.
      expect(lake).toBeDefined();
      expect(rows.map((r) => `${r.dataset} ${r.day}`)).toEqual([`${name} 2026-11-24`, `${name} 2026-11-25`]);
      expect(rows.reduce((n, r) => n + Number(r.raw_records), 0)).toBe(lake?.raw);
      expect(rows.reduce((n, r) => n + Number(r.processed_records), 0)).toBe(lake?.processedRows);
      expect(rows.reduce((n, r) => n + Number(r.quarantined_or_lost), 0)).toBe(lake?.quarantined);
      expect(rows.every((r) => Number(r.quarantined_or_lost) >= 0)).toBe(true);
    },
  );

  it('quarantines only the malformed access-logs records: turbine-telemetry has no gap on either day', () => {
    expect((rowsByDataset.get('turbine-telemetry') ?? []).map((r) => Number(r.quarantined_or_lost))).toEqual([0, 0]);
  });
});
