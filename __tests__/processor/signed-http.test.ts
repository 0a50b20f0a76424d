import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsHttpError } from '../../functions/shared/errors';
import { SignedHttpClient } from '../../functions/shared/signed-http-client';
import { FirehoseHttpApi } from '../../functions/processor/firehose-http-api';
import { S3HttpApi } from '../../functions/processor/s3-http-api';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** Loopback server that records requests and answers with the queued responses. */
async function loopback(answers: { status: number; body: string; headers?: Record<string, string> }[]) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = answers.shift() ?? { status: 500, body: '{}' };
      res.writeHead(answer.status, answer.headers ?? {}).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const credentials = () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' });

describe('Class: FirehoseHttpApi / S3HttpApi over loopback', () => {
  it('sends a signed PutRecordBatch and passes per-entry failures through', async () => {
    // Prepare
    const server = await loopback([
      { status: 200, body: JSON.stringify({ FailedPutCount: 1, RequestResponses: [{ RecordId: 'a' }, { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'x' }] }) },
      { status: 400, body: JSON.stringify({ __type: 'com.amazonaws.firehose#ThrottlingException', message: 'Rate exceeded' }) },
    ]);
    const api = new FirehoseHttpApi(new SignedHttpClient({ service: 'firehose', region: 'eu-west-1', credentials }), 'eu-west-1', server.endpoint);
    try {
      // Act
      // Two lines of one chunk; the second starts inside it.
      const chunk = Buffer.from('{"a":1}\n{"a":2}\n');
      const answer = await api.putRecordBatch('dev-access-logs-processed', [
        { chunk, offset: 0, bytes: 8 },
        { chunk, offset: 8, bytes: 8 },
      ]);
      const thrown = await api.putRecordBatch('s', [{ chunk: Buffer.from('x'), offset: 0, bytes: 1 }]).catch((e: unknown) => e);
      // Assess
      expect(answer.FailedPutCount).toBe(1);
      expect(answer.RequestResponses[1]?.ErrorCode).toBe('ServiceUnavailableException');
      const [first] = server.seen;
      expect(first?.headers['x-amz-target']).toBe('Firehose_20150804.PutRecordBatch');
      expect(first?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/firehose\/aws4_request/);
      expect(first?.headers['x-amz-security-token']).toBe('token');
      const body = JSON.parse(first?.body ?? '{}') as { DeliveryStreamName: string; Records: { Data: string }[] };
      expect(body.DeliveryStreamName).toBe('dev-access-logs-processed');
      expect(body.Records.map((r) => Buffer.from(r.Data, 'base64').toString())).toEqual(['{"a":1}\n', '{"a":2}\n']);
      expect(thrown).toBeInstanceOf(AwsHttpError);
      expect(thrown).toMatchObject({ code: 'ThrottlingException', httpStatus: 400, retryable: true });
    } finally {
      await server.close();
    }
  });

  it('puts an object path-style with a payload hash and maps XML errors', async () => {
    // Prepare
    const server = await loopback([
      { status: 200, body: '' },
      { status: 503, body: '<Error><Code>SlowDown</Code><Message>Reduce your rate</Message></Error>' },
    ]);
    const api = new S3HttpApi(new SignedHttpClient({ service: 's3', region: 'eu-west-1', credentials }), 'eu-west-1', server.endpoint);
    try {
      // Act
      await api.putObject('bucket', 'invalid/access-logs/dt=2026-11-24/x.json', '{"r":1}\n', 'application/x-ndjson');
      const thrown = await api.putObject('bucket', 'k', 'b', 'text/plain').catch((e: unknown) => e);
      // Assess
      const [first] = server.seen;
      expect(first?.method).toBe('PUT');
      expect(first?.url).toBe('/bucket/invalid/access-logs/dt%3D2026-11-24/x.json');
      expect(first?.headers['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
      expect(first?.body).toBe('{"r":1}\n');
      expect(thrown).toMatchObject({ code: 'SlowDown', httpStatus: 503, retryable: true });
    } finally {
      await server.close();
    }
  });
});

describe('Module: processor handler cold start', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('fails fast naming the missing variable', () => {
    // Prepare
    process.env = { ...saved, DATASET: 'access-logs', AWS_REGION: 'eu-west-1', POWERTOOLS_METRICS_NAMESPACE: 'ns', QUARANTINE_BUCKET: 'b' };
    delete process.env.PROCESSED_DELIVERY_STREAM;
    // Act
    const load = () => jest.isolateModules(() => require('../../functions/processor/handler'));
    // Assess
    expect(load).toThrow('PROCESSED_DELIVERY_STREAM: required, but not set');
  });

  it('rejects an unknown dataset and a bad skew with named messages', () => {
    // Prepare
    const base = { ...saved, AWS_REGION: 'eu-west-1', POWERTOOLS_METRICS_NAMESPACE: 'ns', QUARANTINE_BUCKET: 'b', PROCESSED_DELIVERY_STREAM: 'p' };
    const load = () => jest.isolateModules(() => require('../../functions/processor/handler'));
    // Act
    process.env = { ...base, DATASET: 'nope' };
    const unknown = () => load();
    // Assess
    expect(unknown).toThrow(/^DATASET: Unknown dataset 'nope'/);
    process.env = { ...base, DATASET: 'access-logs', MAX_FUTURE_SKEW_SECONDS: 'soon' };
    expect(load).toThrow("MAX_FUTURE_SKEW_SECONDS: expected a non-negative integer number of seconds, got 'soon'");
  });
});
