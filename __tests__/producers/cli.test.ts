import { execFile, spawn } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { accessLogs } from '../../datasets/access-logs';
import { realDurationMs, resolveTarget, simulatedSpanMs } from '../../producers/cli-options';
import { readStream } from '../../producers/local-kinesis';
import { recordShapeProblems } from '../../producers/record-shape';
import { parseScenarioList, ACCESS_LOG_SCENARIOS } from '../../producers/scenarios';
import { startHarness, type KinesisHarness } from './support/kinesis-harness';

const run = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');

/** Runs `npm run produce -- <args>` the way npm does (tsx), without npm's startup cost. */
async function produce(args: readonly string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(ROOT, 'producers', 'cli.ts'), ...args], { cwd: ROOT, timeout: 30_000 });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; code?: number };
    return { stdout: e.stdout ?? '', stderr: e.stderr ?? '', code: typeof e.code === 'number' ? e.code : -1 };
  }
}

describe('CLI options', () => {
  it('defaults the stream and region from the environment config', () => {
    // Act
    const target = resolveTarget({ env: 'dev' }, accessLogs);

    // Assess
    expect(target).toEqual({ streamName: 'logtel-dev-access-logs', region: 'us-east-1' });
    expect(resolveTarget({ env: 'prod', stream: 's', region: 'eu-west-1', endpoint: 'http://127.0.0.1:1' }, accessLogs)).toEqual({ streamName: 's', region: 'eu-west-1', endpoint: 'http://127.0.0.1:1' });
    expect(() => resolveTarget({ env: 'qa' }, accessLogs)).toThrow("--env: unknown environment 'qa'; expected one of dev, prod");
  });

  it('paces over --duration, sends --count alone at full speed, and rejects unknown scenarios by name', () => {
    // Assess
    expect(realDurationMs({ duration: 30 }, 60)).toBe(30_000);
    expect(realDurationMs({ count: 10 }, 60)).toBe(0);
    expect(realDurationMs({}, 60)).toBe(60_000);
    expect(simulatedSpanMs({ simulatedMinutes: 60 }, 60_000, 2)).toBe(3_600_000);
    expect(() => simulatedSpanMs({ simulatedMinutes: 1 }, 120_000, 0)).toThrow('--simulated-minutes: got 1; expected at least the run time (2 minutes), or event times would lie in the future');
    expect(() => simulatedSpanMs({ simulatedMinutes: 20 }, 60_000, 1)).toThrow('--simulated-minutes: got 20; scenarios need at least 30');
    expect(parseScenarioList('spike, outage,spike', ACCESS_LOG_SCENARIOS, '--scenario')).toEqual(['spike', 'outage']);
    expect(() => parseScenarioList('outage,meteor', ACCESS_LOG_SCENARIOS, '--scenario')).toThrow("--scenario: unknown scenario 'meteor'; expected a comma-separated list of: outage, spike");
  });
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
    const result = await produce(['access-logs', '--stream', streamName, '--endpoint', harness.kinesis.endpoint, '--count', '3000', '--scenario', 'outage', '--seed', '7']);
    const read = await readStream(harness.admin, streamName);

    // Assess
    expect(result.code).toBe(0);
    const generated = Number(/generated (\d+), sent (\d+), retried 0, failed 0/.exec(result.stdout)?.[1]);
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
      ['--require', require.resolve('tsx/cjs'), path.join(ROOT, 'producers', 'cli.ts'), 'access-logs', '--stream', streamName, '--endpoint', harness.kinesis.endpoint, '--duration', '60', '--rate', '200', '--seed', '3'],
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
    const totals = /generated (\d+), sent (\d+), retried \d+, failed 0, not sent \(stopped\) (\d+)/.exec(stdout);
    expect(totals).not.toBeNull();
    const [generated, sent, stopped] = [Number(totals?.[1]), Number(totals?.[2]), Number(totals?.[3])];
    expect(sent).toBeGreaterThan(0);
    expect(stopped).toBeGreaterThan(0);
    expect(sent + stopped).toBe(generated);
    expect(read).toHaveLength(sent);
  });

  it('with the stream unreachable, stops within its bound, reports every record as failed and exits 1', async () => {
    // Prepare: a port nothing listens on; 1,200 records = 3 batches
    const down = 'http://127.0.0.1:9';

    // Act
    const started = Date.now();
    const result = await produce(['access-logs', '--stream', 'nowhere', '--endpoint', down, '--count', '1200', '--max-attempts', '3']);

    // Assess: the first batch gets 3 attempts, the next two one each
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/access-logs: generated 1200, sent 0, retried 1000, failed 1200, not sent \(stopped\) 0; 5 requests/);
    expect(result.stdout.match(/^failed \S+ key=\S+ ECONNREFUSED: /gm)).toHaveLength(20);
    expect(result.stdout).toContain('... and 1180 more failed records');
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.stderr).not.toContain('NodeVersionSupportWarning');
  });

  it('fails with exit code 2 and a message naming the option for an unknown scenario', async () => {
    // Act
    const result = await produce(['access-logs', '--stream', 'x', '--endpoint', harness.kinesis.endpoint, '--count', '1', '--scenario', 'meteor']);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("produce: --scenario: unknown scenario 'meteor'; expected a comma-separated list of: outage, spike");
  });
});
