import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { bucketName } from '../../config/resource-names';
import { ENVIRONMENTS } from '../../config/environments';
import { accessLogs } from '../../datasets/access-logs';
import { processedFields } from '../../datasets/naming';
import { turbineTelemetry } from '../../datasets/turbine-telemetry';
import { LocalLake } from '../../local/local-lake';
import { runLocal, type LocalRunResult } from '../../local/run-local';
import { listSavedQueries } from '../../migrate';
import { removeRunDirs, smallRunOptions, startsInside } from './factories';

const dev = ENVIRONMENTS[0];

function windowOf(result: LocalRunResult, scenario: string): { from: string; to: string } {
  const window = result.scenarios.find((w) => w.scenario === scenario);
  if (window === undefined) throw new Error(`no ${scenario} window in the run`);
  return window;
}

describe('Function: runLocal (end to end)', () => {
  let withScenarios: LocalRunResult;
  let baseline: LocalRunResult;

  beforeAll(async () => {
    // Prepare: one run with every scenario, malformed records and the saved queries; one without scenarios.
    withScenarios = await runLocal(
      smallRunOptions({ accessLogScenarios: ['outage', 'spike'], turbineScenarios: ['fault', 'silent'], invalidRecords: 5, queries: true }),
    );
    baseline = await runLocal(smallRunOptions());
  });

  afterAll(removeRunDirs);

  it('conserves records: produced = processed + quarantined, and all of them reach the raw bucket', () => {
    // Assess
    expect(withScenarios.failures).toEqual([]);
    expect(withScenarios.ok).toBe(true);
    for (const d of withScenarios.datasets) {
      expect(d.produced).toBeGreaterThan(100);
      expect(d.lake.processed + d.lake.quarantined).toBe(d.produced);
      expect(d.lake.raw).toBe(d.produced);
      expect(d.failed).toBe(0);
    }
    const logs = withScenarios.datasets.find((d) => d.dataset === accessLogs.name);
    expect(logs?.lake.quarantined).toBe(5);
  });

  it('raises exactly the alerts the scenarios trip, each starting inside its scenario window', () => {
    // Assess: the set of alerts, nothing more (a rule firing elsewhere is a false alarm)
    const fired = withScenarios.alerts.map((a) => `${a.dataset} ${a.ruleId}${a.source !== undefined ? ` ${a.source}` : ''}`).sort();
    expect(fired).toEqual(
      [
        `${accessLogs.name} critical-errors`,
        `${accessLogs.name} usage-spike`,
        `${turbineTelemetry.name} critical-errors`,
        `${turbineTelemetry.name} out-of-range`,
        `${turbineTelemetry.name} silent-turbine WT-003`,
      ].sort(),
    );
    expect(withScenarios.attribution.unexplained).toEqual([]);
    expect(withScenarios.attribution.missed).toEqual([]);
  });

  it.each([
    ['outage', accessLogs.name, 'critical-errors', 60],
    ['spike', accessLogs.name, 'usage-spike', 300],
    ['fault', turbineTelemetry.name, 'critical-errors', 60],
    ['fault', turbineTelemetry.name, 'out-of-range', 300],
    ['silent', turbineTelemetry.name, 'silent-turbine', 60],
  ])('the %s scenario raises %s %s inside its window', (scenario, dataset, ruleId, periodSeconds) => {
    const window = windowOf(withScenarios, scenario);
    const alerts = withScenarios.alerts.filter((a) => a.dataset === dataset && a.ruleId === ruleId);
    expect(alerts).toHaveLength(1);
    expect(startsInside(alerts[0] as { from: string; to: string }, window, periodSeconds)).toBe(true);
  });

  it('reports the peak of the outage at or above the critical-errors threshold', () => {
    const alert = withScenarios.alerts.find((a) => a.dataset === accessLogs.name && a.ruleId === 'critical-errors');
    expect(alert?.peak).toBeGreaterThanOrEqual(20);
  });

  it('raises no alert without scenarios', () => {
    expect(baseline.ok).toBe(true);
    expect(baseline.scenarios).toEqual([]);
    expect(baseline.alerts).toEqual([]);
    expect(baseline.evaluations.length).toBeGreaterThan(0);
  });

  it('writes raw GZIP NDJSON and processed Parquet with exactly the processedFields columns, under dt partitions', async () => {
    // Prepare
    const lake = new LocalLake(withScenarios.files.dataDir);
    const rawKeys = await lake.listKeys(bucketName(dev, 'raw'), `${turbineTelemetry.name}/`);
    const parquetKeys = await lake.listKeys(bucketName(dev, 'processed'), `${accessLogs.name}/`);
    // Assess: keys
    expect(rawKeys.length).toBeGreaterThan(0);
    for (const key of rawKeys)
      expect(key).toMatch(/^turbine-telemetry\/dt=\d{4}-\d{2}-\d{2}\/logtel-dev-turbine-telemetry-raw-1-[\d-]{19}-[0-9a-f-]{36}\.gz$/);
    for (const key of parquetKeys) expect(key).toMatch(/^access-logs\/dt=\d{4}-\d{2}-\d{2}\/.+\.parquet$/);
    // Assess: raw content is the records as produced, one per line
    const firstRaw = gunzipSync(readFileSync(lake.objectPath(bucketName(dev, 'raw'), rawKeys[0] as string))).toString('utf8');
    const line = JSON.parse(firstRaw.split('\n')[0] as string) as Record<string, unknown>;
    expect(Object.keys(line)).toEqual(expect.arrayContaining(['turbine_id', 'reading_time']));
    // Assess: Parquet columns
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const reader = await connection.runAndReadAll(
        `DESCRIBE SELECT * FROM read_parquet('${lake.objectPath(bucketName(dev, 'processed'), parquetKeys[0] as string)}', hive_partitioning = false)`,
      );
      expect(reader.getRowObjectsJson().map((r) => r.column_name)).toEqual(processedFields(accessLogs).map((f) => f.name));
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('applies the migrations and runs every saved query', () => {
    expect(withScenarios.migrationsApplied).toBeGreaterThan(0);
    expect(withScenarios.queries.map((q) => q.name)).toEqual(listSavedQueries().map((q) => q.name));
    expect(withScenarios.queries.filter((q) => q.error !== undefined)).toEqual([]);
  });
});
