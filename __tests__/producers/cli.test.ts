import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { runCli } from '../../cli/error-boundary';
import { ExitCode } from '../../cli/exit-codes';
import { accessLogs } from '../../datasets/access-logs';
import { realDurationMs, resolveTarget, simulatedSpanMs } from '../../producers/cli-options';
import {
  InvalidPartitionKeyError,
  InvalidProducerOptionError,
  ProducerError,
  RecordTooLargeError,
  SenderClosedError,
  StreamUnavailableError,
  TurbineAppError,
} from '../../producers/errors';
import { readStream } from '../../producers/local-kinesis';
import { recordShapeProblems } from '../../producers/record-shape';
import { parseScenarioList, ACCESS_LOG_SCENARIOS } from '../../producers/scenarios';
import { startHarness, type KinesisHarness } from './support/kinesis-harness';
import { startSilentServer } from '../aws/silent-server';
import { BROKEN_ENVIRONMENTS_MESSAGE, withBrokenEnvironments } from '../support/broken-environments';
import { ROOT, spawnTsx, type SpawnOutcome } from '../support/spawn-command';

/** Runs `npm run produce -- <args>` the way npm does (tsx), without npm's startup cost. */
const produce = (args: readonly string[]): Promise<SpawnOutcome> => spawnTsx('producers/cli.ts', args, { timeoutMs: 30_000 });

describe('CLI options', () => {
  it('defaults the stream and region from the environment config', () => {
    // Act
    const target = resolveTarget({ env: 'dev' }, accessLogs);

    // Assess
    expect(target).toEqual({ streamName: 'logtel-dev-access-logs', region: 'us-east-1' });
    expect(resolveTarget({ env: 'prod', stream: 's', region: 'eu-west-1', endpoint: 'http://127.0.0.1:1' }, accessLogs)).toEqual({
      streamName: 's',
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:1',
    });
    expect(() => resolveTarget({ env: 'qa' }, accessLogs)).toThrow("--env: unknown environment 'qa'; expected one of dev, prod");
  });

  it('refuses an invalid config/environments.ts with its config error (exit 3), as every --env command does (it used the raw input)', () => {
    // Prepare: dev's account id broken in the committed environments.
    const resolve = withBrokenEnvironments(
      () => (jest.requireActual('../../producers/cli-options') as typeof import('../../producers/cli-options')).resolveTarget,
    );

    // Act
    const act = () => resolve({ env: 'dev' }, accessLogs);

    // Assess
    expect(act).toThrow(expect.objectContaining({ exitCode: 3, message: BROKEN_ENVIRONMENTS_MESSAGE }));
  });

  it('paces over --duration, sends --count alone at full speed, and rejects unknown scenarios by name', () => {
    // Assess
    expect(realDurationMs({ duration: 30 }, 60)).toBe(30_000);
    expect(realDurationMs({ count: 10 }, 60)).toBe(0);
    expect(realDurationMs({}, 60)).toBe(60_000);
    expect(simulatedSpanMs({ simulatedMinutes: 60 }, 60_000, 2)).toBe(3_600_000);
    expect(() => simulatedSpanMs({ simulatedMinutes: 1 }, 120_000, 0)).toThrow(
      '--simulated-minutes: got 1; expected at least the run time (2 minutes), or event times would lie in the future',
    );
    expect(() => simulatedSpanMs({ simulatedMinutes: 20 }, 60_000, 1)).toThrow('--simulated-minutes: got 20; scenarios need at least 30');
    expect(parseScenarioList('spike, outage,spike', ACCESS_LOG_SCENARIOS, '--scenario')).toEqual(['spike', 'outage']);
    expect(() => parseScenarioList('outage,meteor', ACCESS_LOG_SCENARIOS, '--scenario')).toThrow(
      "--scenario: unknown scenario 'meteor'; expected a comma-separated list of: outage, spike",
    );
  });
});

describe('Producer errors at the CLI error boundary', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it.each([
    ['option', new InvalidProducerOptionError('--rate', 'got 0; expected a positive number'), ExitCode.Usage],
    ['turbine app', new TurbineAppError('WT-002', 'worker exited with code 1 before reporting its totals'), ExitCode.Failure],
    [
      'unavailable stream',
      new StreamUnavailableError(
        { streamName: 's', planned: 1200, totals: { added: 500, sent: 0, failed: 500 } },
        { errorCode: 'ECONNREFUSED', errorMessage: 'connect ECONNREFUSED 127.0.0.1:9', attempts: 8 },
      ),
      ExitCode.Failure,
    ],
    ['record too large', new RecordTooLargeError('r1', 2_000_000, 1_048_576), ExitCode.Failure],
    ['partition key', new InvalidPartitionKeyError('r1', ''), ExitCode.Failure],
    ['closed sender', new SenderClosedError(), ExitCode.Failure],
    ['any other', new ProducerError("stream 'x' did not become ACTIVE within 5 s"), ExitCode.Failure],
  ])(
    'a %s error carries its exit code and ends `produce` with its message as one line (no name, no --verbose hint)',
    async (_kind, error, code) => {
      // Prepare
      const stderr: string[] = [];

      // Act
      const exit = await runCli('produce', () => Promise.reject(error), { argv: [], stderr: { write: (t: string) => stderr.push(t) } });

      // Assess
      expect(error.exitCode).toBe(code);
      expect(error.name).toBe(error.constructor.name);
      expect(exit).toBe(code);
      expect(stderr.join('')).toBe(`produce: ${error.message}\n`);
      expect(error.message).not.toContain('\n');
    },
  );
});

describe('CLI: npm run produce -- access-logs (against kinesalite)', () => {
  let harness: KinesisHarness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  it('sends the generated records with the outage and prints honest totals and the window', async () => {
    // Prepare
    const streamName = await harness.newStream(4);

    // Act
    const result = await produce([
      'access-logs',
      '--stream',
      streamName,
      '--endpoint',
      harness.kinesis.endpoint,
      '--count',
      '3000',
      '--scenario',
      'outage',
      '--seed',
      '7',
    ]);
    const read = await readStream(harness.admin, streamName);

    // Assess
    expect(result.code).toBe(0);
    const generated = Number(/planned (\d+), sent (\d+), retried 0, failed 0/.exec(result.stdout)?.[1]);
    expect(generated).toBe(3000 + 5 * 30);
    expect(result.stdout).toMatch(/scenario outage region=eu-west from \S+ to \S+/);
    expect(read).toHaveLength(generated);
    const records = read.map((r) => JSON.parse(r.data) as { event_id: string; access_time: string });
    expect(read.every((r, i) => r.partitionKey === records[i].event_id)).toBe(true);
    expect(new Set(read.map((r) => r.shardId)).size).toBe(4);
    for (const r of records.slice(0, 200)) expect(recordShapeProblems(accessLogs, r)).toEqual([]);
    expect(records.every((r) => Date.parse(r.access_time) <= Date.now())).toBe(true);
  });

  it('on SIGTERM stops generating, flushes what it buffered and prints honest totals', async () => {
    // Prepare: a paced run far longer than the test
    const streamName = await harness.newStream(2);
    const child = spawn(
      process.execPath,
      [
        '--require',
        require.resolve('tsx/cjs'),
        path.join(ROOT, 'producers', 'cli.ts'),
        'access-logs',
        '--stream',
        streamName,
        '--endpoint',
        harness.kinesis.endpoint,
        '--duration',
        '60',
        '--rate',
        '200',
        '--seed',
        '3',
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    // Act: signal once the first plain progress line shows records going out
    const deadline = Date.now() + 20_000;
    while (!/sent [1-9]/.test(stdout) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const signalled = Date.now();
    child.kill('SIGTERM');
    const code = await exited;
    const read = await readStream(harness.admin, streamName);

    // Assess
    expect(code).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    const totals = /planned (\d+), sent (\d+), retried \d+, failed 0, not sent \(stopped\) (\d+)/.exec(stdout);
    expect(totals).not.toBeNull();
    const [generated, sent, stopped] = [Number(totals?.[1]), Number(totals?.[2]), Number(totals?.[3])];
    expect(sent).toBeGreaterThan(0);
    expect(stopped).toBeGreaterThan(0);
    expect(sent + stopped).toBe(generated);
    expect(read).toHaveLength(sent);
  });

  it('with the stream unreachable, gives up after one batch, reports its records failed and the rest not sent, and exits 1 with one line', async () => {
    // Prepare: a port nothing listens on; 1,200 records = 3 batches
    const down = 'http://127.0.0.1:9';

    // Act
    const started = Date.now();
    const result = await produce(['access-logs', '--stream', 'nowhere', '--endpoint', down, '--count', '1200', '--max-attempts', '3']);

    // Assess: the first batch gets 3 attempts, then the run stops instead of trying every later batch
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/access-logs: planned 1200, sent 0, retried 1000, failed 500, not sent \(stopped\) 700; 3 requests/);
    expect(result.stdout.match(/^failed \S+ key=\S+ ECONNREFUSED: /gm)).toHaveLength(20);
    expect(result.stderr.trim().split('\n')).toEqual([
      'produce: stream nowhere did not accept a single record of a batch after 3 attempts: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9 (nothing listens at the endpoint). Stopped: sent 0 of 1200 records, 500 failed, 700 not generated.',
    ]);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('with a stream that does not exist (an error no retry heals), stops after the first batch and exits 1 naming the cause', async () => {
    // Prepare: kinesalite answers ResourceNotFoundException for every PutRecords; 2,000 records = 4 batches
    const endpoint = harness.kinesis.endpoint;

    // Act
    const result = await produce(['access-logs', '--stream', 'no-such-stream', '--endpoint', endpoint, '--count', '2000']);

    // Assess: one request, not one per batch, and the one line says why
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/access-logs: planned 2000, sent 0, retried 0, failed 500, not sent \(stopped\) 1500; 1 requests/);
    expect(result.stderr.trim().split('\n')).toEqual([
      'produce: stream no-such-stream did not accept a single record of a batch after 1 attempt: ResourceNotFoundException: Stream no-such-stream under account 000000000000 not found. Stopped: sent 0 of 2000 records, 500 failed, 1500 not generated.',
    ]);
  });

  it('fails with exit code 2 and a message naming the option for an unknown scenario', async () => {
    // Act
    const result = await produce([
      'access-logs',
      '--stream',
      'x',
      '--endpoint',
      harness.kinesis.endpoint,
      '--count',
      '1',
      '--scenario',
      'meteor',
    ]);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("produce: --scenario: unknown scenario 'meteor'; expected a comma-separated list of: outage, spike\n");
  });

  it('--json prints one JSON summary on stdout', async () => {
    // Prepare
    const streamName = await harness.newStream(1);

    // Act
    const result = await produce([
      'access-logs',
      '--stream',
      streamName,
      '--endpoint',
      harness.kinesis.endpoint,
      '--count',
      '50',
      '--json',
    ]);

    // Assess
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as {
      ok: boolean;
      runs: { label: string; stream: string; planned: number; sent: number; failed: number; notSent: number }[];
    };
    expect(parsed.ok).toBe(true);
    expect(parsed.runs).toEqual([
      expect.objectContaining({ label: 'access-logs', stream: streamName, planned: 50, sent: 50, failed: 0, notSent: 0 }),
    ]);
  });
});

describe('CLI: npm run produce -- conventions', () => {
  it('never hangs on an endpoint that accepts connections and never answers: exit 1 with one final line, within its bound', async () => {
    // Prepare: 2 attempts x 1 s request timeout (+ one attempt for the buffered rest) bound the run
    const silent = await startSilentServer();
    try {
      // Act
      const started = Date.now();
      const result = await produce([
        'access-logs',
        '--stream',
        'silent',
        '--endpoint',
        silent.url,
        '--count',
        '1200',
        '--max-attempts',
        '2',
        '--request-timeout',
        '1',
      ]);
      const elapsed = Date.now() - started;

      // Assess
      expect(result.code).toBe(1);
      expect(silent.connections()).toBeGreaterThan(0);
      expect(result.stdout).toMatch(/access-logs: planned 1200, sent 0, retried 500, failed 500, not sent \(stopped\) 700; 2 requests/);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^produce: stream silent did not accept a single record of a batch after 2 attempts: (TimeoutError|ETIMEDOUT): a request has exceeded the configured 1000 ms requestTimeout\. \(the endpoint did not answer in time; check the endpoint and the network\)\. Stopped: sent 0 of 1200 records, 500 failed, 700 not generated\.$/,
      );
      expect(elapsed).toBeLessThan(20_000);
    } finally {
      await silent.close();
    }
  });

  it('turbines: the same bound per app on a silent endpoint', async () => {
    const silent = await startSilentServer();
    try {
      const result = await produce([
        'turbines',
        '--stream',
        'silent',
        '--endpoint',
        silent.url,
        '--count',
        '20',
        '--max-attempts',
        '1',
        '--request-timeout',
        '1',
      ]);
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(
        /^produce: stream silent did not accept a single record of a batch after 1 attempt: (TimeoutError|ETIMEDOUT): /,
      );
      expect(result.stdout).toMatch(/WT-001: planned 20, sent 0, retried 0, failed 20, not sent \(stopped\) 0; 1 requests/);
    } finally {
      await silent.close();
    }
  });

  it('bounds --count with a message naming the limit and the way out (exit 2), before generating anything', async () => {
    const result = await produce(['access-logs', '--stream', 'x', '--endpoint', 'http://127.0.0.1:9', '--count', '1000000000']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "error: option '--count <n>' argument '1000000000' is invalid. got '1000000000'; expected an integer from 0 to 50,000,000; split larger loads into several runs (with different --seed values)",
    );
    expect(result.stderr).not.toContain('    at ');
  });

  it('exits 2 on a bad option value, prints --version, and ends every --help with the exit codes', async () => {
    const bad = await produce(['access-logs', '--count', 'many']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("got 'many'; expected an integer");

    // Empty or malformed names: exit 2 before a request (an empty --stream used to retry against stream '' for minutes)
    const [emptyStream, emptyRegion] = await Promise.all([
      produce(['access-logs', '--stream', '', '--count', '1']),
      produce(['turbines', '--region', '', '--count', '1']),
    ]);
    expect([emptyStream.code, emptyStream.stderr]).toEqual([
      2,
      "produce: --stream: got ''; expected a Kinesis stream name: 1 to 128 characters a-z, A-Z, 0-9, '_', '.', '-'\n",
    ]);
    expect([emptyRegion.code, emptyRegion.stderr]).toEqual([2, "produce: --region: got ''; expected an AWS region such as us-east-1\n"]);

    const version = await produce(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);

    for (const args of [['--help'], ['access-logs', '--help'], ['turbines', '--help']]) {
      const help = await produce(args);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('Exit codes: 0 ok, 1 runtime failure, 2 usage error, 3 refused');
    }
  });

  it('without a subcommand shows the help on stderr and exits 2 (a usage error, not success); `help` itself exits 0', async () => {
    // Act
    const bare = await produce([]);
    const help = await produce(['help']);

    // Assess
    expect(bare.code).toBe(2);
    expect(bare.stdout).toBe('');
    expect(bare.stderr).toMatch(/^Usage: produce \[options\] \[command\]/);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: produce \[options\] \[command\]/);
  });
});
