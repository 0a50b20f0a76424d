import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSilentServer, type SilentServer } from '../aws/silent-server';
import { accessLog, jsonB64 } from '../processor/factories';
import { onFailureRecord, type FailedKinesisRecord } from './factories';
import { replay } from './spawn-replay';

/** `count` valid access-log records, as Kinesis records of an on-failure batch. */
function validRecords(count: number): FailedKinesisRecord[] {
  const accessTime = new Date(Date.now() - 3_600_000).toISOString();
  return Array.from({ length: count }, (_, i) => {
    const id = `a1b2c3d4-0000-4000-8000-${String(i).padStart(12, '0')}`;
    return { data: jsonB64(accessLog({ event_id: id, access_time: accessTime })), partitionKey: id, sequenceNumber: String(1000 + i) };
  });
}

describe('CLI: npm run replay, when Kinesis takes nothing', () => {
  let dir: string;
  let silent: SilentServer;
  const noCredentials = {
    PATH: process.env.PATH,
    HOME: '',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
  };

  beforeAll(async () => {
    // 1,200 records of one stream: three batches of the sender
    dir = mkdtempSync(join(tmpdir(), 'replay-unavailable-'));
    writeFileSync(join(dir, 'on-failure.json'), `${JSON.stringify(onFailureRecord(validRecords(1200)))}\n`);
    silent = await startSilentServer();
  });

  afterAll(async () => {
    await silent.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a silent endpoint costs one batch its attempts, not every batch; exit 1 names the stream and the cause', async () => {
    // Act
    const result = await replay(['--env', 'dev', '--from', dir, '--endpoint', silent.url, '--request-timeout-ms', '200'], {
      ...noCredentials,
      AWS_ACCESS_KEY_ID: 'x',
      AWS_SECRET_ACCESS_KEY: 'y',
    });

    // Assess: the first batch's 8 attempts reach the endpoint, the two later batches fail without a request
    expect(result.code).toBe(1);
    expect(silent.connections()).toBeLessThanOrEqual(8);
    expect(
      result.stdout.match(/^fail {2}access-logs {2}event_id=\S+: \S+: not sent: the stream took no record of an earlier batch/gm),
    ).toHaveLength(700);
    expect(result.stderr).toMatch(
      /^replay: stream logtel-dev-access-logs took no record of a batch after 8 attempts: (TimeoutError|ETIMEDOUT): a request has exceeded the configured 200 ms requestTimeout\. \(the endpoint did not answer in time; check the endpoint and the network\); 1200 records could not be sent \(listed above as fail\); run again to retry them: event_id keeps the re-send idempotent downstream\n$/,
    );
  }, 70_000);

  it('without credentials, stops after one attempt and says so in one line (exit 1)', async () => {
    // Act
    const before = silent.connections();
    // (no --endpoint: a local endpoint gets dummy credentials; AWS itself is never reached, the credential chain fails first)
    const result = await replay(['--env', 'dev', '--from', dir, '--request-timeout-ms', '200'], noCredentials);

    // Assess
    expect(result.code).toBe(1);
    expect(silent.connections()).toBe(before);
    expect(result.stderr).toMatch(
      /^replay: stream logtel-dev-access-logs took no record of a batch after 1 attempt: CredentialsProviderError: .*\(set AWS credentials, e\.g\. AWS_PROFILE, or pass --endpoint for a local API\); 1200 records could not be sent/,
    );
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
