import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventSourcePoller, type EventSourceMappingSettings } from '../../local/event-source-poller';
import { FailureDestination } from '../../local/failure-destination';
import { LocalLake } from '../../local/local-lake';
import { SimulatedClock } from '../../local/simulated-clock';
import { createKinesisClient, createStream, KinesisBatchSender, startLocalKinesis, type LocalKinesis } from '../../producers';

const START = Date.UTC(2026, 0, 1, 12, 0, 0);
const SETTINGS: EventSourceMappingSettings = {
  batchSize: 10,
  maximumBatchingWindowSeconds: 5,
  maximumRetryAttempts: 2,
  maximumRecordAgeSeconds: 3600,
  bisectBatchOnFunctionError: true,
  timeoutSeconds: 60,
};

/** Eight records 100 ms apart: one batch. Each payload carries its index `n`. */
async function putRecords(client: KinesisClient, stream: string): Promise<void> {
  const sender = new KinesisBatchSender({ client, streamName: stream });
  for (let n = 0; n < 8; n++) {
    await sender.add({
      id: String(n),
      partitionKey: 'k',
      data: Buffer.from(JSON.stringify({ n, t: new Date(START + n * 100).toISOString() })),
    });
  }
  await sender.close();
}

function indices(event: KinesisStreamEvent): number[] {
  return event.Records.map((r) => (JSON.parse(Buffer.from(r.kinesis.data, 'base64').toString('utf8')) as { n: number }).n);
}

describe('Class: EventSourcePoller', () => {
  let kinesis: LocalKinesis;
  let client: KinesisClient;
  let dataDir: string;
  let streamCount = 0;

  beforeAll(async () => {
    kinesis = await startLocalKinesis();
    client = createKinesisClient({ region: 'us-east-1', endpoint: kinesis.endpoint });
    dataDir = mkdtempSync(join(tmpdir(), 'poller-'));
  });

  afterAll(async () => {
    client.destroy();
    await kinesis.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function poll(handler: (event: KinesisStreamEvent) => Promise<KinesisStreamBatchResponse>) {
    streamCount += 1;
    const stream = `poller-test-${streamCount}`;
    await createStream(client, stream, 1);
    await putRecords(client, stream);
    const lake = new LocalLake(dataDir);
    const destination = new FailureDestination({
      lake,
      bucket: `dest-${streamCount}`,
      mappingUuid: 'uuid',
      functionArn: 'arn:fn',
      streamArn: `arn:${stream}`,
    });
    const calls: number[][] = [];
    const poller = new EventSourcePoller({
      client,
      streamName: stream,
      streamArn: `arn:${stream}`,
      functionArn: 'arn:fn',
      region: 'us-east-1',
      dataset: { eventTimeField: 't' },
      settings: SETTINGS,
      handler: (event) => {
        calls.push(indices(event));
        return handler(event);
      },
      clock: new SimulatedClock(START),
      startMs: START,
      failureDestination: destination,
    });
    const stats = await poller.run();
    return { stats, calls, lake, bucket: `dest-${streamCount}` };
  }

  it('retries from the checkpoint named by a partial batch response', async () => {
    // Prepare: the first invocation reports record 3 as the first failure.
    let first = true;
    // Act
    const { stats, calls } = await poll((event) => {
      const failure = first ? [{ itemIdentifier: event.Records[3]?.kinesis.sequenceNumber ?? '' }] : [];
      first = false;
      return Promise.resolve({ batchItemFailures: failure });
    });
    // Assess
    expect(calls).toEqual([
      [0, 1, 2, 3, 4, 5, 6, 7],
      [3, 4, 5, 6, 7],
    ]);
    expect(stats).toMatchObject({ invocations: 2, retries: 1, partialFailures: 1, succeeded: 8, failed: 0 });
  });

  it('bisects a batch whose invocation throws, then sends the poison record to the failure destination after the retries', async () => {
    // Act: record 5 makes the function throw.
    const { stats, calls, lake, bucket } = await poll((event) => {
      if (indices(event).includes(5)) return Promise.reject(new Error('poison record'));
      return Promise.resolve({ batchItemFailures: [] });
    });
    // Assess: halves until the poison record is alone, 1 + maximumRetryAttempts attempts on it, then on
    expect(calls).toEqual([[0, 1, 2, 3, 4, 5, 6, 7], [0, 1, 2, 3], [4, 5, 6, 7], [4, 5], [4], [5], [5], [5], [6, 7]]);
    expect(stats).toMatchObject({ succeeded: 7, failed: 1, functionErrors: 6, bisections: 3 });
    const keys = await lake.listKeys(bucket, 'aws/lambda/');
    expect(keys).toHaveLength(1);
    const body = JSON.parse(readFileSync(lake.objectPath(bucket, keys[0] as string), 'utf8')) as {
      requestContext: { condition: string; approximateInvokeCount: number };
      responseContext: { functionError?: string };
      payload: string;
    };
    expect(body.requestContext).toMatchObject({ condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3 });
    expect(body.responseContext.functionError).toContain('poison record');
    expect(indices(JSON.parse(body.payload) as KinesisStreamEvent)).toEqual([5]);
  });

  it('treats an identifier that is not in the batch as a failure of the whole batch', async () => {
    let first = true;
    const { calls, stats } = await poll(() => {
      const failure = first ? [{ itemIdentifier: 'not-a-sequence-number' }] : [];
      first = false;
      return Promise.resolve({ batchItemFailures: failure });
    });
    expect(calls).toEqual([
      [0, 1, 2, 3, 4, 5, 6, 7],
      [0, 1, 2, 3, 4, 5, 6, 7],
    ]);
    expect(stats).toMatchObject({ succeeded: 8, retries: 1 });
  });
});
