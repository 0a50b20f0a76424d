import { FirehoseClient, PutRecordBatchCommand, ServiceUnavailableException } from '@aws-sdk/client-firehose';
import type { KinesisStreamEvent } from 'aws-lambda';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { accessLogs } from '../../datasets/access-logs';
import { processedFields } from '../../datasets/naming';
import type { ProcessorConfig } from '../../functions/processor/config';
import { createHandler, type HandlerLogger } from '../../functions/processor/create-handler';
import { EmfEmitter } from '../../functions/processor/emf-emitter';
import { sdkFirehoseApi, sdkObjectStoreApi } from '../../functions/processor/sdk-apis';
import { NOW_MS, accessLog, b64, jsonB64, kinesisEvent, processorConfig, recordingSleep, metricSum } from './factories';

const firehoseMock = mockClient(FirehoseClient);
const s3Mock = mockClient(S3Client);

const config = processorConfig({ quarantineBucket: 'dev-quarantine-123456789012-eu-west-1' });

const silentLogger: HandlerLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

function setup(overrides: Partial<ProcessorConfig> = {}, logger: HandlerLogger = silentLogger) {
  const emf: string[] = [];
  const { sleep, delays } = recordingSleep();
  const handler = createHandler({
    config: { ...config, ...overrides },
    firehose: sdkFirehoseApi(new FirehoseClient({ region: 'eu-west-1' })),
    objectStore: sdkObjectStoreApi(new S3Client({ region: 'eu-west-1' })),
    metrics: new EmfEmitter({ namespace: config.metricsNamespace, output: (line) => emf.push(line), now: () => NOW_MS }),
    logger,
    clock: { now: () => NOW_MS },
    retry: { sleep, random: () => 0.5, maxAttempts: 4 },
  });
  return { handler, emf, delays };
}

/** A logger that keeps every line, to check what an operator would read. */
function recordingLogger(): HandlerLogger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (message: string, extra: Record<string, unknown>) =>
    void lines.push(`${level} ${message} ${JSON.stringify(extra)}`);
  return { lines, info: keep('INFO'), warn: keep('WARN'), error: keep('ERROR') };
}

/** Firehose answering every entry with success, like the service. */
function firehoseAcceptsAll(): void {
  firehoseMock.on(PutRecordBatchCommand).callsFake((input: { Records: unknown[] }) => ({
    FailedPutCount: 0,
    Encrypted: false,
    RequestResponses: input.Records.map((_, i) => ({ RecordId: `rid-${i}` })),
  }));
}

function deliveredRows(): Record<string, unknown>[] {
  return firehoseMock
    .commandCalls(PutRecordBatchCommand)
    .flatMap((c) =>
      (c.args[0].input.Records ?? []).map(
        (r) => JSON.parse(Buffer.from(r.Data ?? new Uint8Array()).toString('utf8')) as Record<string, unknown>,
      ),
    );
}

function quarantined(): Record<string, unknown>[] {
  return s3Mock.commandCalls(PutObjectCommand).flatMap((c) =>
    String(c.args[0].input.Body)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>),
  );
}

beforeEach(() => {
  firehoseMock.reset();
  s3Mock.reset();
  s3Mock.on(PutObjectCommand).resolves({ ETag: '"etag"' });
});

describe('Function: processor handler', () => {
  it('answers an empty batch with no failures and no calls', async () => {
    // Prepare
    const { handler } = setup();
    // Act
    const response = await handler({ Records: [] });
    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(firehoseMock.calls()).toHaveLength(0);
    expect(s3Mock.calls()).toHaveLength(0);
  });

  it('delivers a valid record with exactly the processed columns, normalized and enriched', async () => {
    // Prepare
    firehoseAcceptsAll();
    const { handler } = setup();
    const event = kinesisEvent([
      jsonB64(accessLog({ access_time: NOW_MS - 1000, client_ip: '2001:DB8:0:0:0:0:0:1', device_type: 'fridge', status_code: 503 })),
    ]);
    // Act
    const response = await handler(event);
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const [row] = deliveredRows();
    expect(Object.keys(row ?? {})).toEqual(processedFields(accessLogs).map((f) => f.name));
    expect(row).toMatchObject({
      access_time: new Date(NOW_MS - 1000).toISOString(),
      client_ip: '2001:db8::1',
      device_type: 'other',
      status_class: '5xx',
      is_error: true,
      severity: 'error',
      error_code: null,
      ingested_at: '2026-11-24T10:00:00.000Z',
      is_critical: false,
      critical_reason: null,
    });
  });

  it.each([
    ['not base64', '***not base64***', 'payload: not valid base64'],
    ['not JSON', b64('{"access_time": '), 'payload: not JSON'],
    ['a JSON array', jsonB64([accessLog()]), 'payload: expected a JSON object, got array'],
    ['a JSON scalar', jsonB64(42), 'payload: expected a JSON object, got number'],
    ['invalid UTF-8', b64(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d])), 'payload: not valid UTF-8'],
    ['an encoded surrogate (CESU-8)', b64(Buffer.from([0x7b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d])), 'payload: not valid UTF-8'],
    ['an overlong encoding', b64(Buffer.from([0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x7d])), 'payload: not valid UTF-8'],
    ['a missing field', jsonB64(accessLog({ status_code: undefined })), "field 'status_code': required, missing"],
    ['a wrong type', jsonB64(accessLog({ latency_ms: '120' })), "field 'latency_ms':"],
    ['an out-of-range number', jsonB64(accessLog({ status_code: 700 })), "field 'status_code':"],
    ['a bad IP', jsonB64(accessLog({ client_ip: '300.1.1.1' })), "field 'client_ip': expected an IPv4 or IPv6 address"],
    [
      'a far-future time',
      jsonB64(accessLog({ access_time: '2030-01-01T00:00:00Z' })),
      "field 'access_time': is more than 300 s in the future",
    ],
    ['a far-past time', jsonB64(accessLog({ access_time: 1_700_000_000 })), "field 'access_time': is before 2000-01-01"],
    ['a time without zone', jsonB64(accessLog({ access_time: '2026-11-24T09:00:00' })), "field 'access_time': expected ISO-8601"],
  ])('quarantines %s with a reason naming it, and answers success', async (_case, data, reason) => {
    // Prepare
    firehoseAcceptsAll();
    const { handler } = setup();
    const event = kinesisEvent([data]);
    // Act
    const response = await handler(event);
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(firehoseMock.calls()).toHaveLength(0);
    const [entry] = quarantined();
    const input = event.Records[0]?.kinesis;
    expect(String(entry?.reason)).toContain(reason);
    expect(entry).toMatchObject({
      raw: data,
      sequence_number: input?.sequenceNumber,
      partition_key: input?.partitionKey,
      approximate_arrival_time: new Date((input?.approximateArrivalTimestamp ?? 0) * 1000).toISOString(),
      quarantined_at: '2026-11-24T10:00:00.000Z',
    });
    const put = s3Mock.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(put?.Bucket).toBe(config.quarantineBucket);
    expect(put?.Key).toMatch(/^invalid\/access-logs\/dt=2026-11-24\/shardId-000000000000-\d+-[0-9a-f]{16}\.json$/);
  });

  it('bounds 1 MB strings and keeps unicode intact', async () => {
    // Prepare
    firehoseAcceptsAll();
    const { handler } = setup();
    const path = `/ünïcödé/😀${'x'.repeat(1_000_000)}`;
    const event = kinesisEvent([jsonB64(accessLog({ request_path: path, user_id: `${'u'.repeat(127)}😀` }))]);
    // Act
    const response = await handler(event);
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const [row] = deliveredRows();
    expect(row?.request_path).toBe(path.slice(0, 2048));
    // The emoji would straddle the 128 bound: cut before it, never half a surrogate pair.
    expect(row?.user_id).toBe('u'.repeat(127));
  });

  it('accepts a replacement character the producer really sent (valid UTF-8 EF BF BD)', async () => {
    // Prepare
    firehoseAcceptsAll();
    const { handler } = setup();
    const event = kinesisEvent([jsonB64(accessLog({ request_path: '/titles/\uFFFD/manifest.mpd' }))]);
    // Act
    const response = await handler(event);
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(deliveredRows().map((r) => r.request_path)).toEqual(['/titles/\uFFFD/manifest.mpd']);
  });

  it('keeps producer event ids and derives the same id from the same content', async () => {
    // Prepare
    firehoseAcceptsAll();
    const { handler } = setup();
    const anonymous = accessLog({ event_id: undefined });
    const event = kinesisEvent([
      jsonB64(accessLog({ event_id: '3F2B8C1E-9A7D-4E21-8B6F-0C5D4E3A2B1C' })),
      jsonB64(accessLog()),
      jsonB64(anonymous),
      // The same event sent again (new sequence number), its time written as epoch ms.
      jsonB64({ ...anonymous, access_time: Date.parse(String(anonymous.access_time)) }),
      jsonB64(accessLog({ event_id: undefined, latency_ms: 121 })),
    ]);
    // Act
    await handler(event);
    // Assess
    const ids = deliveredRows().map((r) => r.event_id);
    // Duplicates are delivered, not dropped: readers de-duplicate on event_id.
    expect(ids).toHaveLength(5);
    expect(ids[0]).toBe('3f2b8c1e-9a7d-4e21-8b6f-0c5d4e3a2b1c');
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids[3]).toBe(ids[2]);
    expect(ids[4]).not.toBe(ids[2]);
  });

  it('routes a mixed batch and emits the metrics as EMF', async () => {
    // Prepare
    firehoseAcceptsAll();
    const { handler, emf } = setup();
    const event = kinesisEvent([
      jsonB64(accessLog({ device_type: 'mobile', region: 'us-east', latency_ms: 100 })),
      'bad!',
      jsonB64(accessLog({ device_type: 'mobile', region: 'eu-west', latency_ms: 300, status_code: 404 })),
      jsonB64(accessLog({ status_code: 503, error_code: 'CDN_EDGE_5XX', latency_ms: 200 })),
      jsonB64([1]),
    ]);
    // Act
    const response = await handler(event);
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(deliveredRows()).toHaveLength(3);
    expect(quarantined()).toHaveLength(2);
    expect(deliveredRows()[2]).toMatchObject({
      is_critical: true,
      critical_reason: 'critical error code CDN_EDGE_5XX',
      severity: 'critical',
    });
    const docs = emf.map(
      (l) => JSON.parse(l) as { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][] }[] } } & Record<string, unknown>,
    );
    for (const doc of docs) {
      expect(doc._aws.CloudWatchMetrics[0]?.Namespace).toBe('LogTelemetryPipeline/dev');
      expect(doc._aws.CloudWatchMetrics[0]?.Dimensions[0]).toEqual(['Dataset']);
      expect(doc.Dataset).toBe('access-logs');
    }
    const requestDoc = docs.find((d) => d.DeviceType === 'mobile' && d.Region === 'us-east');
    expect(requestDoc?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['Dataset'], ['Dataset', 'DeviceType'], ['Dataset', 'Region']]);
    expect(metricSum(emf, 'RecordsValid')).toBe(3);
    expect(metricSum(emf, 'RecordsInvalid')).toBe(2);
    expect(metricSum(emf, 'Requests')).toBe(3);
    expect(metricSum(emf, 'Requests', { DeviceType: 'mobile' })).toBe(2);
    expect(metricSum(emf, 'Errors', { ErrorCode: 'CDN_EDGE_5XX', Severity: 'critical' })).toBe(1);
    expect(metricSum(emf, 'Errors', { ErrorCode: '4xx', Severity: 'warning' })).toBe(1);
    expect(metricSum(emf, 'CriticalErrors')).toBe(1);
    expect(metricSum(emf, 'LatencyMs')).toBe(600);
  });

  it('marks a 5xx burst critical', async () => {
    // Prepare
    firehoseAcceptsAll();
    const { handler, emf } = setup();
    const burst = Array.from({ length: 10 }, (_, i) => jsonB64(accessLog({ status_code: 502, access_time: NOW_MS - 30_000 + i * 1000 })));
    const lone = jsonB64(accessLog({ status_code: 500, access_time: NOW_MS - 200_000 }));
    // Act
    await handler(kinesisEvent([lone, ...burst]));
    // Assess
    const rows = deliveredRows();
    expect(rows[0]).toMatchObject({ is_critical: false });
    expect(rows.slice(1).every((r) => r.is_critical === true && String(r.critical_reason).startsWith('5xx burst'))).toBe(true);
    expect(metricSum(emf, 'CriticalErrors')).toBe(10);
  });

  it('retries only the failed entries, then reports the first undelivered record', async () => {
    // Prepare: the first call fails entries 1 and 3, every later call fails everything.
    let call = 0;
    firehoseMock.on(PutRecordBatchCommand).callsFake((input: { Records: unknown[] }) => {
      call += 1;
      const failed = (i: number) => call > 1 || i === 1 || i === 3;
      const responses = input.Records.map((_, i) =>
        failed(i) ? { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'Slow down.' } : { RecordId: `rid-${i}` },
      );
      return { FailedPutCount: responses.filter((r) => 'ErrorCode' in r).length, RequestResponses: responses };
    });
    const { handler, delays } = setup();
    const event = kinesisEvent(Array.from({ length: 5 }, (_, i) => jsonB64(accessLog({ latency_ms: i }))));
    // Act
    const response = await handler(event);
    // Assess
    const calls = firehoseMock.commandCalls(PutRecordBatchCommand);
    expect(calls).toHaveLength(4);
    expect(calls[1]?.args[0].input.Records).toHaveLength(2);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: event.Records[1]?.kinesis.sequenceNumber }]);
    // Full jitter with random 0.5: half of 50, 100, 200 ms.
    expect(delays).toEqual([25, 50, 100]);
  });

  it('recovers from whole-call throttling and 5xx within the bound', async () => {
    // Prepare
    firehoseMock
      .on(PutRecordBatchCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }))
      .rejectsOnce(new ServiceUnavailableException({ message: 'unavailable', $metadata: { httpStatusCode: 503 } }))
      .callsFake((input: { Records: unknown[] }) => ({
        FailedPutCount: 0,
        RequestResponses: input.Records.map(() => ({ RecordId: 'r' })),
      }));
    const { handler } = setup();
    // Act
    const response = await handler(kinesisEvent([jsonB64(accessLog()), jsonB64(accessLog())]));
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(firehoseMock.commandCalls(PutRecordBatchCommand)).toHaveLength(3);
  });

  it('treats a failed quarantine write as undelivered, pointing at the first invalid record', async () => {
    // Prepare
    firehoseAcceptsAll();
    s3Mock
      .on(PutObjectCommand)
      .rejects(Object.assign(new Error('Please reduce your request rate.'), { name: 'SlowDown', $metadata: { httpStatusCode: 503 } }));
    const { handler } = setup();
    const event = kinesisEvent([jsonB64(accessLog()), 'bad!', jsonB64(accessLog()), 'bad!']);
    // Act
    const response = await handler(event);
    // Assess
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(4);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: event.Records[1]?.kinesis.sequenceNumber }]);
  });

  it('also puts valid records to the search stream when one is configured', async () => {
    // Prepare
    firehoseAcceptsAll();
    const { handler } = setup({ searchDeliveryStream: 'dev-access-logs-search' });
    // Act
    await handler(kinesisEvent([jsonB64(accessLog())]));
    // Assess
    const streams = firehoseMock.commandCalls(PutRecordBatchCommand).map((c) => c.args[0].input.DeliveryStreamName);
    expect(streams.sort()).toEqual(['dev-access-logs-processed', 'dev-access-logs-search']);
  });

  describe('regression: issue 12', () => {
    it('1. delivers a text field whose whole value is U+0000 (the old in-band invalid marker)', async () => {
      // Prepare
      firehoseAcceptsAll();
      const { handler } = setup();
      const event = kinesisEvent([jsonB64(accessLog({ http_method: '\u0000', error_code: '\u0000', user_id: '\u0000' }))]);
      // Act
      const response = await handler(event);
      // Assess
      expect(response.batchItemFailures).toEqual([]);
      expect(quarantined()).toEqual([]);
      expect(deliveredRows()).toEqual([expect.objectContaining({ http_method: '\u0000', error_code: '\u0000', user_id: '\u0000' })]);
    });

    it('2. publishes producer error codes outside the declared set as ErrorCode other, and keeps the raw value in the row', async () => {
      // Prepare
      firehoseAcceptsAll();
      const { handler, emf } = setup();
      const codes = [' ', '\u0001\u0002', 'ÉCHEC', ...Array.from({ length: 200 }, (_, i) => `BILL_ME_${i}`), 'NOT_FOUND'];
      const event = kinesisEvent(codes.map((code) => jsonB64(accessLog({ status_code: 404, error_code: code }))));
      // Act
      await handler(event);
      // Assess
      const published = new Set(emf.map((l) => (JSON.parse(l) as { ErrorCode?: string }).ErrorCode).filter((v) => v !== undefined));
      expect([...published].sort()).toEqual(['NOT_FOUND', 'other']);
      expect(metricSum(emf, 'Errors', { ErrorCode: 'other' })).toBe(codes.length - 1);
      expect(deliveredRows().map((r) => r.error_code)).toEqual(codes);
    });

    it('3. does not trust FailedPutCount: an entry without a RecordId, or with an ErrorCode, is sent again', async () => {
      // Prepare: the first answer claims success for all, but entry 1 has no RecordId and entry 2 an ErrorCode.
      let call = 0;
      firehoseMock.on(PutRecordBatchCommand).callsFake((input: { Records: unknown[] }) => {
        call += 1;
        const responses = input.Records.map((_, i) => {
          if (call === 1 && i === 1) return {};
          if (call === 1 && i === 2) return { RecordId: 'rid', ErrorCode: 'InternalFailure', ErrorMessage: 'x' };
          return { RecordId: `rid-${call}-${i}` };
        });
        return { FailedPutCount: 0, RequestResponses: responses };
      });
      const { handler } = setup();
      const event = kinesisEvent([0, 1, 2, 3].map((i) => jsonB64(accessLog({ latency_ms: i }))));
      // Act
      const response = await handler(event);
      // Assess
      expect(response.batchItemFailures).toEqual([]);
      const calls = firehoseMock.commandCalls(PutRecordBatchCommand);
      expect(calls).toHaveLength(2);
      const resent = (calls[1]?.args[0].input.Records ?? []).map(
        (r) => (JSON.parse(Buffer.from(r.Data ?? new Uint8Array()).toString('utf8')) as { latency_ms: number }).latency_ms,
      );
      expect(resent).toEqual([1, 2]);
    });

    it('3. reports a record undelivered when Firehose never gives it a RecordId', async () => {
      // Prepare
      const latency = (data: Uint8Array): number => (JSON.parse(Buffer.from(data).toString('utf8')) as { latency_ms: number }).latency_ms;
      firehoseMock.on(PutRecordBatchCommand).callsFake((input: { Records: { Data: Uint8Array }[] }) => ({
        FailedPutCount: 0,
        RequestResponses: input.Records.map((r, i) => (latency(r.Data) === 1 ? { RecordId: '' } : { RecordId: `rid-${i}` })),
      }));
      const { handler } = setup();
      const event = kinesisEvent([0, 1, 2].map((i) => jsonB64(accessLog({ latency_ms: i }))));
      // Act
      const response = await handler(event);
      // Assess: four attempts, then the record is named for Lambda to retry.
      expect(firehoseMock.commandCalls(PutRecordBatchCommand)).toHaveLength(4);
      expect(response.batchItemFailures).toEqual([{ itemIdentifier: event.Records[1]?.kinesis.sequenceNumber }]);
    });

    it('4. publishes nothing of an invocation that throws: the next invocation flushes only its own metrics', async () => {
      // Prepare: in the first invocation Firehose fails a call and the logger throws on the warning
      // (after the batch's metrics were counted); the second invocation goes well.
      firehoseMock
        .on(PutRecordBatchCommand)
        .rejects(new ServiceUnavailableException({ message: 'unavailable', $metadata: { httpStatusCode: 503 } }));
      let warnings = 0;
      const throwingOnce: HandlerLogger = {
        ...silentLogger,
        warn: () => {
          if (warnings++ === 0) throw new Error('log sink down');
        },
      };
      const { handler, emf } = setup({}, throwingOnce);
      // Act
      const first = handler(kinesisEvent([jsonB64(accessLog()), jsonB64(accessLog()), jsonB64(accessLog())]));
      await expect(first).rejects.toThrow('log sink down');
      const linesAfterFirst = emf.length;
      firehoseAcceptsAll();
      await handler(kinesisEvent([jsonB64(accessLog())]));
      // Assess
      expect(linesAfterFirst).toBe(0);
      expect(metricSum(emf, 'RecordsValid')).toBe(1);
      expect(metricSum(emf, 'Requests')).toBe(1);
    });

    it.each([
      ['data missing', (k: Record<string, unknown>) => delete k.data, "field 'kinesis.data' missing, expected base64 text"],
      ['data of the wrong type', (k: Record<string, unknown>) => (k.data = 42), "field 'kinesis.data' got number, expected base64 text"],
      [
        'approximateArrivalTimestamp missing',
        (k: Record<string, unknown>) => delete k.approximateArrivalTimestamp,
        "field 'kinesis.approximateArrivalTimestamp' missing, expected epoch seconds",
      ],
      [
        'approximateArrivalTimestamp as text',
        (k: Record<string, unknown>) => (k.approximateArrivalTimestamp = 'yesterday'),
        "field 'kinesis.approximateArrivalTimestamp' got string",
      ],
      [
        'approximateArrivalTimestamp out of range',
        (k: Record<string, unknown>) => (k.approximateArrivalTimestamp = 1e300),
        'got 1e+300, over the bound of 8640000000000',
      ],
    ])('6. quarantines a record with %s, with its envelope, and delivers the rest', async (_case, spoil, reason) => {
      // Prepare
      firehoseAcceptsAll();
      const { handler } = setup();
      const event = kinesisEvent([jsonB64(accessLog()), jsonB64(accessLog()), jsonB64(accessLog())]);
      const broken = event.Records[1] as unknown as { kinesis: Record<string, unknown> };
      spoil(broken.kinesis);
      // Act
      const response = await handler(event);
      // Assess
      expect(response.batchItemFailures).toEqual([]);
      expect(deliveredRows()).toHaveLength(2);
      const [entry] = quarantined();
      expect(String(entry?.reason)).toContain(reason);
      expect(entry?.sequence_number).toBe(event.Records[1]?.kinesis.sequenceNumber);
      expect(JSON.parse(String(entry?.envelope))).toEqual(JSON.parse(JSON.stringify(broken)));
    });

    it('6. names a malformed record in the partial response when its quarantine write fails and its sequence number is usable', async () => {
      // Prepare
      firehoseAcceptsAll();
      s3Mock
        .on(PutObjectCommand)
        .rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
      const { handler } = setup();
      const event = kinesisEvent([jsonB64(accessLog()), jsonB64(accessLog())]);
      delete (event.Records[1] as unknown as { kinesis: Record<string, unknown> }).kinesis.data;
      // Act
      const response = await handler(event);
      // Assess
      expect(response.batchItemFailures).toEqual([{ itemIdentifier: event.Records[1]?.kinesis.sequenceNumber }]);
    });

    it.each([
      ['missing', undefined],
      ['empty', ''],
      ['null', null],
      ['a number', 12345],
    ])('6. quarantines a record whose sequenceNumber is %s, never naming it in the response', async (_case, sequenceNumber) => {
      // Prepare
      firehoseAcceptsAll();
      const { handler } = setup();
      const event = kinesisEvent([jsonB64(accessLog()), jsonB64(accessLog())]);
      (event.Records[0] as unknown as { kinesis: Record<string, unknown> }).kinesis.sequenceNumber = sequenceNumber;
      // Act
      const response = await handler(event);
      // Assess
      expect(response.batchItemFailures).toEqual([]);
      const [entry] = quarantined();
      expect(entry).toMatchObject({ sequence_number: null, raw: event.Records[0]?.kinesis.data });
      expect(String(entry?.reason)).toMatch(/field 'kinesis\.sequenceNumber' (missing|got)/);
    });

    it('6. fails the whole batch on purpose, with a clear log line, when a record without a sequence number cannot be quarantined', async () => {
      // Prepare
      firehoseAcceptsAll();
      s3Mock
        .on(PutObjectCommand)
        .rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
      const logger = recordingLogger();
      const { handler } = setup({}, logger);
      const event = kinesisEvent([jsonB64(accessLog()), jsonB64(accessLog())]);
      delete (event.Records[1] as unknown as { kinesis: Record<string, unknown> }).kinesis.sequenceNumber;
      // Act
      const outcome = handler(event);
      // Assess
      await expect(outcome).rejects.toThrow(
        /^Failing the whole batch on purpose: 1 record\(s\) without a usable sequence number could not be quarantined/,
      );
      expect(logger.lines.filter((l) => l.startsWith('ERROR Failing the whole batch on purpose'))).toHaveLength(1);
    });

    it('4. counts each record once across a partial failure and its retry: records from the named one on are counted when Lambda sends them again', async () => {
      // Prepare: Firehose refuses the second record's entry every time, then (the retry) accepts everything.
      let refuse = true;
      firehoseMock.on(PutRecordBatchCommand).callsFake((input: { Records: { Data: Uint8Array }[] }) => ({
        FailedPutCount: refuse ? 1 : 0,
        RequestResponses: input.Records.map((r, i) =>
          refuse && JSON.parse(Buffer.from(r.Data).toString('utf8')).request_path === '/second'
            ? { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'slow down' }
            : { RecordId: `rid-${i}` },
        ),
      }));
      const { handler, emf } = setup();
      const event = kinesisEvent([
        jsonB64(accessLog({ request_path: '/first', status_code: 503, error_code: 'CDN_EDGE_5XX' })),
        jsonB64(accessLog({ request_path: '/second', status_code: 503, error_code: 'CDN_EDGE_5XX' })),
        'not base64!',
        jsonB64(accessLog({ request_path: '/fourth', latency_ms: 700 })),
      ]);
      // Act: the first invocation names the second record; Lambda then sends it and the ones after it again.
      const first = await handler(event);
      const firstLines = [...emf];
      refuse = false;
      const retry = { Records: event.Records.slice(1) };
      const second = await handler(retry);
      // Assess
      expect(first.batchItemFailures).toEqual([{ itemIdentifier: event.Records[1]?.kinesis.sequenceNumber }]);
      expect(second.batchItemFailures).toEqual([]);
      // The first invocation publishes only the record before the checkpoint...
      expect(metricSum(firstLines, 'RecordsValid')).toBe(1);
      expect(metricSum(firstLines, 'RecordsInvalid')).toBe(0);
      expect(metricSum(firstLines, 'Requests')).toBe(1);
      expect(metricSum(firstLines, 'CriticalErrors')).toBe(1);
      expect(metricSum(firstLines, 'LatencyMs')).toBe(120);
      // ...and over both invocations every record counts once.
      expect(metricSum(emf, 'RecordsValid')).toBe(3);
      expect(metricSum(emf, 'RecordsInvalid')).toBe(1);
      expect(metricSum(emf, 'Requests')).toBe(3);
      expect(metricSum(emf, 'Errors', { ErrorCode: 'CDN_EDGE_5XX' })).toBe(2);
      expect(metricSum(emf, 'CriticalErrors')).toBe(2);
      expect(metricSum(emf, 'LatencyMs')).toBe(120 + 120 + 700);
    });

    it('4. publishes nothing of a batch it fails as a whole on purpose: Lambda runs all of it again, and its metrics would count twice', async () => {
      // Prepare: a record without a sequence number whose quarantine write fails makes the handler throw.
      firehoseAcceptsAll();
      s3Mock
        .on(PutObjectCommand)
        .rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
      const { handler, emf } = setup();
      const event = kinesisEvent([jsonB64(accessLog()), jsonB64(accessLog())]);
      delete (event.Records[1] as unknown as { kinesis: Record<string, unknown> }).kinesis.sequenceNumber;
      // Act
      await expect(handler(event)).rejects.toThrow(/^Failing the whole batch on purpose/);
      // Assess
      expect(emf).toEqual([]);
      // The retry (quarantine working again) publishes its own counts once.
      s3Mock.on(PutObjectCommand).resolves({ ETag: '"etag"' });
      await expect(handler(event)).resolves.toEqual({ batchItemFailures: [] });
      expect(metricSum(emf, 'RecordsValid')).toBe(1);
      expect(metricSum(emf, 'RecordsInvalid')).toBe(1);
      expect(metricSum(emf, 'Requests')).toBe(1);
    });

    it('6. quarantines a record that is not an object or has no kinesis field, and answers an event without Records', async () => {
      // Prepare
      firehoseAcceptsAll();
      const { handler } = setup();
      const good = kinesisEvent([jsonB64(accessLog())]).Records[0];
      const event = { Records: [null, { eventID: 'shardId-000000000001:1' }, good] } as unknown as KinesisStreamEvent;
      // Act
      const response = await handler(event);
      const empty = await handler({} as KinesisStreamEvent);
      // Assess
      expect(response.batchItemFailures).toEqual([]);
      expect(empty.batchItemFailures).toEqual([]);
      expect(deliveredRows()).toHaveLength(1);
      expect(quarantined().map((e) => e.reason)).toEqual([
        'envelope: expected an object, got null',
        "envelope: field 'kinesis' missing, expected an object",
      ]);
    });

    it.each([
      ['a missing event time', accessLog({ access_time: undefined }), "field 'access_time': required, missing"],
      ['a missing IP', accessLog({ client_ip: undefined }), "field 'client_ip': required, missing"],
      ['a status far over its bound', accessLog({ status_code: 1e300 }), "field 'status_code': must be <= 599, got 1e+300"],
      [
        'bytes over the exact-integer range',
        accessLog({ bytes_sent: 2 ** 60 }),
        "field 'bytes_sent': must be <= 1000000000000, got 1152921504606847000",
      ],
    ])('7. says %s in the reason', async (_case, payload, reason) => {
      // Prepare
      const { handler } = setup();
      // Act
      await handler(kinesisEvent([jsonB64(payload)]));
      // Assess
      expect(quarantined().map((e) => e.reason)).toEqual([reason]);
    });
  });
});
