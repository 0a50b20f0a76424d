import { GlueClient } from '@aws-sdk/client-glue';
import { GlueHistoryStore } from '../../migrate/glue-history-store';
import { EMPTY_HISTORY, latestEntry, REPEATABLE_RUNS_KEPT, withEntry, type HistoryEntry, type SchemaHistory } from '../../migrate/history';
import { AwsSimulation } from './aws-simulation';

function historyEntry(overrides: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    version: '1',
    description: 'x',
    type: 'versioned',
    script: 'V1__x.sql',
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

describe('Function: withEntry', () => {
  it(`keeps the last ${REPEATABLE_RUNS_KEPT} runs of a repeatable migration and every versioned entry`, () => {
    // Prepare
    let history: SchemaHistory = withEntry(EMPTY_HISTORY, historyEntry(), true);
    const run = (n: number): HistoryEntry => historyEntry({ version: null, type: 'repeatable', script: 'R__views.sql', installedOn: `run-${n}` });

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

  it("refuses a history over Glue's table-parameter limit, naming the table, instead of a failing UpdateTable", async () => {
    // Prepare: ~600 KB of history.
    const entries = Array.from({ length: 300 }, (_, i) => historyEntry({ version: String(i + 1), script: `V${i + 1}__x.sql`, description: 'x'.repeat(2000) }));
    const store = new GlueHistoryStore(new GlueClient({ region: 'us-east-1' }), 'logtel_dev');

    // Act
    const write = store.write({ entries }, null);

    // Assess
    await expect(write).rejects.toThrow(/^logtel_dev\._schema_history: the history is \d+ bytes with 300 entries, over Glue's 512000-byte limit/);
    expect(sim.glueCalls()).toBe(0);
  });
});
