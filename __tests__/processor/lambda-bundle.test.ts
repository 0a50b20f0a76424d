import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KinesisStreamEvent } from 'aws-lambda';
import { unzipSync } from 'fflate';
import { PROCESSOR_ENTRY } from '../../stacks/pipeline-stack';
import { bundleLambda } from '../../stacks/ingest/lambda-bundle';
import { spawnCommand, type SpawnOutcome } from '../support/spawn-command';
import { accessLog, jsonB64, kinesisEvent } from './factories';
import { startLoopbackAws } from './loopback-aws';

describe('Lambda bundle: processor', () => {
  const work = mkdtempSync(join(tmpdir(), 'processor-bundle-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  /**
   * Bundles the processor into the zip the stack deploys and runs its handler on `event` in a plain
   * Node process with no node_modules in reach, against the loopback AWS at `awsUrl`.
   */
  function invokeBundle(
    name: string,
    event: KinesisStreamEvent,
    remainingMs: number,
    awsUrl: string,
    credentials: Readonly<Record<string, string>>,
  ): Promise<SpawnOutcome> {
    const bundle = bundleLambda({ entry: PROCESSOR_ENTRY, outDir: join(work, `zip-${name}`) });
    const file = join(work, `${name}.js`);
    writeFileSync(file, unzipSync(readFileSync(bundle.zipPath))['index.js'] ?? new Uint8Array());
    const script = `require(${JSON.stringify(file)}).handler(${JSON.stringify(event)}, { getRemainingTimeInMillis: () => ${remainingMs} }).then((r) => process.stdout.write(JSON.stringify(r)), (e) => { console.error(e); process.exit(1); });`;
    const env = {
      PATH: process.env.PATH ?? '',
      DATASET: 'access-logs',
      PROCESSED_DELIVERY_STREAM: 'dev-access-logs-processed',
      QUARANTINE_BUCKET: 'dev-quarantine',
      POWERTOOLS_METRICS_NAMESPACE: 'LogTelemetryPipeline/dev',
      AWS_REGION: 'eu-west-1',
      ...credentials,
      AWS_ENDPOINT_URL_FIREHOSE: awsUrl,
      AWS_ENDPOINT_URL_S3: awsUrl,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    return spawnCommand(process.execPath, ['-e', script], { env, cwd: work, timeoutMs: 30_000 });
  }

  it('carries its own AWS SDK and delivers through it: signed PutRecordBatch and PutObject to the configured endpoints', async () => {
    // Prepare: a loopback Firehose and S3 that answer every call and keep the requests.
    const aws = await startLoopbackAws({});
    const event = kinesisEvent([jsonB64(accessLog()), 'not base64!']);
    try {
      // Act
      const result = await invokeBundle('processor', event, 10_000, aws.url, {
        AWS_ACCESS_KEY_ID: 'AKIDBUNDLETEST',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_SESSION_TOKEN: 'token',
      });
      // Assess
      expect(result).toMatchObject({ code: 0 });
      expect(result.stdout.split('\n').pop()).toBe('{"batchItemFailures":[]}');
      const put = aws.requests.find((s) => s.headers['x-amz-target'] === 'Firehose_20150804.PutRecordBatch');
      expect(put?.headers.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDBUNDLETEST\/\d{8}\/eu-west-1\/firehose\/aws4_request, SignedHeaders=.*, Signature=[0-9a-f]{64}$/,
      );
      expect(put?.headers['x-amz-security-token']).toBe('token');
      expect(put?.headers['user-agent']).toMatch(/aws-sdk-js\/3\.\d+/);
      const row = JSON.parse(
        Buffer.from((JSON.parse(put?.body ?? '{}') as { Records: { Data: string }[] }).Records[0]?.Data ?? '', 'base64').toString('utf8'),
      ) as Record<string, unknown>;
      expect(row).toMatchObject({ client_ip: '203.0.113.7', is_critical: false });
      const object = aws.requests.find((s) => s.method === 'PUT');
      expect(decodeURIComponent(object?.url ?? '')).toMatch(
        /^\/dev-quarantine\/invalid\/access-logs\/dt=\d{4}-\d{2}-\d{2}\/shardId-000000000000-\d+-[0-9a-f]{16}\.json/,
      );
      expect(object?.headers.authorization).toMatch(/\/eu-west-1\/s3\/aws4_request/);
      expect(JSON.parse(object?.body.trim() ?? '{}')).toMatchObject({ reason: 'payload: not valid base64', raw: 'not base64!' });
    } finally {
      await aws.close();
    }
  }, 60_000);

  it('retries a Firehose answer cut mid-body by a reset in plain Node, where the SDK keeps the 200 it had read (Jest wraps that error)', async () => {
    // Prepare: the deployed zip in a plain Node process. Under Jest the SDK sees a socket error from
    // another realm and wraps it without its code and status, which hid this fault's real shape:
    // ECONNRESET with httpStatusCode 200, once classed as not retryable.
    const aws = await startLoopbackAws({ firehose: ['half-body'] });
    const event = kinesisEvent([jsonB64(accessLog()), jsonB64(accessLog({ status_code: 404 }))]);
    try {
      // Act
      const result = await invokeBundle('faults', event, 20_000, aws.url, {
        AWS_ACCESS_KEY_ID: 'AKIDBUNDLETEST',
        AWS_SECRET_ACCESS_KEY: 'secret',
      });
      // Assess: the cut call was sent again and both records arrived; nothing left for Lambda to retry.
      expect(result).toMatchObject({ code: 0 });
      expect(result.stdout.split('\n').pop()).toBe('{"batchItemFailures":[]}');
      expect(aws.log).toEqual(['firehose half-body', 'firehose ok']);
      expect(aws.firehoseRecords).toHaveLength(2);
    } finally {
      await aws.close();
    }
  }, 60_000);
});
