import { Testing } from 'cdktf';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findEnvironment } from '../../config/environment-lookup';
import { processorFunctionName } from '../../config/resource-names';
import { runLocal, type LocalRunResult } from '../../local/run-local';
import { createLocalEngine } from '../../migrate';
import { invalidMutation } from '../../producers/invalid-records';
import { removeRunDirs, smallRunOptions } from '../local/factories';
import { processedFields } from '../../datasets/naming';
import { validateDatasets } from '../../datasets/validate-dataset';
import { EmfEmitter } from '../../functions/processor/emf-emitter';
import { lineText } from '../../functions/processor/line-arena';
import type { OutboundRecord, QuarantineEntry } from '../../functions/processor/ports';
import { compileDataset } from '../../functions/processor/compile-dataset';
import { processRecords } from '../../functions/processor/process-records';
import { inputRecord, jsonB64, metricSum } from '../processor/factories';
import { DATASETS } from '../../datasets/registry';
import { PipelineStack } from '../../stacks/pipeline-stack';
import { environment, fixtureBundle, resourcesOf } from './factories';
import { PLAYER_HEARTBEATS_MIGRATION, playerHeartbeats } from '../fixtures/player-heartbeats';

const NOW_MS = Date.UTC(2026, 10, 24, 10, 0, 0);

describe('Dataset declarations', () => {
  it('need nothing but a declaration for a third dataset to get its whole pipeline', () => {
    // Prepare
    const datasets = [...DATASETS, playerHeartbeats];

    // Act
    const stack = new PipelineStack(Testing.app(), 'pipeline-dev', { env: environment('dev'), datasets, processorBundle: fixtureBundle() });
    const names = (type: string): unknown[] => Object.values(resourcesOf(stack, type)).map((r) => r.name ?? r.function_name);

    // Assess
    expect(names('aws_kinesis_stream')).toContain('logtel-dev-player-heartbeats');
    expect(names('aws_kinesis_firehose_delivery_stream')).toEqual(
      expect.arrayContaining(['logtel-dev-player-heartbeats-raw', 'logtel-dev-player-heartbeats-processed']),
    );
    expect(names('aws_glue_catalog_table')).toContain('player_heartbeats_processed');
    expect(names('aws_lambda_function')).toContain('logtel-dev-player-heartbeats-processor');
    const mappings = Object.values(resourcesOf(stack, 'aws_lambda_event_source_mapping'));
    expect(mappings).toHaveLength(datasets.length);
    const rules = Object.values(resourcesOf(stack, 'aws_s3_bucket_lifecycle_configuration')).flatMap((l) => l.rule as { id: string }[]);
    expect(rules.map((r) => r.id)).toEqual(
      expect.arrayContaining(['player-heartbeats-archive', 'player-heartbeats-expire', 'player-heartbeats-invalid-expire']),
    );
  });

  it('validates at load, and synth derives its alarm and dashboard widgets', () => {
    // Prepare
    const datasets = validateDatasets([...DATASETS, playerHeartbeats]);

    // Act
    const stack = new PipelineStack(Testing.app(), 'pipeline-dev', { env: environment('dev'), datasets, processorBundle: fixtureBundle() });

    // Assess
    const alarms = Object.values(resourcesOf(stack, 'aws_cloudwatch_metric_alarm'));
    const starving = alarms.find((a) => a.alarm_name === 'logtel-dev-player-heartbeats-starving-players');
    expect(starving).toMatchObject({
      metric_name: 'CriticalErrors',
      period: 300,
      threshold: 50,
      dimensions: { Dataset: 'player-heartbeats' },
    });
    const dashboards = Object.values(resourcesOf(stack, 'aws_cloudwatch_dashboard')).map((d) => String(d.dashboard_body));
    expect(dashboards.some((body) => body.includes('player-heartbeats'))).toBe(true);
  });

  it('is validated, normalized, enriched and metered by the generic processor', async () => {
    // Prepare: one TV player starving, one unknown screen, one out of bounds, one without an event id.
    const beat = (over: Record<string, unknown>): Record<string, unknown> => ({
      event_id: '6F1C7A52-9B8E-4C3D-A1F0-123456789ABC',
      beat_time: new Date(NOW_MS - 1000).toISOString(),
      player_id: 'p-1',
      screen: 'tv',
      buffer_ms: 500,
      ...over,
    });
    const inputs = [beat({}), beat({ screen: 'fridge', buffer_ms: 4000, event_id: undefined }), beat({ buffer_ms: -1 })];
    const delivered: OutboundRecord[] = [];
    const quarantined: QuarantineEntry[] = [];
    const emf: string[] = [];

    // Act
    const result = await processRecords(
      inputs.map((r) => inputRecord(jsonB64(r))),
      {
        compiled: compileDataset(playerHeartbeats),
        processedSink: { deliver: async (records) => (delivered.push(...records), { undelivered: [] }) },
        quarantineSink: { quarantine: async (entries) => (quarantined.push(...entries), { undelivered: [] }) },
        metrics: new EmfEmitter({ namespace: 'LogTelemetryPipeline/dev', output: (line) => emf.push(line), now: () => NOW_MS }),
        clock: { now: () => NOW_MS },
      },
    );
    const rows = delivered.map((d) => JSON.parse(lineText(d)) as Record<string, unknown>);

    // Assess
    expect(result.valid).toBe(2);
    expect(quarantined.map((q) => q.reason)).toEqual(["field 'buffer_ms': must be >= 0, got -1"]);
    expect(rows.map((r) => Object.keys(r))).toEqual([0, 1].map(() => processedFields(playerHeartbeats).map((f) => f.name)));
    expect(rows[0]).toMatchObject({
      event_id: '6f1c7a52-9b8e-4c3d-a1f0-123456789abc',
      screen: 'tv',
      is_starving: true,
      is_critical: true,
      critical_reason: 'tv player starving',
    });
    expect(rows[1]).toMatchObject({ screen: 'other', is_starving: false, is_critical: false });
    expect(String(rows[1]?.event_id)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(metricSum(emf, 'Readings')).toBe(2);
    expect(metricSum(emf, 'Readings', { DeviceType: 'other' })).toBe(1);
    expect(metricSum(emf, 'LatencyMs')).toBe(500);
    expect(metricSum(emf, 'CriticalErrors')).toBe(1);
  });
});

const REAL_MIGRATIONS = join(__dirname, '..', '..', 'sql', 'migrations');

/**
 * A migrations folder holding the repository's migrations plus the third dataset's
 * one migration (raw table and reconciliation view), numbered after the highest real version (so it stays last
 * whatever migrations are added to sql/migrations).
 */
function migrationsWithThirdDataset(): { dir: string; files: number } {
  const dir = mkdtempSync(join(tmpdir(), 'third-dataset-migrations-'));
  const real = readdirSync(REAL_MIGRATIONS).filter((f) => f.endsWith('.sql'));
  for (const file of real) copyFileSync(join(REAL_MIGRATIONS, file), join(dir, file));
  const highest = Math.max(...real.map((f) => Number(/^V(\d+)__/.exec(f)?.[1] ?? 0)));
  writeFileSync(join(dir, `V${highest + 1}__player_heartbeats_raw.sql`), PLAYER_HEARTBEATS_MIGRATION);
  return { dir, files: real.length + 1 };
}

describe('A third dataset in the local run', () => {
  const HEARTBEATS = 240;
  const INVALID = 4;
  const printed: string[] = [];
  let migrations: { dir: string; files: number };
  let result: LocalRunResult;

  beforeAll(async () => {
    // Prepare: the registry's datasets plus the in-memory declaration, which has no hand-written generator.
    migrations = migrationsWithThirdDataset();

    // Act
    result = await runLocal(
      smallRunOptions({
        datasets: [...DATASETS, playerHeartbeats],
        count: 300,
        readingsPerTurbine: 60,
        schemaRecords: HEARTBEATS,
        invalidRecords: INVALID,
        simulatedMinutes: 60,
        queries: true,
        report: true,
        migrationsDir: migrations.dir,
        print: (text) => printed.push(text),
      }),
    );
  }, 180_000);

  afterAll(() => {
    removeRunDirs();
    rmSync(migrations.dir, { recursive: true, force: true });
  });

  it('produces it with the schema-driven generator and conserves every record, the derived malformed ones in the quarantine', () => {
    // Assess
    expect(result.failures).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.datasets.map((d) => d.dataset)).toEqual([...DATASETS.map((d) => d.name), 'player-heartbeats']);
    const heartbeats = result.datasets.find((d) => d.dataset === playerHeartbeats.name);
    expect(heartbeats).toMatchObject({ produced: HEARTBEATS + INVALID, produceFailed: 0, failed: 0, conserved: true, rawComplete: true });
    expect(heartbeats?.lake).toMatchObject({ raw: HEARTBEATS + INVALID, processed: HEARTBEATS, quarantined: INVALID });
    const quarantine = readdirSync(join(result.files.buckets.quarantine ?? '', 'invalid', playerHeartbeats.name), {
      recursive: true,
      withFileTypes: true,
    })
      .filter((e) => e.isFile())
      .flatMap((e) =>
        readFileSync(join(e.parentPath, e.name), 'utf8')
          .split('\n')
          .filter((l) => l !== ''),
      )
      .map((l) => (JSON.parse(l) as { reason: string }).reason);
    expect(invalidMutation(playerHeartbeats).field).toBe('buffer_ms');
    expect(quarantine).toEqual(Array.from({ length: INVALID }, () => "field 'buffer_ms': must be <= 600000, got 999999"));
  });

  it("processes it into its processed table, and its own migration's raw table and reconciliation view read the lake", async () => {
    // Prepare
    const engine = await createLocalEngine({
      dataDir: result.files.dataDir,
      env: findEnvironment('dev'),
      datasets: [...DATASETS, playerHeartbeats],
    });

    // Act
    let processed: Record<string, unknown>[];
    let raw: Record<string, unknown>[];
    let reconciled: Record<string, unknown>[];
    try {
      processed = await engine.query(
        'SELECT count(*) AS n, count(DISTINCT player_id) AS players, count_if(is_critical) AS critical, min(buffer_ms) AS lo, max(buffer_ms) AS hi FROM player_heartbeats_processed',
      );
      raw = await engine.query('SELECT count(*) AS n, count_if(buffer_ms > 600000) AS out_of_bounds FROM player_heartbeats_raw');
      reconciled = await engine.query(
        'SELECT sum(raw_records) AS raw, sum(processed_records) AS processed, sum(quarantined_or_lost) AS gap FROM player_heartbeats_reconciliation',
      );
    } finally {
      await engine.close();
    }

    // Assess
    expect(result.migrationsApplied).toBe(migrations.files);
    expect(Number(processed[0]?.n)).toBe(HEARTBEATS);
    expect(Number(processed[0]?.lo)).toBeGreaterThanOrEqual(0);
    expect(Number(processed[0]?.hi)).toBeLessThanOrEqual(600_000);
    expect(Number(processed[0]?.players)).toBeGreaterThan(1);
    expect([Number(raw[0]?.n), Number(raw[0]?.out_of_bounds)]).toEqual([HEARTBEATS + INVALID, INVALID]);
    // Its own migration's view reconciles it: the gap is exactly the quarantine.
    expect([reconciled[0]?.raw, reconciled[0]?.processed, reconciled[0]?.gap].map(Number)).toEqual([
      HEARTBEATS + INVALID,
      HEARTBEATS,
      INVALID,
    ]);
  });

  it('meters it: the EMF the processor wrote counts its valid and invalid records, and its alarm is evaluated', () => {
    // Prepare
    const emfFile = join(result.files.dataDir, 'logs', `${processorFunctionName(findEnvironment('dev'), playerHeartbeats)}.emf.ndjson`);

    // Act
    const emf = readFileSync(emfFile, 'utf8')
      .split('\n')
      .filter((l) => l !== '');

    // Assess
    expect(metricSum(emf, 'RecordsValid')).toBe(HEARTBEATS);
    expect(metricSum(emf, 'RecordsInvalid')).toBe(INVALID);
    expect(metricSum(emf, 'Readings')).toBe(HEARTBEATS);
    expect(metricSum(emf, 'Readings', { DeviceType: 'tv' }) + metricSum(emf, 'Readings', { DeviceType: 'phone' })).toBe(HEARTBEATS);
    const evaluation = result.evaluations.find((e) => e.dataset === playerHeartbeats.name);
    expect(evaluation?.rule.id).toBe('starving-players');
    expect(result.health.evaluations.map((e) => e.key)).toEqual(
      expect.arrayContaining(['player-heartbeats/iterator-age', 'player-heartbeats/lambda-errors']),
    );
  });

  it('reports it: the summary and the HTML report name it with its counts', () => {
    // Act
    const summary = printed.join('');
    const report = readFileSync(result.files.report ?? '', 'utf8');

    // Assess
    // The counts table: dataset | produced | raw | processed | quarantined | ...
    expect(summary).toMatch(
      new RegExp(`player-heartbeats *\\| *${HEARTBEATS + INVALID} *\\| *${HEARTBEATS + INVALID} *\\| *${HEARTBEATS} *\\| *${INVALID} *\\|`),
    );
    expect(report).toContain('player-heartbeats');
    expect(report).toContain('starving-players');
  });
});
