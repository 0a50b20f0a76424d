import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bucketName } from '../../config/resource-names';
import type { DatasetDeclaration } from '../../datasets/dataset';
import { datasetPrefix, processedTableName, rawTableName, reconciliationViewName, snakeName } from '../../datasets/naming';
import { DATASETS } from '../../datasets/registry';
import { applyMigrations, createLocalEngine, type LocalEngine } from '../../migrate/index';
import { loadMigrations } from '../../migrate/migration-files';
import { MIGRATIONS_DIR } from '../../migrate/saved-queries';
import { findEnvironment } from '../../config/environment-lookup';
import { PLAYER_HEARTBEATS_MIGRATION, playerHeartbeats } from '../fixtures/player-heartbeats';
import { writeLakeBatch } from './pipeline-lake';
import { migrate } from './spawn-migrate';

/**
 * One reconciliation view per dataset, created by that dataset's own migration
 * (issue 19): adding a dataset is one declaration, one registry line, one
 * migration, and no shared view to edit.
 */

const env = findEnvironment('dev');
const CREATE_VIEW = /^CREATE\s+(?:OR\s+REPLACE\s+)?VIEW\s+\$\{database\}\.(\w+)\s+AS\b/i;

interface ViewStatement {
  readonly script: string;
  readonly view: string;
  readonly sql: string;
}

/** Every view the migrations create, with the file that creates it. */
function viewsCreated(dir: string = MIGRATIONS_DIR): ViewStatement[] {
  return loadMigrations(dir).flatMap((file) =>
    file.statements.flatMap((s) => {
      const view = CREATE_VIEW.exec(s.sql)?.[1];
      return view === undefined ? [] : [{ script: file.script, view, sql: s.sql }];
    }),
  );
}

/** Writes raw lines (as the raw Firehose would) for one dataset under one arrival date. */
function writeRawLines(dataDir: string, dataset: DatasetDeclaration, dt: string, lines: readonly string[]): void {
  const dir = join(dataDir, 's3', bucketName(env, 'raw'), datasetPrefix(dataset), `dt=${dt}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'part-0.gz'), gzipSync(lines.join('\n') + '\n'));
}

describe('Reconciliation views: one per dataset', () => {
  it.each(DATASETS.map((d) => [d.name, d] as const))(
    "%s: exactly one migration creates its view; it is the dataset's own and reads only the dataset's tables",
    (_name, dataset) => {
      // Act
      const mine = viewsCreated().filter((v) => v.view === reconciliationViewName(dataset));

      // Assess
      expect(mine).toHaveLength(1);
      const [view] = mine as [ViewStatement];
      expect(view.script).toMatch(new RegExp(`^V[\\d.]+__${snakeName(dataset)}_\\w+\\.sql$`));
      const tables = new Set([...view.sql.matchAll(/\$\{database\}\.(\w+)/g)].map((m) => m[1]));
      tables.delete(reconciliationViewName(dataset));
      expect([...tables].sort()).toEqual([processedTableName(dataset), rawTableName(dataset)].sort());
    },
  );

  it('creates no reconciliation view for a dataset that is not registered, and no combined one', () => {
    // Act
    const views = viewsCreated()
      .map((v) => v.view)
      .filter((v) => v.endsWith('_reconciliation'));

    // Assess
    expect(views.sort()).toEqual(DATASETS.map(reconciliationViewName).sort());
  });

  describe('on the local engine, after every migration', () => {
    let dataDir: string;
    let engine: LocalEngine;

    beforeAll(async () => {
      // Prepare: a lake whose catalog still has the combined view an earlier R__analysis_views.sql created.
      dataDir = mkdtempSync(join(tmpdir(), 'migrate-reconciliation-'));
      engine = await createLocalEngine({ dataDir, env });
      await engine.execute({ sql: 'CREATE VIEW logtel_dev.pipeline_reconciliation AS SELECT 1 AS a', clientRequestToken: 'a'.repeat(64) });
      const values = [
        '"1764547199999"',
        '1764547200000',
        '"2025-11-30T23:59:59.999Z"',
        '"2025-12-01T01:30:00+02:00"',
        '"2025-12-01T00:00:00Z"',
        '"yesterday"',
      ];
      for (const dataset of DATASETS) {
        const lines = values.map((v) => `{"${dataset.eventTimeField}": ${v}}`);
        // A truncated write between the good lines: a row of NULLs (V4), not a failed query.
        writeRawLines(dataDir, dataset, '2025-12-01', [
          ...lines.slice(0, 3),
          `{"${dataset.eventTimeField}": "2025-12-01T0`,
          ...lines.slice(3),
        ]);
      }
      await applyMigrations(engine);
    });

    afterAll(async () => {
      await engine.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('drops the combined pipeline_reconciliation view', async () => {
      // Act
      const read = engine.query('SELECT * FROM pipeline_reconciliation');

      // Assess
      await expect(read).rejects.toThrow(/pipeline_reconciliation/);
    });

    it.each(DATASETS.map((d) => [d.name, d] as const))(
      '%s: counts raw records per UTC event date, from ISO-8601 (any offset) or epoch milliseconds; an unparsable time and a malformed line count under NULL',
      async (_name, dataset) => {
        // Act
        const rows = await engine.query(
          `SELECT dataset, CAST(event_date AS varchar) AS day, raw_records, processed_records, quarantined_or_lost FROM ${reconciliationViewName(dataset)} ORDER BY event_date NULLS LAST`,
        );

        // Assess: 23:59:59.999Z and 01:30+02:00 are Nov 30 in UTC; the arrival date (dt) plays no part.
        expect(rows).toEqual([
          { dataset: dataset.name, day: '2025-11-30', raw_records: 3, processed_records: 0, quarantined_or_lost: 3 },
          { dataset: dataset.name, day: '2025-12-01', raw_records: 2, processed_records: 0, quarantined_or_lost: 2 },
          { dataset: dataset.name, day: null, raw_records: 2, processed_records: 0, quarantined_or_lost: 2 },
        ]);
      },
    );

    it('gives every dataset the same columns, so the views combine with UNION ALL', async () => {
      // Act
      const columns = await Promise.all(DATASETS.map((d) => engine.describe(reconciliationViewName(d))));

      // Assess
      for (const c of columns) {
        expect(c.map((x) => x.name)).toEqual(['dataset', 'event_date', 'raw_records', 'processed_records', 'quarantined_or_lost']);
        expect(c).toEqual(columns[0]);
      }
    });
  });

  describe("the recipe's one migration for a new dataset (docs/architecture.md)", () => {
    const heartbeats = playerHeartbeats;
    let root: string;
    let migrationsDir: string;

    beforeAll(() => {
      root = mkdtempSync(join(tmpdir(), 'migrate-new-dataset-'));
      migrationsDir = join(root, 'migrations');
      cpSync(MIGRATIONS_DIR, migrationsDir, { recursive: true });
      const next =
        Math.max(...loadMigrations(MIGRATIONS_DIR).flatMap((f) => (f.version === null ? [] : [Number(f.version.split('.')[0])]))) + 1;
      writeFileSync(join(migrationsDir, `V${next}__player_heartbeats_raw.sql`), PLAYER_HEARTBEATS_MIGRATION);
    });

    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('is valid Athena SQL (migrate validate, spawned) and gives the dataset its own reconciliation view, and nothing else changes', async () => {
      // Act
      const validate = await migrate(['validate', '--data-dir', join(root, 'validate-lake'), '--migrations-dir', migrationsDir]);
      const views = viewsCreated(migrationsDir).filter((v) => v.view.endsWith('_reconciliation'));

      // Assess
      expect(validate).toMatchObject({ code: 0, stdout: 'valid\n' });
      expect(views.map((v) => v.view).sort()).toEqual([...DATASETS, heartbeats].map(reconciliationViewName).sort());
      expect(views.find((v) => v.view === reconciliationViewName(heartbeats))?.script).toMatch(/^V\d+__player_heartbeats_raw\.sql$/);
    }, 90_000);

    it('applies locally, and counts the records of both sides of midnight on their event date, whatever their arrival date', async () => {
      // Prepare: heartbeats from 23:50 to 00:10 UTC, all arriving after midnight (one arrival date).
      const dataDir = join(root, 'lake');
      const start = Date.UTC(2026, 10, 30, 23, 50);
      const records = Array.from({ length: 40 }, (_, i) => ({
        event_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        beat_time: i % 2 === 0 ? new Date(start + i * 30_000).toISOString() : start + i * 30_000,
        player_id: `p-${i % 3}`,
        screen: 'tv',
        buffer_ms: 500 * i,
      }));
      await writeLakeBatch(dataDir, env, { dataset: heartbeats, records, arrival: new Date(Date.UTC(2026, 11, 1, 0, 15)) }, 'batch-1');
      const engine = await createLocalEngine({ dataDir, env, datasets: [...DATASETS, heartbeats] });

      // Act
      let rows: unknown;
      try {
        await applyMigrations(engine, { migrationsDir });
        rows = await engine.query(
          `SELECT CAST(event_date AS varchar) AS day, raw_records, processed_records, quarantined_or_lost FROM ${reconciliationViewName(heartbeats)} ORDER BY 1`,
        );
      } finally {
        await engine.close();
      }

      // Assess: 23:50..23:59:30 is 20 records on Nov 30, 00:00..00:09:30 is 20 on Dec 1.
      expect(rows).toEqual([
        { day: '2026-11-30', raw_records: 20, processed_records: 20, quarantined_or_lost: 0 },
        { day: '2026-12-01', raw_records: 20, processed_records: 20, quarantined_or_lost: 0 },
      ]);
    });
  });
});
