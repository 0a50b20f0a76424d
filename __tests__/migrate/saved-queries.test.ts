import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accessLogs } from '../../datasets/access-logs';
import { processedFields, rawTableName } from '../../datasets/naming';
import { DATASETS } from '../../datasets/registry';
import { turbineTelemetry } from '../../datasets/turbine-telemetry';
import type { ProcessedRecord } from '../../functions/processor/ports';
import {
  applyMigrations,
  createLocalEngine,
  listSavedQueries,
  processedTableDefinition,
  runSavedQuery,
  type LocalEngine,
} from '../../migrate/index';
import { duckdbType } from '../../migrate/local-dialect';
import { findEnvironment } from '../../config/environment-lookup';
import { generateAccessLogs } from '../../producers/access-log-generator';
import { generateFromSchema } from '../../producers/schema-generator';
import { simulateTurbine } from '../../producers/turbine-simulator';
import { processWithPipeline, writeLakeBatch } from './pipeline-lake';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const env = findEnvironment('dev');

/** Expected columns of every saved query, in order: the shape callers (dashboards, the local run) rely on. */
const EXPECTED_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  access_logs_error_rate_per_minute: ['minute', 'region', 'requests', 'errors', 'error_rate'],
  access_logs_critical_errors_last_hour: [
    'access_time',
    'region',
    'device_type',
    'status_code',
    'error_code',
    'critical_reason',
    'client_ip',
    'request_path',
  ],
  access_logs_top_devices_by_traffic: ['device_type', 'requests', 'bytes_sent', 'users'],
  access_logs_usage_vs_last_week: ['region', 'requests_this_hour', 'requests_same_hour_last_week', 'ratio'],
  access_logs_top_error_ips: ['client_ip', 'errors', 'requests', 'regions'],
  turbine_hourly_averages: [
    'turbine_id',
    'hour',
    'readings',
    'avg_wind_speed_ms',
    'avg_rotor_rpm',
    'avg_power_output_kw',
    'avg_nacelle_temp_c',
    'max_vibration_mm_s',
  ],
  turbine_power_curve_deviation: [
    'turbine_id',
    'wind_bin_ms',
    'readings',
    'avg_power_output_kw',
    'avg_expected_power_kw',
    'avg_deviation_pct',
  ],
  turbine_silent_turbines: ['turbine_id', 'last_reading', 'minutes_silent'],
  turbine_fault_counts: ['turbine_id', 'fault_code', 'faults', 'last_fault'],
};

/**
 * The instants the saved queries run at: the engine reads `current_timestamp` from an
 * injected clock, so "the last hour" and "this hour" are the same for the test and
 * the query, and the moment just before midnight (and the hour boundary) and midnight
 * itself are tested on purpose instead of whenever the suite happens to run.
 */
const CLOCKS: readonly (readonly [string, number])[] = [
  ['23:59:59.9', Date.UTC(2026, 10, 30, 23, 59, 59, 900)],
  ['00:00:00', Date.UTC(2026, 11, 1, 0, 0, 0, 0)],
];

describe.each(CLOCKS)(
  'Saved queries against a lake written by the producers and the processor core, with the clock at %s UTC',
  (_clock, nowMs) => {
    let dataDir: string;
    let engine: LocalEngine;
    let accessRows: ProcessedRecord[];
    let turbineRows: ProcessedRecord[];

    beforeAll(async () => {
      // Prepare: the last hour's traffic with an outage, the same span a week ago, three turbines (one faulting, one silent).
      dataDir = mkdtempSync(join(tmpdir(), 'migrate-queries-'));
      const now = new Date(nowMs);
      // As the producers' default: the hour before now, floored to the minute.
      const start = new Date(Math.floor((nowMs - HOUR) / MINUTE) * MINUTE);
      const current = generateAccessLogs({ seed: 11, count: 400, scenarios: ['outage'], start });
      const lastWeek = generateAccessLogs({ seed: 12, count: 300, start: new Date(current.start.getTime() - 7 * 24 * HOUR) });
      accessRows = [
        ...(await writeLakeBatch(dataDir, env, { dataset: accessLogs, records: current.records, arrival: now }, 'current')),
        ...(await writeLakeBatch(dataDir, env, { dataset: accessLogs, records: lastWeek.records, arrival: lastWeek.end }, 'last-week')),
      ];
      turbineRows = [];
      for (const [turbineId, scenarios] of [
        ['WT-001', ['fault']],
        ['WT-002', ['silent']],
        ['WT-003', []],
      ] as const) {
        const run = simulateTurbine({ turbineId, seed: 5, count: 240, scenarios: [...scenarios], start });
        turbineRows.push(
          ...(await writeLakeBatch(dataDir, env, { dataset: turbineTelemetry, records: run.records, arrival: now }, turbineId)),
        );
      }
      engine = await createLocalEngine({ dataDir, env: 'dev', now: () => nowMs });
      await applyMigrations(engine);
    });

    afterAll(async () => {
      await engine.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('has a header and the expected columns for every saved query, and every one returns rows', async () => {
      // Prepare
      const queries = listSavedQueries();

      // Act
      const results = await Promise.all(queries.map(async (q) => ({ query: q, rows: await runSavedQuery(engine, q.name) })));

      // Assess
      expect(queries.map((q) => q.name).sort()).toEqual(Object.keys(EXPECTED_COLUMNS).sort());
      for (const { query, rows } of results) {
        expect(query.description.length).toBeGreaterThan(20);
        expect({ query: query.name, nonEmpty: rows.length > 0 }).toEqual({ query: query.name, nonEmpty: true });
        expect({ query: query.name, columns: Object.keys(rows[0]) }).toEqual({ query: query.name, columns: EXPECTED_COLUMNS[query.name] });
      }
    });

    it('critical errors in the last hour are exactly the processor-flagged records of that hour', async () => {
      // Prepare
      const expected = accessRows.filter((r) => r.is_critical === true && Date.parse(String(r.access_time)) >= nowMs - HOUR).length;

      // Act
      const rows = await runSavedQuery(engine, 'access_logs_critical_errors_last_hour');

      // Assess
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.length).toBe(expected);
      expect(rows.every((r) => typeof r.critical_reason === 'string' && r.critical_reason.length > 0)).toBe(true);
    });

    it('top error IPs match the error counts of the processed records', async () => {
      // Prepare
      const errorsByIp = new Map<string, number>();
      for (const r of accessRows) {
        if (r.is_error === true && Date.parse(String(r.access_time)) >= nowMs - 24 * HOUR)
          errorsByIp.set(String(r.client_ip), (errorsByIp.get(String(r.client_ip)) ?? 0) + 1);
      }

      // Act
      const rows = await runSavedQuery(engine, 'access_logs_top_error_ips');

      // Assess
      expect(rows[0].errors).toBe(Math.max(...errorsByIp.values()));
      for (const row of rows) expect(row.errors).toBe(errorsByIp.get(String(row.client_ip)));
    });

    it('finds the silent turbine and the faulting turbine', async () => {
      // Act
      const silent = await runSavedQuery(engine, 'turbine_silent_turbines');
      const faults = await runSavedQuery(engine, 'turbine_fault_counts');

      // Assess
      expect(silent.map((r) => r.turbine_id)).toEqual(['WT-002']);
      expect(Number(silent[0].minutes_silent)).toBeGreaterThanOrEqual(5);
      const expectedFaults = turbineRows.filter((r) => r.turbine_id === 'WT-001' && (r.status === 'fault' || r.fault_code !== null)).length;
      expect(faults.filter((r) => r.turbine_id === 'WT-001').reduce((n, r) => n + Number(r.faults), 0)).toBe(expectedFaults);
    });

    it('usage against last week compares the same hour of both weeks', async () => {
      // Prepare
      const hourStart = Math.floor(nowMs / HOUR) * HOUR - HOUR;
      const inWindow = (from: number): number =>
        accessRows.filter((r) => Date.parse(String(r.access_time)) >= from && Date.parse(String(r.access_time)) < from + HOUR).length;

      // Act
      const rows = await runSavedQuery(engine, 'access_logs_usage_vs_last_week');

      // Assess
      expect(rows.reduce((n, r) => n + Number(r.requests_this_hour), 0)).toBe(inWindow(hourStart));
      expect(rows.reduce((n, r) => n + Number(r.requests_same_hour_last_week), 0)).toBe(inWindow(hourStart - 7 * 24 * HOUR));
    });

    describe('schema drift', () => {
      it.each(DATASETS.map((d) => [d.name, d] as const))(
        '%s: the processed table after all migrations has exactly the processor output columns and types',
        async (_name, dataset) => {
          // Prepare
          const definition = processedTableDefinition(dataset, env);
          // A dataset this lake has no rows of (one added by the recipe) gets one from the schema-driven generator; it compared against turbine rows.
          const output =
            dataset === accessLogs
              ? accessRows[0]
              : dataset === turbineTelemetry
                ? turbineRows[0]
                : (
                    await processWithPipeline(
                      dataset,
                      generateFromSchema(dataset, { seed: 1, count: 1, start: new Date(nowMs - MINUTE), simulatedDurationMs: MINUTE })
                        .records,
                      new Date(nowMs),
                    )
                  )[0];

          // Act
          const columns = await engine.describe(definition.name);

          // Assess
          expect(columns).toEqual([
            ...processedFields(dataset).map((f) => ({ name: f.name, type: duckdbType(f.type, f.name) })),
            { name: 'dt', type: 'VARCHAR' },
          ]);
          expect(Object.keys(output)).toEqual(processedFields(dataset).map((f) => f.name));
        },
      );

      it.each(DATASETS.map((d) => [d.name, d] as const))(
        '%s: the raw table after all migrations has exactly the declared fields, timestamps as strings',
        async (_name, dataset) => {
          // Act
          const columns = await engine.describe(rawTableName(dataset));

          // Assess: as a set, because ADD COLUMNS appends evolved fields at the end.
          const byName = (a: { name: string }, b: { name: string }): number => a.name.localeCompare(b.name);
          expect([...columns].sort(byName)).toEqual(
            [
              ...dataset.fields.map((f) => ({ name: f.name, type: f.type === 'timestamp' ? 'VARCHAR' : duckdbType(f.type, f.name) })),
              { name: 'dt', type: 'VARCHAR' },
            ].sort(byName),
          );
        },
      );
    });
  },
);
