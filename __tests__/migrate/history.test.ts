import { GetTablesCommand, GlueClient, UpdateTableCommand } from '@aws-sdk/client-glue';
import { HistoryConflictError, MigrateError } from '../../migrate/errors';
import { GlueHistoryStore } from '../../migrate/glue-history-store';
import {
  DESTRUCTIVE_USES_KEPT,
  EMPTY_HISTORY,
  ERROR_MESSAGE_MAX_CHARS,
  EXECUTIONS_KEPT_PER_STATEMENT,
  latestEntry,
  REPEATABLE_RUNS_KEPT,
  withEntry,
  withExecution,
  type HistoryEntry,
  type SchemaHistory,
  type StatementExecution,
} from '../../migrate/history';
import { decodeEntry, decodeHistory, encodeEntry, encodeHistory } from '../../migrate/history-codec';
import { MAX_STATEMENTS_PER_FILE } from '../../migrate/migration-files';
import { AwsSimulation } from './aws-simulation';

function historyEntry(overrides: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    version: '1',
    description: 'x',
    type: 'versioned',
    script: 'V1__x.sql',
    run: 1,
    checksum: 'c'.repeat(64),
    statementChecksums: ['s'.repeat(64)],
    installedBy: 'me@host',
    installedOn: '2024-06-01T00:00:00.000Z',
    executionMs: 5,
    success: true,
    statementsTotal: 1,
    statementsDone: 1,
    attempt: 1,
    executions: [{ statement: 0, attempt: 1, executionId: 'qe-1', state: 'SUCCEEDED' }],
    ...overrides,
  };
}

describe('Functions: decodeHistory, decodeEntry (a tampered history)', () => {
  it.each([
    [{ success: false, statementsDone: -5 }, 'entries.0.statementsDone: Too small'],
    [{ success: false, statementsDone: 3, statementsTotal: 1 }, 'entries.0.statementsDone: statementsDone is above statementsTotal'],
    [{ attempt: 0 }, 'entries.0.attempt: Too small'],
    [
      { executions: [{ statement: -1, attempt: 1, executionId: 'qe-1', state: 'SUCCEEDED' as const }] },
      'entries.0.executions.0.statement: Too small',
    ],
  ])('refuses an entry with %j, naming the field, instead of resuming at a negative or impossible statement', (overrides, message) => {
    // Prepare
    const json = encodeHistory({ entries: [historyEntry(overrides)] });

    // Act
    const decode = (): unknown => decodeHistory(json, 'h.json');
    const decodeOne = (): unknown => decodeEntry(encodeEntry(historyEntry(overrides)), 'entry');

    // Assess
    expect(decode).toThrow(MigrateError);
    expect(decode).toThrow(`h.json: ${message}`);
    expect(decodeOne).toThrow(`entry: ${message.slice('entries.0.'.length)}`);
  });

  it('reads back a sound entry and a baseline entry (0 of 0 statements)', () => {
    // Prepare
    const entries = [
      historyEntry(),
      historyEntry({
        type: 'baseline',
        script: '<< baseline >>',
        statementsTotal: 0,
        statementsDone: 0,
        statementChecksums: [],
        executions: [],
      }),
    ];

    // Act
    const decoded = decodeHistory(encodeHistory({ entries }), 'h.json');

    // Assess
    expect(decoded.entries).toEqual(entries);
  });
});

describe('Function: withEntry', () => {
  it(`keeps the last ${REPEATABLE_RUNS_KEPT} runs of a repeatable migration and every versioned entry`, () => {
    // Prepare
    let history: SchemaHistory = withEntry(EMPTY_HISTORY, historyEntry(), true);
    const run = (n: number): HistoryEntry =>
      historyEntry({ version: null, type: 'repeatable', script: 'R__views.sql', installedOn: `run-${n}` });

    // Act
    for (let n = 1; n <= REPEATABLE_RUNS_KEPT + 5; n += 1) history = withEntry(history, run(n), true);

    // Assess
    expect(history.entries.map((e) => e.installedOn)).toEqual([
      '2024-06-01T00:00:00.000Z',
      ...Array.from({ length: REPEATABLE_RUNS_KEPT }, (_, i) => `run-${i + 6}`),
    ]);
    expect(latestEntry(history, 'R__views.sql')?.installedOn).toBe(`run-${REPEATABLE_RUNS_KEPT + 5}`);
  });
});

describe('Class: GlueHistoryStore', () => {
  let sim: AwsSimulation;

  beforeEach(() => {
    sim = new AwsSimulation();
  });

  afterEach(() => sim.restore());

  const store = (): GlueHistoryStore => new GlueHistoryStore(new GlueClient({ region: 'us-east-1' }), 'logtel_dev');

  it("stores a history far over Glue's 512,000-byte parameter limit, one table per entry, and reads it back in order", async () => {
    // Prepare: 700 migrations of ~1.2 KB each (~840 KB), more than the old one-parameter history could hold.
    const entries = Array.from({ length: 700 }, (_, i) =>
      historyEntry({ version: String(i + 1), script: `V${i + 1}__x.sql`, description: 'x'.repeat(1000) }),
    );
    const writer = store();
    const { version } = await writer.read();

    // Act
    await writer.write({ entries }, version);
    const { history } = await store().read();

    // Assess
    expect(history.entries).toEqual(entries);
    expect(Buffer.byteLength(JSON.stringify(entries))).toBeGreaterThan(512_000);
    expect(sim.glue.commandCalls(GetTablesCommand).length).toBe(1 + 7);
  });

  it('refuses one entry over the limit, naming the file, before any Glue write', async () => {
    // Prepare
    const entries = [historyEntry(), historyEntry({ version: '2', script: 'V2__huge.sql', description: 'x'.repeat(600_000) })];
    const writer = store();
    const { version } = await writer.read();
    const callsBefore = sim.glueCalls();

    // Act
    const write = writer.write({ entries }, version);

    // Assess
    await expect(write).rejects.toThrow(
      /^V2__huge\.sql: its history entry is \d+ bytes, over Glue's 512000-byte limit for a table parameter \(logtel_dev\._schema_history_\w+\); nothing was written$/,
    );
    expect(sim.glueCalls()).toBe(callsBefore);
  });

  it('keeps the worst-case entry of a file of MAX_STATEMENTS_PER_FILE statements under the limit', () => {
    // Prepare: every statement retried far more than the kept executions (Athena execution ids are 36-character UUIDs),
    // a long multi-byte error, long names, every statement allowed as destructive in ten runs.
    let executions: StatementExecution[] = [];
    for (let statement = 0; statement < MAX_STATEMENTS_PER_FILE; statement += 1) {
      for (let attempt = 1; attempt <= 10; attempt += 1) {
        executions = withExecution(executions, {
          statement,
          attempt: 99_999 + attempt,
          executionId: '8d6b5a4e-7c1f-4f0a-9d3b-2e6c1a7b9f00',
          state: 'CANCELLED',
        });
      }
    }
    const entry = historyEntry({
      script: `V99999999999999999__${'d'.repeat(200)}.sql`,
      description: 'd'.repeat(200),
      installedBy: 'u'.repeat(300),
      statementChecksums: Array.from({ length: MAX_STATEMENTS_PER_FILE }, () => 'c'.repeat(64)),
      executions,
      error: {
        statement: 999,
        line: 99_999,
        message: '\u{1F4A5}'.repeat(ERROR_MESSAGE_MAX_CHARS / 2),
        executionId: '8d6b5a4e-7c1f-4f0a-9d3b-2e6c1a7b9f00',
        state: 'FAILED',
      },
      destructiveAllowed: Array.from({ length: DESTRUCTIVE_USES_KEPT }, () => ({
        statements: Array.from({ length: MAX_STATEMENTS_PER_FILE }, (_, i) => i + 1),
        by: 'u'.repeat(300),
        on: '2024-06-01T00:00:00.000Z',
      })),
    });

    // Act
    const bytes = Buffer.byteLength(encodeEntry(entry), 'utf8');

    // Assess
    expect(executions).toHaveLength(MAX_STATEMENTS_PER_FILE * EXECUTIONS_KEPT_PER_STATEMENT);
    expect(bytes).toBeLessThan(512_000);
    expect(bytes).toBeGreaterThan(300_000);
  });

  it('reads a history kept by the old runner in one parameter of _schema_history, and the first write moves it to entry tables', async () => {
    // Prepare: the old layout, with a repeatable run twice (no run numbers then).
    const old = [
      historyEntry(),
      historyEntry({ version: null, type: 'repeatable', script: 'R__views.sql', checksum: 'a'.repeat(64) }),
      historyEntry({ version: '2', script: 'V2__y.sql' }),
      historyEntry({ version: null, type: 'repeatable', script: 'R__views.sql', checksum: 'b'.repeat(64) }),
    ].map(({ run: _run, ...rest }) => rest);
    sim.tables.set('logtel_dev._schema_history', {
      table: {
        Name: '_schema_history',
        TableType: 'EXTERNAL_TABLE',
        Parameters: { classification: 'migrate-metadata', 'migrate.history': JSON.stringify({ entries: old }) },
      },
      version: 41,
      archived: 41,
    });
    const writer = store();

    // Act
    const before = await writer.read();
    const added = historyEntry({ version: '3', script: 'V3__z.sql', run: 1 });
    await writer.write({ entries: [...before.history.entries, added] }, before.version);
    const after = await store().read();

    // Assess
    expect(before.history.entries.map((e) => [e.script, e.run])).toEqual([
      ['V1__x.sql', 1],
      ['R__views.sql', 1],
      ['V2__y.sql', 1],
      ['R__views.sql', 2],
    ]);
    expect(after.history.entries).toEqual([...before.history.entries, added]);
    expect(sim.table('_schema_history')?.Parameters?.['migrate.history']).toBeUndefined();
    expect([...sim.tables.keys()].filter((k) => k.startsWith('logtel_dev._schema_history_'))).toHaveLength(5);
  });

  it('raises a history conflict when another writer changes the entry between the write and its read-back (write id)', async () => {
    // Prepare: a stored entry; a second writer updates it right after our UpdateTable.
    const writer = store();
    const first = await writer.read();
    const written = await writer.write({ entries: [historyEntry({ success: false })] }, first.version);
    sim.afterWrite = (table) => {
      const stored = sim.tables.get(table);
      if (!stored || !table.includes('_schema_history')) return;
      sim.afterWrite = () => undefined;
      sim.tables.set(table, {
        ...stored,
        table: { ...stored.table, Parameters: { ...stored.table.Parameters, 'migrate.write_id': 'someone-else' } },
        version: stored.version + 1,
      });
    };

    // Act
    const write = writer.write({ entries: [historyEntry({ success: true })] }, written);

    // Assess
    await expect(write).rejects.toThrow(HistoryConflictError);
    await expect(writer.write({ entries: [historyEntry({ success: true, executionMs: 9 })] }, written)).rejects.toThrow(
      HistoryConflictError,
    );
  });

  it('writes history and lock with SkipArchive, so no table version is archived', async () => {
    // Prepare
    const writer = store();
    const { version } = await writer.read();

    // Act
    await writer.acquireLock('me@host', 60_000, new Date());
    await writer.acquireLock('me@host', 60_000, new Date());
    const v1 = await writer.write({ entries: [historyEntry({ success: false })] }, version);
    await writer.write({ entries: [historyEntry()] }, v1);
    await writer.releaseLock('me@host');

    // Assess
    const updates = sim.glue.commandCalls(UpdateTableCommand).map((c) => c.args[0].input);
    expect(updates.length).toBe(3);
    expect(updates.every((u) => u.SkipArchive === true)).toBe(true);
    expect([...sim.tables.values()].map((t) => t.archived)).toEqual([0, 0]);
  });
});
