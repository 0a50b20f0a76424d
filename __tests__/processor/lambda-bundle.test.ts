import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { PROCESSOR_ENTRY } from '../../stacks/pipeline-stack';
import { bundleLambda } from '../../stacks/ingest/lambda-bundle';
import { accessLog, jsonB64, kinesisEvent } from './factories';
import { startLoopbackAws } from './loopback-aws';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** Loopback stand-in for Firehose (JSON 1.1) and S3 (REST): answers like the services and records each request. */
async function startAws(): Promise<{ server: Server; url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (req.headers['x-amz-target'] === 'Firehose_20150804.PutRecordBatch') {
        const records = (JSON.parse(body) as { Records: unknown[] }).Records;
        const answer = { FailedPutCount: 0, Encrypted: false, RequestResponses: records.map((_, i) => ({ RecordId: `rid-${i}` })) };
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(answer));
        return;
      }
      res.writeHead(200, { etag: '"e"' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('Lambda bundle: processor', () => {
  const work = mkdtempSync(join(tmpdir(), 'processor-bundle-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('carries its own AWS SDK and delivers through it: signed PutRecordBatch and PutObject to the configured endpoints', async () => {
    // Prepare: the zip the stack deploys, run by a plain Node process with no node_modules in reach.
    const bundle = bundleLambda({ entry: PROCESSOR_ENTRY, outDir: join(work, 'zip') });
    const code = unzipSync(readFileSync(bundle.zipPath))['index.js'] ?? new Uint8Array();
    const file = join(work, 'index.js');
    writeFileSync(file, code);
    const aws = await startAws();
    const event = kinesisEvent([jsonB64(accessLog()), 'not base64!']);
    const script = `require(${JSON.stringify(file)}).handler(${JSON.stringify(event)}, { getRemainingTimeInMillis: () => 10000 }).then((r) => process.stdout.write(JSON.stringify(r)), (e) => { console.error(e); process.exit(1); });`;
    const env = {
      PATH: process.env.PATH ?? '',
      DATASET: 'access-logs',
      PROCESSED_DELIVERY_STREAM: 'dev-access-logs-processed',
      QUARANTINE_BUCKET: 'dev-quarantine',
      POWERTOOLS_METRICS_NAMESPACE: 'LogTelemetryPipeline/dev',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIDBUNDLETEST',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'token',
      AWS_ENDPOINT_URL_FIREHOSE: aws.url,
      AWS_ENDPOINT_URL_S3: aws.url,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    try {
      // Act
      const stdout = await new Promise<string>((resolve, reject) =>
        execFile(process.execPath, ['-e', script], { env, cwd: work, timeout: 30_000 }, (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out))),
      );
      // Assess
      expect(stdout.split('\n').pop()).toBe('{"batchItemFailures":[]}');
      const put = aws.seen.find((s) => s.headers['x-amz-target'] === 'Firehose_20150804.PutRecordBatch');
      expect(put?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDBUNDLETEST\/\d{8}\/eu-west-1\/firehose\/aws4_request, SignedHeaders=.*, Signature=[0-9a-f]{64}$/);
      expect(put?.headers['x-amz-security-token']).toBe('token');
      expect(put?.headers['user-agent']).toMatch(/aws-sdk-js\/3\.\d+/);
      const row = JSON.parse(Buffer.from((JSON.parse(put?.body ?? '{}') as { Records: { Data: string }[] }).Records[0]?.Data ?? '', 'base64').toString('utf8')) as Record<string, unknown>;
      expect(row).toMatchObject({ client_ip: '203.0.113.7', is_critical: false });
      const object = aws.seen.find((s) => s.method === 'PUT');
      expect(decodeURIComponent(object?.url ?? '')).toMatch(/^\/dev-quarantine\/invalid\/access-logs\/dt=\d{4}-\d{2}-\d{2}\/shardId-000000000000-\d+-[0-9a-f]{16}\.json/);
      expect(object?.headers.authorization).toMatch(/\/eu-west-1\/s3\/aws4_request/);
      expect(JSON.parse(object?.body.trim() ?? '{}')).toMatchObject({ reason: 'payload: not valid base64', raw: 'not base64!' });
    } finally {
      await new Promise((resolve) => aws.server.close(resolve));
    }
  }, 60_000);
  it('retries a Firehose answer cut mid-body by a reset in plain Node, where the SDK keeps the 200 it had read (Jest wraps that error)', async () => {
    // Prepare: the deployed zip in a plain Node process. Under Jest the SDK sees a socket error from
    // another realm and wraps it without its code and status, which hid this fault's real shape:
    // ECONNRESET with httpStatusCode 200, once classed as not retryable.
    const bundle = bundleLambda({ entry: PROCESSOR_ENTRY, outDir: join(work, 'zip-faults') });
    const file = join(work, 'faults.js');
    writeFileSync(file, unzipSync(readFileSync(bundle.zipPath))['index.js'] ?? new Uint8Array());
    const aws = await startLoopbackAws({ firehose: ['half-body'] });
    const event = kinesisEvent([jsonB64(accessLog()), jsonB64(accessLog({ status_code: 404 }))]);
    const script = `require(${JSON.stringify(file)}).handler(${JSON.stringify(event)}, { getRemainingTimeInMillis: () => 20000 }).then((r) => process.stdout.write(JSON.stringify(r)), (e) => { console.error(e); process.exit(1); });`;
    const env = {
      PATH: process.env.PATH ?? '',
      DATASET: 'access-logs',
      PROCESSED_DELIVERY_STREAM: 'dev-access-logs-processed',
      QUARANTINE_BUCKET: 'dev-quarantine',
      POWERTOOLS_METRICS_NAMESPACE: 'LogTelemetryPipeline/dev',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIDBUNDLETEST',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_ENDPOINT_URL_FIREHOSE: aws.url,
      AWS_ENDPOINT_URL_S3: aws.url,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    try {
      // Act
      const stdout = await new Promise<string>((resolve, reject) =>
        execFile(process.execPath, ['-e', script], { env, cwd: work, timeout: 30_000 }, (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out))),
      );
      // Assess: the cut call was sent again and both records arrived; nothing left for Lambda to retry.
      expect(stdout.split('\n').pop()).toBe('{"batchItemFailures":[]}');
      expect(aws.log).toEqual(['firehose half-body', 'firehose ok']);
      expect(aws.firehoseRecords).toHaveLength(2);
    } finally {
      await aws.close();
    }
  }, 60_000);
});
