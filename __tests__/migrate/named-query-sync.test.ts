import { AthenaClient, BatchGetNamedQueryCommand, ListNamedQueriesCommand } from '@aws-sdk/client-athena';
import { OWNED_MARKER, syncNamedQueries } from '../../migrate/named-query-sync';
import { listSavedQueries, type SavedQuery } from '../../migrate/saved-queries';
import { findEnvironment } from '../../config/environment-lookup';
import { resolveMigrationTarget } from '../../migrate/target';
import { AwsSimulation } from './aws-simulation';

const target = resolveMigrationTarget(findEnvironment('dev'));

function savedQuery(i: number): SavedQuery {
  return {
    name: `q_${String(i).padStart(3, '0')}`,
    description: `Query number ${i}.`,
    sql: `SELECT ${i} FROM \${database}.t`,
    file: `q_${i}.sql`,
  };
}

describe('Function: syncNamedQueries against the simulated Athena', () => {
  let sim: AwsSimulation;
  let clock: number;
  let slept: number;
  const sync = (queries: readonly SavedQuery[], dryRun = false): ReturnType<typeof syncNamedQueries> =>
    syncNamedQueries({
      athena: new AthenaClient({ region: 'us-east-1' }),
      target,
      queries,
      dryRun,
      now: () => clock,
      sleep: async (ms) => {
        slept += ms;
        clock += ms;
      },
    });

  beforeEach(() => {
    sim = new AwsSimulation();
    clock = 0;
    slept = 0;
  });

  afterEach(() => sim.restore());

  it('creates, updates in place, deletes only owned queries, and pages through more than 50', async () => {
    // Prepare: 120 owned queries exist, plus one a person made by hand.
    const initial = Array.from({ length: 120 }, (_, i) => savedQuery(i));
    await sync(initial);
    sim.namedQueries.set('hand-made', {
      NamedQueryId: 'hand-made',
      Name: 'q_005',
      Description: 'mine, do not touch',
      Database: 'logtel_dev',
      QueryString: 'SELECT 42',
      WorkGroup: target.workgroup,
    });
    const desired = [...initial.slice(0, 100).map((q, i) => (i === 7 ? { ...q, sql: 'SELECT 7777' } : q)), savedQuery(500)];
    sim.athena.resetHistory();
    clock = 0;
    slept = 0;

    // Act
    const result = await sync(desired);

    // Assess
    expect(result.created).toEqual(['q_500']);
    expect(result.updated).toEqual(['q_007']);
    expect(result.deleted).toEqual(Array.from({ length: 20 }, (_, i) => savedQuery(100 + i).name));
    expect(result.unchanged).toHaveLength(99);
    expect(sim.namedQueries.get('hand-made')?.QueryString).toBe('SELECT 42');
    const owned = [...sim.namedQueries.values()].filter((q) => (q.Description ?? '').startsWith(OWNED_MARKER));
    expect(owned).toHaveLength(101);
    expect(owned.find((q) => q.Name === 'q_007')?.QueryString).toBe('SELECT 7777');
    expect(owned.find((q) => q.Name === 'q_000')?.QueryString).toBe('SELECT 0 FROM logtel_dev.t');
    // 121 ids: 3 list pages, 3 batch gets of at most 50.
    expect(sim.athenaCalls(ListNamedQueriesCommand)).toBe(3);
    expect(sim.athena.commandCalls(BatchGetNamedQueryCommand).map((c) => c.args[0].input.NamedQueryIds?.length)).toEqual([50, 50, 21]);
    // 3 + 3 + 1 create + 1 update + 20 deletes = 28 calls at 5 per second: at least 27 intervals of 200 ms.
    expect(slept).toBeGreaterThanOrEqual(27 * 200);
  });

  it('retries throttled calls and a dry run changes nothing', async () => {
    // Prepare
    sim.throttle.named = 2;
    const queries = listSavedQueries();

    // Act
    const planned = await sync(queries, true);
    const applied = await sync(queries);
    const again = await sync(queries);

    // Assess
    expect(planned.created).toHaveLength(queries.length);
    expect(applied.created).toEqual(planned.created);
    expect(again).toEqual({ created: [], updated: [], deleted: [], unchanged: queries.map((q) => q.name) });
    expect(sim.namedQueries.size).toBe(queries.length);
  });

  it('re-creates an owned query that someone deleted by hand', async () => {
    // Prepare
    const queries = listSavedQueries();
    await sync(queries);
    const deleted = [...sim.namedQueries.values()].find((q) => q.Name === queries[0].name);
    sim.namedQueries.delete(deleted?.NamedQueryId ?? '');

    // Act
    const result = await sync(queries);

    // Assess
    expect(result.created).toEqual([queries[0].name]);
    expect([...sim.namedQueries.values()].filter((q) => q.Name === queries[0].name)).toHaveLength(1);
  });
});
