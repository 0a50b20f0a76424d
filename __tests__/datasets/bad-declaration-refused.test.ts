import type { AlarmRule, DatasetDeclaration } from '../../datasets/dataset';

/**
 * Proof 2, second half (issue 19): a bad declaration in the registry fails every entry
 * point the same way, at load, with the same one-line message listing every problem,
 * and the project's "refused" exit code (3) where there is a process to exit.
 * The registry module is replaced by one holding a broken access-logs declaration.
 *
 * The CLIs (local, produce, replay, query, capacity, bootstrap:opensearch, `migrate status`) run through the shared error
 * boundary (`runCli`) their `require.main` blocks use (`npm run local` and
 * `npm run migrate -- status`, spawned by hand on a broken declaration, exit 3 with
 * this line). `npm run synth` is spawned in synth-refuses-bad-declaration.test.ts.
 */
type Registry = typeof import('../../datasets/registry');

const EXPECTED =
  'invalid dataset declaration: ' +
  [
    "datasets/access-logs.eventTimeField: field 'client_ip' has type string; expected timestamp",
    'datasets/access-logs.alarms[critical-errors].periodSeconds: 45; expected 10, 30 or a multiple of 60',
  ].join('; ');

function withBrokenRegistry<T>(load: () => T): T {
  let result: T | undefined;
  jest.isolateModules(() => {
    const real = jest.requireActual<Registry>('../../datasets/registry');
    const [accessLogs, ...rest] = real.DATASETS as [DatasetDeclaration, ...DatasetDeclaration[]];
    const broken: DatasetDeclaration = {
      ...accessLogs,
      eventTimeField: 'client_ip',
      alarms: accessLogs.alarms.map((a): AlarmRule => (a.id === 'critical-errors' ? { ...a, periodSeconds: 45 } : a)),
    };
    const DATASETS = [broken, ...rest];
    jest.doMock('../../datasets/registry', () => ({ ...real, DATASETS, findDataset: (name: string) => real.findDataset(name, DATASETS) }));
    result = load();
  });
  jest.dontMock('../../datasets/registry');
  return result as T;
}

function captureStderr(): { text: () => string; restore: () => void } {
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  return { text: () => chunks.join(''), restore: () => spy.mockRestore() };
}

describe('A bad dataset declaration', () => {
  const savedExitCode = process.exitCode;
  afterEach(() => {
    process.exitCode = savedExitCode;
  });

  it('fails synth with the message and exit 3', async () => {
    // Prepare
    const { runSynth, environments } = withBrokenRegistry(() => ({
      runSynth: (jest.requireActual('../../main') as typeof import('../../main')).runSynth,
      environments: (jest.requireActual('../../config/environments') as typeof import('../../config/environments')).ENVIRONMENTS,
    }));
    const stderr = captureStderr();

    // Act
    let code: number;
    try {
      code = await runSynth(environments);
    } finally {
      stderr.restore();
    }

    // Assess
    expect(code).toBe(3);
    expect(stderr.text()).toBe(`synth: ${EXPECTED}\n`);
  });

  it("fails the processor's cold start with the message and the refused code", () => {
    // Prepare
    const env = {
      DATASET: 'access-logs',
      PROCESSED_DELIVERY_STREAM: 'p',
      QUARANTINE_BUCKET: 'q',
      POWERTOOLS_METRICS_NAMESPACE: 'n',
      AWS_REGION: 'eu-west-1',
    };
    const saved = { ...process.env };
    Object.assign(process.env, env);

    // Act
    let error: unknown;
    try {
      withBrokenRegistry(() => jest.requireActual('../../functions/processor/handler'));
    } catch (caught) {
      error = caught;
    } finally {
      process.env = saved;
    }

    // Assess
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(EXPECTED);
    expect((error as { exitCode?: number }).exitCode).toBe(3);
  });

  it("fails the local run's option check with the message and exit 3, before touching the data directory", async () => {
    // Prepare
    const { main, runCli } = withBrokenRegistry(() => ({
      main: (jest.requireActual('../../local/cli') as typeof import('../../local/cli')).main,
      runCli: (jest.requireActual('../../cli/error-boundary') as typeof import('../../cli/error-boundary')).runCli,
    }));
    const stderr: string[] = [];

    // Act
    const code = await runCli('local', () => main(['--data-dir', '/nonexistent/never-created', '--no-queries', '--no-report']), {
      argv: [],
      stderr: { write: (t: string) => stderr.push(t) },
    });

    // Assess
    expect(code).toBe(3);
    expect(stderr.join('')).toBe(`local: ${EXPECTED}\n`);
  });

  it('fails `produce access-logs` with the message and exit 3, before sending a record', async () => {
    // Prepare: an endpoint where nothing listens; before the fix the run tried it 8 times and exited 1.
    const { main, runCli } = withBrokenRegistry(() => ({
      main: (jest.requireActual('../../producers/cli') as typeof import('../../producers/cli')).main,
      runCli: (jest.requireActual('../../cli/error-boundary') as typeof import('../../cli/error-boundary')).runCli,
    }));
    const stderr: string[] = [];

    // Act
    const code = await runCli(
      'produce',
      () => main(['access-logs', '--count', '1', '--endpoint', 'http://127.0.0.1:9', '--max-attempts', '1']),
      {
        argv: [],
        stderr: { write: (t: string) => stderr.push(t) },
      },
    );

    // Assess
    expect(code).toBe(3);
    expect(stderr.join('')).toBe(`produce: ${EXPECTED}\n`);
  });

  it('fails `replay --dry-run` with the message and exit 3 (it said 2, a usage error)', async () => {
    // Prepare
    const { buildProgram, runCli } = withBrokenRegistry(() => ({
      buildProgram: (jest.requireActual('../../replay/cli') as typeof import('../../replay/cli')).buildProgram,
      runCli: (jest.requireActual('../../cli/error-boundary') as typeof import('../../cli/error-boundary')).runCli,
    }));
    const stderr: string[] = [];

    // Act
    const code = await runCli(
      'replay',
      async () => {
        await buildProgram({ exitCode: 0 }).parseAsync(['--env', 'dev', '--from', __dirname, '--dry-run'], { from: 'user' });
      },
      { argv: [], stderr: { write: (t: string) => stderr.push(t) } },
    );

    // Assess
    expect(code).toBe(3);
    expect(stderr.join('')).toBe(`replay: ${EXPECTED}\n`);
  });

  it.each([
    ['capacity', ['--env', 'dev', '--events-per-second', '10']],
    ['bootstrap:opensearch', ['--env', 'dev', '--dry-run']],
  ])('fails `%s` with the message and exit 3 (capacity went on and exited 0, bootstrap said usage, 2)', async (name, argv) => {
    // Prepare
    const { command, runCli } = withBrokenRegistry(() => ({
      command:
        name === 'capacity'
          ? (jest.requireActual('../../capacity/cli') as typeof import('../../capacity/cli')).main
          : (jest.requireActual('../../ops/bootstrap-opensearch') as typeof import('../../ops/bootstrap-opensearch')).run,
      runCli: (jest.requireActual('../../cli/error-boundary') as typeof import('../../cli/error-boundary')).runCli,
    }));
    const stderr: string[] = [];

    // Act
    const code = await runCli(name, async () => void (await command(argv)), { argv: [], stderr: { write: (t: string) => stderr.push(t) } });

    // Assess
    expect(code).toBe(3);
    expect(stderr.join('')).toBe(`${name}: ${EXPECTED}\n`);
  });

  it('fails `query` with the message and exit 3, before looking for the lake (it said usage, 2)', async () => {
    // Prepare
    const { runQuery, runCli } = withBrokenRegistry(() => ({
      runQuery: (jest.requireActual('../../query/run-query') as typeof import('../../query/run-query')).runQuery,
      runCli: (jest.requireActual('../../cli/error-boundary') as typeof import('../../cli/error-boundary')).runCli,
    }));
    const stderr: string[] = [];

    // Act
    const code = await runCli(
      'query',
      async () =>
        void (await runQuery({
          sql: 'SELECT 1',
          source: 'SQL',
          dataDir: '/nonexistent/never-created',
          env: 'dev',
          format: 'json',
          output: { write: () => true, once: () => undefined },
        })),
      { argv: [], stderr: { write: (t: string) => stderr.push(t) } },
    );

    // Assess
    expect(code).toBe(3);
    expect(stderr.join('')).toBe(`query: ${EXPECTED}\n`);
  });

  it('fails `migrate status` with the message and exit 3, before opening an engine', async () => {
    // Prepare
    const { buildProgram, runCli } = withBrokenRegistry(() => ({
      buildProgram: (jest.requireActual('../../migrate/cli') as typeof import('../../migrate/cli')).buildProgram,
      runCli: (jest.requireActual('../../cli/error-boundary') as typeof import('../../cli/error-boundary')).runCli,
    }));
    const stderr: string[] = [];
    let exited: number | undefined;

    // Act
    const code = await runCli(
      'migrate',
      async () => {
        await buildProgram((c) => (exited = c)).parseAsync(['status', '--engine', 'local', '--data-dir', '/nonexistent/never-created'], {
          from: 'user',
        });
      },
      { argv: [], stderr: { write: (t: string) => stderr.push(t) } },
    );

    // Assess
    expect(exited).toBeUndefined();
    expect(code).toBe(3);
    expect(stderr.join('')).toBe(`migrate: ${EXPECTED}\n`);
  });
});
