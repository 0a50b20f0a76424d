/**
 * npm run bench:produce — the batching producer (KinesisBatchSender, PutRecords)
 * against a naive producer (one PutRecord per record), both against the same
 * in-process kinesalite in the same run, on the same generated access logs.
 * Reports records/s for both, their ratio, and requests per 1,000 records.
 * Target (issue 5): batching <= 3 requests per 1,000 records.
 *
 * Memory (issue 17): `npm run produce -- access-logs --count N` as a child process
 * against a discarding loopback endpoint, its peak RSS (VmHWM) sampled from /proc
 * every 20 ms, for 10,000 and 1,000,000 records in the same run. Generation streams,
 * so the peak should not grow with the count. Target: <= 150 MB for 1M records.
 */
import { PutRecordCommand } from '@aws-sdk/client-kinesis';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDiscardingKinesis } from './support/discarding-kinesis';
import { performance } from 'node:perf_hooks';
import { accessLogs } from '../datasets/access-logs';
import { generateAccessLogs } from '../producers/access-log-generator';
import { KinesisBatchSender } from '../producers/kinesis-batch-sender';
import { createKinesisClient } from '../producers/kinesis-client';
import { createStream, readStream, startLocalKinesis } from '../producers/local-kinesis';
import { encodeRecord } from '../producers/record-encoding';
import { silenceSdkNodeVersionWarning } from '../aws/sdk-node-warning';
import { handleBenchArguments } from './support/bench-arguments';

handleBenchArguments(__filename);

const BATCHED_RECORDS = Number(process.env.BENCH_RECORDS ?? 20_000);
// The naive producer is ~100x slower; a smaller sample gives the same rate.
const NAIVE_RECORDS = Number(process.env.BENCH_NAIVE_RECORDS ?? 2_000);
const TARGET_REQUESTS_PER_1000 = 3;
const MEMORY_SMALL = 10_000;
const MEMORY_LARGE = Number(process.env.BENCH_MEMORY_RECORDS ?? 1_000_000);
const TARGET_PEAK_RSS_MB = 150;

/** Peak resident set of a process so far (Linux VmHWM), in MB; undefined once it has exited. */
function peakRssMb(pid: number): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Runs the producer CLI for `count` records against `endpoint`; its peak RSS, records sent and wall seconds. */
async function measureProducer(endpoint: string, count: number): Promise<{ peakMb: number; sent: number; seconds: number }> {
  const root = join(__dirname, '..');
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('tsx/cjs'),
      join(root, 'producers', 'cli.ts'),
      'access-logs',
      '--stream',
      'bench-memory',
      '--endpoint',
      endpoint,
      '--count',
      String(count),
      '--json',
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  let peakMb = 0;
  const pid = child.pid ?? 0;
  const sampler = setInterval(() => (peakMb = Math.max(peakMb, peakRssMb(pid) ?? 0)), 20);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(sampler);
  if (code !== 0) throw new Error(`produce --count ${count} exited ${code}: ${stdout.slice(0, 300)}`);
  const summary = JSON.parse(stdout) as { runs: { sent: number }[] };
  return { peakMb, sent: summary.runs[0]?.sent ?? 0, seconds: (performance.now() - started) / 1000 };
}

async function memoryBench(): Promise<boolean> {
  const sink = await startDiscardingKinesis();
  try {
    const small = await measureProducer(sink.endpoint, MEMORY_SMALL);
    const large = await measureProducer(sink.endpoint, MEMORY_LARGE);
    for (const [n, r] of [
      [MEMORY_SMALL, small],
      [MEMORY_LARGE, large],
    ] as const) {
      process.stdout.write(
        `produce --count ${String(n).padStart(9)}  sent ${String(r.sent).padStart(9)}  peak RSS ${r.peakMb.toFixed(1).padStart(6)} MB  ${(r.sent / r.seconds).toFixed(0).padStart(7)} rec/s (process wall)\n`,
      );
    }
    const ok = large.peakMb <= TARGET_PEAK_RSS_MB && large.sent === MEMORY_LARGE;
    process.stdout.write(`peak RSS ${MEMORY_LARGE} / ${MEMORY_SMALL} records: ${(large.peakMb / small.peakMb).toFixed(2)}x\n`);
    process.stdout.write(
      `target <= ${TARGET_PEAK_RSS_MB} MB for ${MEMORY_LARGE} records: ${ok ? 'met' : 'MISSED'} (${large.peakMb.toFixed(1)} MB)\n`,
    );
    return ok;
  } finally {
    await sink.close();
  }
}

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
    const records = generateAccessLogs({ seed: 1, count: BATCHED_RECORDS, simulatedDurationMs: 3_600_000 }).records.map((r) =>
      encodeRecord(accessLogs, r),
    );

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
      process.stdout.write(
        `${r.name.padEnd(24)} ${String(r.records).padStart(6)} records  ${rate(r).toFixed(0).padStart(7)} rec/s  ${per1000(r).toFixed(2).padStart(7)} requests/1000 records\n`,
      );
    }
    const ok = per1000(batched) <= TARGET_REQUESTS_PER_1000;
    process.stdout.write(`batching / naive throughput: ${(rate(batched) / rate(naive)).toFixed(1)}x\n`);
    process.stdout.write(
      `target <= ${TARGET_REQUESTS_PER_1000} requests/1000 records: ${ok ? 'met' : 'MISSED'} (${per1000(batched).toFixed(2)})\n`,
    );
    if (!ok) process.exitCode = 1;
  } finally {
    client.destroy();
    await kinesis.close();
  }
  if (!(await memoryBench())) process.exitCode = 1;
}

silenceSdkNodeVersionWarning();
main().catch((error: unknown) => {
  process.stderr.write(`bench:produce: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
