import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KinesisStreamEvent } from 'aws-lambda';
import { findEnvironment } from '../../config/environment-lookup';
import { bucketName, streamName } from '../../config/resource-names';
import { accessLogs } from '../../datasets/access-logs';
import { turbineTelemetry } from '../../datasets/turbine-telemetry';
import { EmfEmitter } from '../../functions/processor/emf-emitter';
import { compileDataset } from '../../functions/processor/compile-dataset';
import { processRecords } from '../../functions/processor/process-records';
import { S3QuarantineSink } from '../../functions/processor/quarantine-sink';
import { FileObjectStore } from '../../local/file-object-store';
import { LocalLake } from '../../local/local-lake';
import { runLocal, type LocalRunResult } from '../../local/run-local';
import { createKinesisClient, createStream, readStream, startLocalKinesis, type LocalKinesis } from '../../producers';
import { removeRunDirs, smallRunOptions, SMALL_RUN_NOW_MS } from '../local/factories';
import { startSilentServer } from '../aws/silent-server';
import { accessLog, inputRecord, jsonB64 } from '../processor/factories';
import { replay } from './spawn-replay';

const env = findEnvironment('dev');

/** Every file under a directory, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** What the local run's on-failure destination holds: per record, its stream, sequence number and payload. */
function failureRecords(quarantineDir: string): { stream: string; data: string; payload: Record<string, unknown> }[] {
  return filesUnder(join(quarantineDir, 'aws', 'lambda')).flatMap((file) => {
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { KinesisBatchInfo: { streamArn: string }; payload: string };
    const event = JSON.parse(doc.payload) as KinesisStreamEvent;
    const stream = doc.KinesisBatchInfo.streamArn.split('/').pop() ?? '';
    return event.Records.map((r) => ({
      stream,
      data: r.kinesis.data,
      payload: JSON.parse(Buffer.from(r.kinesis.data, 'base64').toString('utf8')) as Record<string, unknown>,
    }));
  });
}

describe('CLI: npm run replay, end to end against kinesalite', () => {
  let run: LocalRunResult;
  let quarantineDir: string;
  let kinesis: LocalKinesis;
  let client: KinesisClient;
  const epochSeconds = Math.floor(SMALL_RUN_NOW_MS / 1000) - 3600;
  const noIdEpoch = accessLog({ event_id: undefined, access_time: epochSeconds, request_path: '/replay/no-id' });
  const withIdEpoch = accessLog({
    event_id: 'a1b2c3d4-0000-4000-8000-000000000001',
    access_time: epochSeconds + 1,
    request_path: '/replay/with-id',
  });

  beforeAll(async () => {
    // A local run whose processed Firehose fails for two minutes: the event source
    // mapping gives up on some batches and writes them to its on-failure destination.
    run = await runLocal(smallRunOptions({ firehoseOutage: { fromMinute: 20, seconds: 120 }, invalidRecords: 3 }));
    quarantineDir = run.files.buckets.quarantine ?? '';
    // Records with the event time in epoch seconds, quarantined by the processor itself into the same lake.
    const lake = new LocalLake(run.files.dataDir);
    await processRecords([inputRecord(jsonB64(noIdEpoch)), inputRecord(jsonB64(withIdEpoch))], {
      compiled: compileDataset(accessLogs),
      processedSink: { deliver: async () => ({ undelivered: [] }) },
      quarantineSink: new S3QuarantineSink({ api: new FileObjectStore(lake), bucket: bucketName(env, 'quarantine'), dataset: accessLogs }),
      metrics: new EmfEmitter({ namespace: 'test', output: () => undefined, now: () => SMALL_RUN_NOW_MS }),
      clock: { now: () => SMALL_RUN_NOW_MS },
    });
    kinesis = await startLocalKinesis();
    client = createKinesisClient({ region: env.region, endpoint: kinesis.endpoint });
  }, 180_000);

  afterAll(async () => {
    client.destroy();
    await kinesis.close();
    removeRunDirs();
  });

  it('the local run wrote on-failure batches and quarantine objects to replay', () => {
    expect(run.datasets.reduce((n, d) => n + d.failed, 0)).toBeGreaterThan(0);
    expect(filesUnder(join(quarantineDir, 'invalid', 'access-logs')).length).toBeGreaterThan(0);
  });

  it('--dry-run lists what would be sent and why the rest is skipped, with totals, and sends nothing', async () => {
    await createStream(client, streamName(env, accessLogs), 1);
    await createStream(client, streamName(env, turbineTelemetry), 1);
    const result = await replay(['--env', 'dev', '--from', quarantineDir, '--dry-run', '--endpoint', kinesis.endpoint]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const failures = failureRecords(quarantineDir);
    const valid = failures.filter((f) => Number(f.payload.status_code ?? 200) <= 599);
    const lines = result.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('send  ')).length).toBe(valid.length);
    expect(
      lines.filter((l) =>
        /^skip {2}access-logs {2}invalid\/access-logs\/.*: quarantined: field 'status_code': must be <= 599, got 999 \(no --fix given\)$/.test(
          l,
        ),
      ).length,
    ).toBe(3);
    expect(
      lines.filter((l) =>
        /^skip {2}access-logs {2}invalid\/access-logs\/.*: quarantined: field 'access_time': .*epoch seconds.* \(no --fix given\)$/.test(l),
      ).length,
    ).toBe(2);
    expect(result.stdout).toContain('== Totals (dry run: nothing sent)');
    expect(result.stdout).toMatch(new RegExp(`would send ${valid.length}, skipped ${5 + failures.length - valid.length} \\(0 neither`));
    expect(await readStream(client, streamName(env, accessLogs))).toEqual([]);
    expect(await readStream(client, streamName(env, turbineTelemetry))).toEqual([]);
  });

  it('sends on-failure records unchanged and epoch-second records fixed, each with its event_id, into the streams', async () => {
    const result = await replay(['--env', 'dev', '--from', quarantineDir, '--fix', 'epoch-seconds-to-ms', '--endpoint', kinesis.endpoint]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const failures = failureRecords(quarantineDir).filter((f) => Number(f.payload.status_code ?? 200) <= 599);
    const logs = await readStream(client, streamName(env, accessLogs));
    const turbines = await readStream(client, streamName(env, turbineTelemetry));
    // On-failure records: byte for byte what the mapping gave up on (the producers set event_id), in their stream.
    for (const stream of [streamName(env, accessLogs), streamName(env, turbineTelemetry)]) {
      const expected = failures.filter((f) => f.stream === stream).map((f) => Buffer.from(f.data, 'base64').toString('utf8'));
      const read = (stream === streamName(env, accessLogs) ? logs : turbines).map((r) => r.data).filter((d) => !d.includes('/replay/'));
      expect(read.sort()).toEqual(expected.sort());
    }
    // Fixed records: milliseconds now, the producer's id kept, the content id set where there was none.
    const fixed = logs
      .map((r) => JSON.parse(r.data) as Record<string, unknown>)
      .filter((p) => String(p.request_path).startsWith('/replay/'));
    expect(fixed).toHaveLength(2);
    const withId = fixed.find((p) => p.request_path === '/replay/with-id');
    const noId = fixed.find((p) => p.request_path === '/replay/no-id');
    expect(withId).toEqual({ ...withIdEpoch, access_time: (epochSeconds + 1) * 1000 });
    expect(noId?.access_time).toBe(epochSeconds * 1000);
    expect(noId?.event_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(result.stdout).toMatch(
      new RegExp(
        `access-logs: to send ${failures.filter((f) => f.stream === streamName(env, accessLogs)).length + 2} .*; sent ${logs.length}, failed 0`,
      ),
    );
    expect(result.stdout).toMatch(/, failed 0$/m);
  });

  it('fails with exit 1, in bounded time, when Kinesis does not answer', async () => {
    // A port that accepts connections and never answers: the client's request timeout must raise.
    const silent = await startSilentServer();
    const started = Date.now();
    try {
      const result = await replay([
        '--env',
        'dev',
        '--from',
        join(quarantineDir, 'invalid'),
        '--fix',
        'epoch-seconds-to-ms',
        '--endpoint',
        silent.url,
        '--request-timeout-ms',
        '300',
      ]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^replay: stream logtel-dev-access-logs took no record of a batch after 8 attempts: (TimeoutError|ETIMEDOUT): .*300 ms requestTimeout.*; 2 records could not be sent \(listed above as fail\); run again to retry them: event_id keeps the re-send idempotent downstream\n$/,
      );
      expect(result.stdout).toMatch(
        /^fail {2}access-logs {2}event_id=a1b2c3d4-0000-4000-8000-000000000001: ETIMEDOUT: .*300 ms requestTimeout.*gave up after 8 attempts\)$/m,
      );
    } finally {
      await silent.close();
    }
    // 8 attempts of 300 ms plus at most 11.3 s of backoff, and the start of the command.
    expect(Date.now() - started).toBeLessThan(45_000);
  }, 70_000);

  it.each([
    [
      'an unknown --fix rule',
      ['--env', 'dev', '--from', '.', '--fix', 'uppercase'],
      2,
      /^replay: --fix uppercase: unknown rule; expected epoch-seconds-to-ms \(.*\) or trim-strings \(.*\)\n$/,
    ],
    ['an unknown environment', ['--env', 'qa', '--from', '.'], 2, /^replay: --env: unknown environment 'qa'; expected one of dev, prod\n$/],
    ['no --env', ['--from', '.'], 2, /required option '--env <name>' not specified/],
    [
      'a --from that does not exist',
      ['--env', 'dev', '--from', '/nonexistent/x', '--dry-run'],
      2,
      /^replay: --from \/nonexistent\/x: no such file or directory; expected s3:\/\/bucket\/prefix or a local path\n$/,
    ],
    [
      'a bad --endpoint',
      ['--env', 'dev', '--from', '.', '--endpoint', 'kinesalite'],
      2,
      /option '--endpoint <url>' argument 'kinesalite' is invalid/,
    ],
  ])('refuses %s with one line and its exit code', async (_what, args, code, stderr) => {
    const result = await replay(args);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(stderr);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses (exit 3) a --from whose files are neither on-failure records nor quarantine entries', async () => {
    const dir = join(run.files.dataDir, 'not-replayable');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'notes.txt'), 'hello\n');
    const result = await replay(['--env', 'dev', '--from', dir, '--dry-run']);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(
      /^skip {2}- {2}notes\.txt: not JSON; expected a quarantine object \(NDJSON\) or an on-failure invocation record$/m,
    );
    expect(result.stderr).toBe(`replay: --from ${dir}: none of its 1 files holds an on-failure invocation record or a quarantine entry\n`);
  });
});
