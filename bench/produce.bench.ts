/**
 * npm run bench:produce — the batching producer (KinesisBatchSender, PutRecords)
 * against a naive producer (one PutRecord per record), both against the same
 * in-process kinesalite in the same run, on the same generated access logs.
 * Reports records/s for both, their ratio, and requests per 1,000 records.
 * Target (issue 5): batching <= 3 requests per 1,000 records.
 */
import { PutRecordCommand } from '@aws-sdk/client-kinesis';
import { performance } from 'node:perf_hooks';
import { accessLogs } from '../datasets/access-logs';
import { generateAccessLogs } from '../producers/access-log-generator';
import { KinesisBatchSender } from '../producers/kinesis-batch-sender';
import { createKinesisClient } from '../producers/kinesis-client';
import { createStream, readStream, startLocalKinesis } from '../producers/local-kinesis';
import { encodeRecord } from '../producers/record-encoding';
import { silenceSdkNodeVersionWarning } from '../config/sdk-node-warning';

const BATCHED_RECORDS = Number(process.env.BENCH_RECORDS ?? 20_000);
// The naive producer is ~100x slower; a smaller sample gives the same rate.
const NAIVE_RECORDS = Number(process.env.BENCH_NAIVE_RECORDS ?? 2_000);
const TARGET_REQUESTS_PER_1000 = 3;

interface Result {
  readonly name: string;
  readonly records: number;
  readonly requests: number;
  readonly seconds: number;
}

async function main(): Promise<void> {
  const kinesis = await startLocalKinesis();
  const client = createKinesisClient({ region: 'us-east-1', endpoint: kinesis.endpoint });
  let requests = 0;
  client.middlewareStack.add((next) => (args) => ((requests += 1), next(args)), { step: 'initialize', name: 'countRequests' });
  try {
    await createStream(client, 'bench-batched', 4);
    await createStream(client, 'bench-naive', 4);
    const records = generateAccessLogs({ seed: 1, count: BATCHED_RECORDS, simulatedDurationMs: 3_600_000 }).records.map((r) => encodeRecord(accessLogs, r));

    // Warm-up: connection and JIT, not measured.
    await client.send(new PutRecordCommand({ StreamName: 'bench-naive', PartitionKey: 'warm', Data: records[0].data }));

    requests = 0;
    let t0 = performance.now();
    const sender = new KinesisBatchSender({ client, streamName: 'bench-batched' });
    for (const r of records) await sender.add(r);
    const totals = await sender.close();
    const batched: Result = { name: 'batching (PutRecords)', records: totals.sent, requests, seconds: (performance.now() - t0) / 1000 };
    if (totals.failed > 0) throw new Error(`batching producer failed ${totals.failed} records`);

    requests = 0;
    t0 = performance.now();
    for (const r of records.slice(0, NAIVE_RECORDS)) {
      await client.send(new PutRecordCommand({ StreamName: 'bench-naive', PartitionKey: r.partitionKey, Data: r.data }));
    }
    const naive: Result = { name: 'naive (PutRecord each)', records: NAIVE_RECORDS, requests, seconds: (performance.now() - t0) / 1000 };

    const stored = (await readStream(client, 'bench-batched')).length;
    if (stored !== BATCHED_RECORDS) throw new Error(`expected ${BATCHED_RECORDS} records in the stream, read ${stored}`);

    const rate = (r: Result): number => r.records / r.seconds;
    const per1000 = (r: Result): number => (r.requests * 1000) / r.records;
    for (const r of [batched, naive]) {
      process.stdout.write(`${r.name.padEnd(24)} ${String(r.records).padStart(6)} records  ${rate(r).toFixed(0).padStart(7)} rec/s  ${per1000(r).toFixed(2).padStart(7)} requests/1000 records\n`);
    }
    const ok = per1000(batched) <= TARGET_REQUESTS_PER_1000;
    process.stdout.write(`batching / naive throughput: ${(rate(batched) / rate(naive)).toFixed(1)}x\n`);
    process.stdout.write(`target <= ${TARGET_REQUESTS_PER_1000} requests/1000 records: ${ok ? 'met' : 'MISSED'} (${per1000(batched).toFixed(2)})\n`);
    if (!ok) process.exitCode = 1;
  } finally {
    client.destroy();
    await kinesis.close();
  }
}

silenceSdkNodeVersionWarning();
main().catch((error: unknown) => {
  process.stderr.write(`bench:produce: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
