import { readStream } from '../../producers/local-kinesis';
import { InvalidPartitionKeyError, RecordTooLargeError, SenderClosedError } from '../../producers/errors';
import { KinesisBatchSender, type KinesisBatchSenderProps } from '../../producers/kinesis-batch-sender';
import { createKinesisClient } from '../../producers/kinesis-client';
import { KINESIS_LIMITS } from '../../producers/kinesis-limits';
import { outgoingRecord, outgoingRecords, parseData } from './support/factories';
import { startHarness, type KinesisHarness } from './support/kinesis-harness';
import { injectThrottling } from './support/throttling-injector';

describe('Class: KinesisBatchSender (against kinesalite)', () => {
  let harness: KinesisHarness;
  const noWait: Pick<KinesisBatchSenderProps, 'sleep' | 'random'> = { sleep: () => Promise.resolve(), random: () => 0.5 };

  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  async function readIds(streamName: string): Promise<string[]> {
    return (await readStream(harness.admin, streamName)).map((r) => parseData(r.data).id);
  }

  it('sends every record once, readable back in order per partition key, in full batches', async () => {
    // Prepare
    const streamName = await harness.newStream(3);
    const records = outgoingRecords(1200, { keys: 7 });
    const sender = new KinesisBatchSender({ client: harness.client(), streamName });

    // Act
    for (const r of records) await sender.add(r);
    const totals = await sender.close();

    // Assess
    expect(totals).toMatchObject({ added: 1200, sent: 1200, retried: 0, failed: 0, requests: 3 });
    const read = await readStream(harness.admin, streamName);
    expect(read).toHaveLength(1200);
    for (let k = 0; k < 7; k++) {
      const sentOrder = records.filter((r) => r.partitionKey === `key-${k}`).map((r) => r.id);
      const readOrder = read.filter((r) => r.partitionKey === `key-${k}`).map((r) => parseData(r.data).id);
      expect(readOrder).toEqual(sentOrder);
    }
  });

  it('splits requests at 5 MiB even below 500 records', async () => {
    // Prepare: 12 records of ~900 KiB = ~10.5 MiB -> at least 3 requests of <= 5 MiB
    const streamName = await harness.newStream(1);
    const records = outgoingRecords(12, { sizeBytes: 900 * 1024 });
    const sizes: number[] = [];
    const client = harness.client();
    client.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { Records?: { Data?: Uint8Array; PartitionKey?: string }[] };
        sizes.push((input.Records ?? []).reduce((s, r) => s + (r.Data?.byteLength ?? 0) + Buffer.byteLength(r.PartitionKey ?? ''), 0));
        return next(args);
      },
      { step: 'initialize', name: 'measure' },
    );
    const sender = new KinesisBatchSender({ client, streamName });

    // Act
    for (const r of records) await sender.add(r);
    const totals = await sender.close();

    // Assess
    expect(totals.sent).toBe(12);
    expect(sizes.length).toBe(3);
    for (const s of sizes) expect(s).toBeLessThanOrEqual(KINESIS_LIMITS.maxBytesPerRequest);
    expect(await readIds(streamName)).toEqual(records.map((r) => r.id));
  });

  it('rejects a record over 1 MiB (data + partition key) by name, and sends nothing for it', async () => {
    // Prepare
    const streamName = await harness.newStream(1);
    const sender = new KinesisBatchSender({ client: harness.client(), streamName });
    const exact = outgoingRecord({ id: 'fits', partitionKey: 'k', data: new Uint8Array(KINESIS_LIMITS.maxRecordBytes - 1) });
    const over = outgoingRecord({ id: 'too-big-1', partitionKey: 'kk', data: new Uint8Array(KINESIS_LIMITS.maxRecordBytes - 1) });

    // Act
    await sender.add(exact);
    const rejection = sender.add(over);

    // Assess
    await expect(rejection).rejects.toThrow(RecordTooLargeError);
    await expect(rejection).rejects.toThrow(
      "record 'too-big-1' is 1048577 bytes (data + partition key); expected at most 1048576 bytes per Kinesis record",
    );
    await expect(sender.add(outgoingRecord({ id: 'nokey', partitionKey: '' }))).rejects.toThrow(InvalidPartitionKeyError);
    const totals = await sender.close();
    expect(totals).toMatchObject({ added: 1, sent: 1, failed: 0 });
    await expect(sender.add(outgoingRecord())).rejects.toThrow(SenderClosedError);
  });

  it('with 30% of entries throttled, retries only those: none lost, none duplicated', async () => {
    // Prepare
    const streamName = await harness.newStream(2);
    const client = harness.client();
    const stats = injectThrottling(client, { entryFailureShare: 0.3, seed: 11 });
    const records = outgoingRecords(2000, { keys: 5 });
    const sender = new KinesisBatchSender({ client, streamName, maxAttempts: 20, ...noWait });

    // Act
    for (const r of records) await sender.add(r);
    const totals = await sender.close();

    // Assess
    expect(totals).toMatchObject({ added: 2000, sent: 2000, failed: 0, failedRecords: [] });
    expect(stats.entriesFailed).toBeGreaterThan(400);
    expect(totals.retried).toBe(stats.entriesFailed);
    expect(stats.entriesAttempted).toBe(2000 + stats.entriesFailed);
    const ids = await readIds(streamName);
    expect(ids).toHaveLength(2000);
    expect(new Set(ids)).toEqual(new Set(records.map((r) => r.id)));
  });

  it('orderedKeys: with 30% of entries throttled, every record lands once and in order per key, with one record per key in a request', async () => {
    // Prepare
    const streamName = await harness.newStream(2);
    const client = harness.client();
    const stats = injectThrottling(client, { entryFailureShare: 0.3, seed: 5 });
    const records = outgoingRecords(300, { keys: 5 });
    const keysPerRequest: number[] = [];
    client.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { Records?: { PartitionKey?: string }[] };
        const keys = (input.Records ?? []).map((r) => r.PartitionKey);
        keysPerRequest.push(keys.length - new Set(keys).size);
        return next(args);
      },
      { step: 'initialize', name: 'repeatedKeys', priority: 'high' },
    );
    const sender = new KinesisBatchSender({ client, streamName, orderedKeys: true, maxAttempts: 20, ...noWait });

    // Act
    for (const r of records) await sender.add(r);
    const totals = await sender.close();

    // Assess
    expect(totals).toMatchObject({ added: 300, sent: 300, failed: 0 });
    expect(stats.entriesFailed).toBeGreaterThan(50);
    expect(totals.retried).toBe(stats.entriesFailed);
    expect(keysPerRequest.every((repeated) => repeated === 0)).toBe(true);
    const read = await readStream(harness.admin, streamName);
    expect(read).toHaveLength(300);
    for (let k = 0; k < 5; k++) {
      const sentOrder = records.filter((r) => r.partitionKey === `key-${k}`).map((r) => r.id);
      const readOrder = read.filter((r) => r.partitionKey === `key-${k}`).map((r) => parseData(r.data).id);
      expect(readOrder).toEqual(sentOrder);
    }
  });

  it('retries whole throttled calls with capped, jittered exponential backoff', async () => {
    // Prepare
    const streamName = await harness.newStream(1);
    const client = harness.client();
    const stats = injectThrottling(client, { callFailureShare: 0.5, seed: 3 });
    const delays: number[] = [];
    const sender = new KinesisBatchSender({
      client,
      streamName,
      maxAttempts: 30,
      baseDelayMs: 10,
      maxDelayMs: 40,
      random: () => 0.999,
      sleep: async (ms) => void delays.push(ms),
    });

    // Act
    for (const r of outgoingRecords(600)) await sender.add(r);
    const totals = await sender.close();

    // Assess
    expect(totals).toMatchObject({ sent: 600, failed: 0 });
    expect(stats.callsFailed).toBeGreaterThan(0);
    expect(delays.length).toBe(stats.callsFailed);
    expect(Math.max(...delays)).toBeLessThan(40);
    expect(delays[0]).toBe(9);
    expect(await readIds(streamName)).toHaveLength(600);
  });

  it('when everything is throttled, gives up on the first batch after maxAttempts, tries later ones once, and reports each record as failed', async () => {
    // Prepare
    const streamName = await harness.newStream(1);
    const client = harness.client();
    const stats = injectThrottling(client, { entryFailureShare: 1 });
    const records = outgoingRecords(750);
    const delays: number[] = [];
    const sender = new KinesisBatchSender({
      client,
      streamName,
      maxAttempts: 4,
      baseDelayMs: 100,
      maxDelayMs: 300,
      random: () => 0.999,
      sleep: async (ms) => void delays.push(ms),
    });

    // Act
    for (const r of records) await sender.add(r);
    const totals = await sender.close();

    // Assess
    expect(totals).toMatchObject({ added: 750, sent: 0, failed: 750, retried: 500 * 3, requests: 4 + 1 });
    expect(stats.calls).toBe(5);
    expect(delays).toEqual([99, 199, 299]);
    expect(totals.failedRecords.map((f) => f.id)).toEqual(records.map((r) => r.id));
    expect(totals.failedRecords[0]).toEqual({
      id: 'rec-0',
      partitionKey: 'rec-0',
      errorCode: 'ProvisionedThroughputExceededException',
      errorMessage: 'Rate exceeded for shard shardId-000000000000 in stream. (gave up after 4 attempts)',
      attempts: 4,
    });
    expect(totals.failedRecords[749]).toMatchObject({
      id: 'rec-749',
      attempts: 1,
      errorMessage: 'Rate exceeded for shard shardId-000000000000 in stream. (gave up after 1 attempt)',
    });
    expect(await readIds(streamName)).toEqual([]);
  });

  it('after a batch gave up with nothing written, retries again with backoff once an entry gets through', async () => {
    // Prepare: calls 1-3 throttled (batch 1 gives up, batch 2 gets one try), call 4 passes, call 5 throttled
    const streamName = await harness.newStream(1);
    const client = harness.client();
    const stats = injectThrottling(client, { failCalls: [1, 2, 3, 5] });
    const records = outgoingRecords(40);
    const delays: number[] = [];
    const sender = new KinesisBatchSender({
      client,
      streamName,
      maxAttempts: 2,
      maxRecordsPerRequest: 10,
      random: () => 0.5,
      sleep: async (ms) => void delays.push(ms),
    });

    // Act
    for (const r of records) await sender.add(r);
    const totals = await sender.close();

    // Assess
    expect(stats.calls).toBe(6);
    expect(delays).toEqual([50, 50]);
    expect(totals).toMatchObject({ added: 40, sent: 20, failed: 20, requests: 6 });
    expect(totals.failedRecords.map((f) => [f.id, f.attempts])).toEqual(records.slice(0, 20).map((r, i) => [r.id, i < 10 ? 2 : 1]));
    expect(await readIds(streamName)).toEqual(records.slice(20).map((r) => r.id));
  });

  it('does not retry a non-retryable call error and reports it per record', async () => {
    // Prepare
    const streamName = await harness.newStream(1);
    const client = harness.client();
    const stats = injectThrottling(client, { nonRetryable: true });
    const sender = new KinesisBatchSender({ client, streamName, ...noWait });

    // Act
    for (const r of outgoingRecords(3)) await sender.add(r);
    const totals = await sender.close();

    // Assess
    expect(stats.calls).toBe(1);
    expect(totals).toMatchObject({ sent: 0, failed: 3, retried: 0, requests: 1 });
    expect(totals.failedRecords[2]).toMatchObject({ id: 'rec-2', errorCode: 'ResourceNotFoundException', attempts: 1 });
  });
});

describe('Class: KinesisBatchSender (endpoint down)', () => {
  it('treats a refused connection as transient, retries within the bound, then reports the records', async () => {
    // Prepare: a port nothing listens on
    const client = createKinesisClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9' });
    const sender = new KinesisBatchSender({ client, streamName: 'nowhere', maxAttempts: 3, sleep: () => Promise.resolve() });

    // Act
    for (const r of outgoingRecords(2)) await sender.add(r);
    const totals = await sender.close();
    client.destroy();

    // Assess
    expect(totals).toMatchObject({ sent: 0, failed: 2, retried: 4, requests: 3 });
    expect(totals.failedRecords[0]).toMatchObject({ id: 'rec-0', errorCode: 'ECONNREFUSED', attempts: 3 });
  });
});
