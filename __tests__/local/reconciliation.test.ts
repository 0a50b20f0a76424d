import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnvironments } from '../../config/environment';
import { ENVIRONMENTS } from '../../config/environments';
import { DATASETS } from '../../datasets/registry';
import { runLocal, type LocalRunResult } from '../../local/run-local';
import { createLocalEngine } from '../../migrate';
import { removeRunDirs, smallRunOptions } from './factories';

const dev = parseEnvironments(ENVIRONMENTS, DATASETS.map((d) => d.name))[0];
const VIEW_SQL = readFileSync(join(__dirname, '..', '..', 'sql', 'migrations', 'R__analysis_views.sql'), 'utf8');

describe('View: pipeline_reconciliation (by event date)', () => {
  let result: LocalRunResult;
  beforeAll(async () => {
    // A run whose span crosses midnight UTC (23:40 .. 01:10), with 5 malformed records for the quarantine.
    result = await runLocal(smallRunOptions({ queries: true, invalidRecords: 5, simulatedMinutes: 90, now: () => Date.UTC(2026, 10, 25, 1, 10) }));
  });
  afterAll(removeRunDirs);

  it('counts raw and processed records on the same event date: the only gap is the quarantine', async () => {
    if (dev === undefined) throw new Error('no dev environment');
    const engine = await createLocalEngine({ dataDir: result.files.dataDir, env: dev });
    try {
      const rows = (await engine.query('SELECT dataset, CAST(event_date AS varchar) AS day, raw_records, processed_records, quarantined_or_lost FROM pipeline_reconciliation ORDER BY 1, 2')) as {
        dataset: string;
        day: string;
        raw_records: number;
        processed_records: number;
        quarantined_or_lost: number;
      }[];
      expect(rows.map((r) => `${r.dataset} ${r.day}`)).toEqual(['access-logs 2026-11-24', 'access-logs 2026-11-25', 'turbine-telemetry 2026-11-24', 'turbine-telemetry 2026-11-25']);
      for (const d of result.datasets) {
        const mine = rows.filter((r) => r.dataset === d.dataset);
        expect(mine.reduce((n, r) => n + Number(r.raw_records), 0)).toBe(d.lake.raw);
        expect(mine.reduce((n, r) => n + Number(r.quarantined_or_lost), 0)).toBe(d.lake.quarantined);
      }
      expect(rows.filter((r) => r.dataset === 'turbine-telemetry').every((r) => Number(r.quarantined_or_lost) === 0)).toBe(true);
    } finally {
      await engine.close();
    }
  });

  it('parses raw event times given as ISO-8601 text (any offset) or epoch milliseconds, to the UTC date', async () => {
    if (dev === undefined) throw new Error('no dev environment');
    const expression = /SELECT (CAST\(\(CASE WHEN try_cast\(access_time[^\n]+ AS date\)) AS event_date/.exec(VIEW_SQL)?.[1];
    expect(expression).toBeDefined();
    const engine = await createLocalEngine({ dataDir: result.files.dataDir, env: dev });
    try {
      const values = ['1764547199999', '1764547200000', '2025-11-30T23:59:59.999Z', '2025-12-01T01:30:00+02:00', '2025-12-01T00:00:00Z'];
      const input = values.map((v, i) => `SELECT ${i} AS i, '${v}' AS access_time`).join(' UNION ALL ');
      const sql = `SELECT CAST(${String(expression)} AS varchar) AS day FROM (${input}) AS x ORDER BY i`;
      const rows = (await engine.query(sql)) as { day: string }[];
      expect(rows.map((r) => r.day)).toEqual(['2025-11-30', '2025-12-01', '2025-11-30', '2025-11-30', '2025-12-01']);
    } finally {
      await engine.close();
    }
  });
});
