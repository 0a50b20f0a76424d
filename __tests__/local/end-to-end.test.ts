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
import { overlaps, removeRunDirs, smallRunOptions } from './factories';

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

  it('raises the critical-errors alert of access-logs during the outage', () => {
    const outage = windowOf(withScenarios, 'outage');
    const alerts = withScenarios.alerts.filter((a) => a.dataset === accessLogs.name && a.ruleId === 'critical-errors');
    expect(alerts).toHaveLength(1);
    expect(overlaps(alerts[0] as { from: string; to: string }, outage)).toBe(true);
    expect(alerts[0]?.peak).toBeGreaterThanOrEqual(20);
  });

  it('raises the usage-spike alert during the spike', () => {
    const spike = windowOf(withScenarios, 'spike');
    const alerts = withScenarios.alerts.filter((a) => a.ruleId === 'usage-spike' && overlaps(a, spike));
    expect(alerts).toHaveLength(1);
  });

  it('raises the silent-turbine alert for the silent turbine only, and the fault alerts during the fault', () => {
    const silent = withScenarios.alerts.filter((a) => a.ruleId === 'silent-turbine');
    expect(silent.map((a) => a.source)).toEqual(['WT-003']);
    expect(overlaps(silent[0] as { from: string; to: string }, windowOf(withScenarios, 'silent'))).toBe(true);
    const fault = windowOf(withScenarios, 'fault');
    const turbineCritical = withScenarios.alerts.filter((a) => a.dataset === turbineTelemetry.name && a.ruleId === 'critical-errors');
    expect(turbineCritical.length).toBeGreaterThan(0);
    expect(turbineCritical.every((a) => overlaps(a, fault))).toBe(true);
  });

  it('raises no alert without scenarios', () => {
    expect(baseline.ok).toBe(true);
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
    for (const key of rawKeys) expect(key).toMatch(/^turbine-telemetry\/dt=\d{4}-\d{2}-\d{2}\/logtel-dev-turbine-telemetry-raw-1-[\d-]{19}-[0-9a-f-]{36}\.gz$/);
    for (const key of parquetKeys) expect(key).toMatch(/^access-logs\/dt=\d{4}-\d{2}-\d{2}\/.+\.parquet$/);
    // Assess: raw content is the records as produced, one per line
    const firstRaw = gunzipSync(readFileSync(lake.objectPath(bucketName(dev, 'raw'), rawKeys[0] as string))).toString('utf8');
    const line = JSON.parse(firstRaw.split('\n')[0] as string) as Record<string, unknown>;
    expect(Object.keys(line)).toEqual(expect.arrayContaining(['turbine_id', 'reading_time']));
    // Assess: Parquet columns
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const reader = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${lake.objectPath(bucketName(dev, 'processed'), parquetKeys[0] as string)}', hive_partitioning = false)`);
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
