/**
 * npm run bench:processor — throughput of the processor core against a floor
 * measured in the same run (base64 decode + JSON.parse of the same batch), the
 * minified Lambda bundle size (the AWS SDK included), and init (require of the bundle:
 * configuration, SDK clients, the dataset's compiled checks) against the require of
 * an empty bundle. It also reports the core plus the SDK's PutRecordBatch path
 * (serialization, signing, answer parsing) with the answer given in-process.
 * Targets (issue 12): ratio >= 0.40, bundle <= 1.5 MB, init <= 150 ms.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { build } from 'esbuild';
import { awsClientConfig } from '../aws/client-config';
import { processorEnvironment } from '../config/processor-environment';
import { silenceSdkNodeVersionWarning } from '../aws/sdk-node-warning';
import { LAMBDA_MAIN_FIELDS } from '../stacks/ingest/lambda-bundle';
import * as z from 'zod';
import { accessLogs } from '../datasets/access-logs';
import { EmfEmitter } from '../functions/processor/emf-emitter';
import { FirehoseSink } from '../functions/processor/firehose-sink';
import type { FirehoseApi, InputRecord, ObjectStoreApi } from '../functions/processor/ports';
import { compileDataset } from '../functions/processor/compile-dataset';
import { processRecords } from '../functions/processor/process-records';
import { S3QuarantineSink } from '../functions/processor/quarantine-sink';
import { buildRecordSchema } from '../functions/processor/record-schema';
import { sdkFirehoseApi } from '../functions/processor/sdk-apis';
import { handleBenchArguments } from './support/bench-arguments';

handleBenchArguments(__filename);

// The SDK's Node < 22 notice is written at client construction on this Node 20 machine, not
// in Lambda's Node 22/24; the init probes (child processes) inherit the setting.
silenceSdkNodeVersionWarning();

const BATCH = 10_000;
/** Rounds alternate between the paths; the best round of each is reported (others share these cores). */
const ROUNDS = 11;
/** Fresh processes per bundle for the init figure. */
const INIT_RUNS = 7;
const NOW = Date.UTC(2026, 10, 24, 10, 0, 0);
const DEVICES = ['web', 'mobile', 'smart_tv', 'console', 'tablet'];
const REGIONS = ['us-east', 'eu-west', 'ap-south'];

function makeBatch(): InputRecord[] {
  const records: InputRecord[] = [];
  for (let i = 0; i < BATCH; i++) {
    const error = i % 50 === 7; // 2 %
    const malformed = i % 100 === 3; // 1 %
    const payload = {
      event_id: `3f2b8c1e-9a7d-4e21-8b6f-${i.toString(16).padStart(12, '0')}`,
      access_time: new Date(NOW - 60_000 + (i % 60_000)).toISOString(),
      client_ip: i % 10 === 0 ? `2001:db8::${(i % 65535).toString(16)}` : `198.51.${i % 256}.${(i * 7) % 256}`,
      device_type: DEVICES[i % DEVICES.length],
      user_id: `user-${(i * 7919) % 100_000}`,
      http_method: 'GET',
      request_path: `/v1/titles/${i % 5000}/renditions/1080p-h264/segments/${i % 600}.m4s`,
      status_code: error ? 503 : 200,
      latency_ms: 20 + (i % 400),
      bytes_sent: 1_000_000 + i,
      error_code: error ? 'CDN_EDGE_5XX' : undefined,
      error_severity: error ? 'error' : undefined,
      region: REGIONS[i % REGIONS.length],
    };
    const text = malformed ? JSON.stringify(payload).slice(0, 120) : JSON.stringify(payload);
    records.push({
      sequenceNumber: (49590338271490256608559692538361571095921575989136588898n + BigInt(i)).toString(),
      partitionKey: `pk-${i % 64}`,
      data: Buffer.from(text).toString('base64'),
      approximateArrivalTimestamp: NOW / 1000 - 1,
      shardId: 'shardId-000000000000',
    });
  }
  return records;
}

function floor(records: readonly InputRecord[]): number {
  let keys = 0;
  for (const r of records) {
    try {
      keys += Object.keys(JSON.parse(Buffer.from(r.data, 'base64').toString('utf8')) as object).length;
    } catch {
      keys -= 1;
    }
  }
  return keys;
}

/** Compiled as the processor compiles it (z.compile). */
const schema = z.compile(buildRecordSchema(accessLogs));

/**
 * The floor plus only zod validation and JSON.stringify of the same record: a
 * reference for a processor that checks with zod and serializes with JSON.stringify
 * but normalizes, enriches, measures and delivers nothing.
 */
function ceiling(records: readonly InputRecord[]): number {
  let bytes = 0;
  for (const r of records) {
    try {
      const parsed = JSON.parse(Buffer.from(r.data, 'base64').toString('utf8')) as object;
      if (schema.safeParse(parsed).success) bytes += JSON.stringify(parsed).length;
    } catch {
      bytes -= 1;
    }
  }
  return bytes;
}

/**
 * Firehose answered in-process, behind the Lambda's own SDK client: a FirehoseClient
 * built from `awsClientConfig` as the handler builds it, whose HTTP handler answers
 * in-process. Each call runs the SDK's whole stack (PutRecordBatch serialization:
 * base64 + JSON body, endpoint, SigV4 signing, answer parsing); only the network is
 * left out. The answer for n records is built once per n.
 */
const answers = new Map<number, Uint8Array>();
let batchSize = 0;
const inProcessHandler = {
  handle: async (): Promise<{ response: { statusCode: number; headers: Record<string, string>; body: Uint8Array } }> => {
    let body = answers.get(batchSize);
    if (body === undefined) {
      body = Buffer.from(
        JSON.stringify({
          FailedPutCount: 0,
          Encrypted: false,
          RequestResponses: Array.from({ length: batchSize }, (_, i) => ({ RecordId: `r${i}` })),
        }),
      );
      answers.set(batchSize, body);
    }
    return { response: { statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body } };
  },
};
const sdkClient = new FirehoseClient({
  ...awsClientConfig({ region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' } }),
  requestHandler: inProcessHandler,
});
const sdkApi = sdkFirehoseApi(sdkClient);
const encodedFirehose: FirehoseApi = {
  // The count is read synchronously by the handler, before any other call can start.
  putRecordBatch: (stream, data, signal) => {
    batchSize = data.length;
    return sdkApi.putRecordBatch(stream, data, signal);
  },
};
/** Firehose answered at the port: what the figure measures (the core alone). As above, the answer for n records is built once per n. */
const portAnswers = new Map<number, Awaited<ReturnType<FirehoseApi['putRecordBatch']>>>();
const portFirehose: FirehoseApi = {
  putRecordBatch: async (_s, data) => {
    let answer = portAnswers.get(data.length);
    if (answer === undefined) {
      answer = { FailedPutCount: 0, RequestResponses: data.map((_, i) => ({ RecordId: `r${i}` })) };
      portAnswers.set(data.length, answer);
    }
    return answer;
  },
};
const objectStore: ObjectStoreApi = { putObject: async () => undefined };

/** Compiled once, as the handler compiles its dataset at cold start. */
const compiled = compileDataset(accessLogs);

async function core(records: readonly InputRecord[], lines: string[], firehose: FirehoseApi = portFirehose): Promise<number> {
  const result = await processRecords(records, {
    compiled,
    processedSink: new FirehoseSink({ api: firehose, deliveryStreamName: 'p' }),
    quarantineSink: new S3QuarantineSink({ api: objectStore, bucket: 'q', dataset: accessLogs }),
    metrics: new EmfEmitter({ namespace: 'bench', output: (l) => lines.push(l) }),
    clock: { now: () => NOW },
  });
  return result.valid + result.invalid;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function throughput(): Promise<{
  floorRps: number;
  ceilingRps: number;
  coreRps: number;
  encodedRps: number;
  avgBytes: number;
  emfLines: number;
}> {
  const records = makeBatch();
  const avgBytes = records.reduce((n, r) => n + Buffer.byteLength(r.data, 'base64'), 0) / records.length;
  const floorTimes: number[] = [];
  const coreTimes: number[] = [];
  const ceilingTimes: number[] = [];
  const encodedTimes: number[] = [];
  let emfLines = 0;
  // Warm both paths up (JIT, schema caches) before measuring; alternate so drift hits both.
  floor(records);
  ceiling(records);
  await core(records, []);
  await core(records, [], encodedFirehose);
  for (let round = 0; round < ROUNDS; round++) {
    let t = performance.now();
    floor(records);
    floorTimes.push(performance.now() - t);
    t = performance.now();
    ceiling(records);
    ceilingTimes.push(performance.now() - t);
    const lines: string[] = [];
    t = performance.now();
    await core(records, lines);
    coreTimes.push(performance.now() - t);
    emfLines = lines.length;
    t = performance.now();
    await core(records, [], encodedFirehose);
    encodedTimes.push(performance.now() - t);
  }
  const best = (times: number[]): number => BATCH / (Math.min(...times) / 1000);
  return {
    floorRps: best(floorTimes),
    ceilingRps: best(ceilingTimes),
    coreRps: best(coreTimes),
    encodedRps: best(encodedTimes),
    avgBytes,
    emfLines,
  };
}

/** The bundled handler's environment, written as the stack writes it (the contract's writer), plus Lambda's region. */
const ENV = {
  ...processorEnvironment({
    datasetName: 'access-logs',
    processedDeliveryStream: 'dev-access-logs-processed',
    quarantineBucket: 'dev-quarantine-123456789012-eu-west-1',
    maxFutureSkewSeconds: 300,
    metricsNamespace: 'LogTelemetryPipeline/dev',
  }),
  AWS_REGION: 'eu-west-1',
};

/** Minified CommonJS for Node, as stacks/ingest/lambda-bundle.ts builds the Lambda. */
async function bundleOf(entry: { entryPoints: string[] } | { stdin: { contents: string; loader: 'ts' } }): Promise<Uint8Array> {
  const out = await build({
    ...entry,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    treeShaking: true,
    mainFields: LAMBDA_MAIN_FIELDS,
    legalComments: 'none',
    write: false,
    logLevel: 'error',
  });
  return out.outputFiles[0]?.contents ?? new Uint8Array();
}

/**
 * Init as Lambda pays it: a fresh Node process requires the bundle, which reads the
 * configuration, builds the Firehose and S3 clients and compiles the dataset's checks
 * and serializers. The baseline is the require of an empty bundle in the same run;
 * the two alternate, and the median of each is reported (and the best init, as the
 * throughput rounds report their best: other processes share these cores).
 */
async function bundle(): Promise<{ bytes: number; initMs: number; initBestMs: number; initCpuMs: number; emptyInitMs: number }> {
  const code = await bundleOf({ entryPoints: [join(__dirname, '..', 'functions', 'processor', 'handler.ts')] });
  const empty = await bundleOf({ stdin: { contents: 'export const handler = async () => ({ batchItemFailures: [] });', loader: 'ts' } });
  const dir = mkdtempSync(join(tmpdir(), 'processor-bench-'));
  const files = { handler: join(dir, 'index.js'), empty: join(dir, 'empty.js') };
  writeFileSync(files.handler, code);
  writeFileSync(files.empty, empty);
  const env = { ...process.env, ...ENV };
  // Wall time of the require, and the process's CPU time over it (user + system, every
  // thread): the CPU figure is the work itself, less inflated when other processes
  // keep the cores busy.
  const probe = (file: string): { wallMs: number; cpuMs: number } => {
    const script = `const {performance}=require('node:perf_hooks');const c=process.cpuUsage();const t=performance.now();const m=require(${JSON.stringify(file)});const w=performance.now()-t;const u=process.cpuUsage(c);if(typeof m.handler!=='function')throw new Error('no handler');process.stdout.write(JSON.stringify({wallMs:w,cpuMs:(u.user+u.system)/1000}));`;
    return JSON.parse(execFileSync(process.execPath, ['-e', script], { env, encoding: 'utf8' })) as { wallMs: number; cpuMs: number };
  };
  const times: number[] = [];
  const cpuTimes: number[] = [];
  const emptyTimes: number[] = [];
  try {
    for (let i = 0; i < INIT_RUNS; i++) {
      emptyTimes.push(probe(files.empty).wallMs);
      const init = probe(files.handler);
      times.push(init.wallMs);
      cpuTimes.push(init.cpuMs);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    bytes: code.byteLength,
    initMs: median(times),
    initBestMs: Math.min(...times),
    initCpuMs: median(cpuTimes),
    emptyInitMs: median(emptyTimes),
  };
}

async function main(): Promise<void> {
  const t = await throughput();
  const b = await bundle();
  const ratio = t.coreRps / t.floorRps;
  const rows: [string, string, string][] = [
    ['batch', `${BATCH} records, ~${t.avgBytes.toFixed(0)} B, 2% errors, 1% malformed`, ''],
    ['floor (base64 + JSON.parse)', `${Math.round(t.floorRps).toLocaleString('en-US')} rec/s`, ''],
    [
      'floor + zod (compiled) + JSON.stringify',
      `${Math.round(t.ceilingRps).toLocaleString('en-US')} rec/s`,
      `ratio ${(t.ceilingRps / t.floorRps).toFixed(2)}`,
    ],
    ['processor core', `${Math.round(t.coreRps).toLocaleString('en-US')} rec/s`, `${t.emfLines} EMF lines`],
    ['ratio core / floor', ratio.toFixed(2), ratio >= 0.4 ? 'OK (>= 0.40)' : 'BELOW TARGET (0.40)'],
    [
      'core + SDK PutRecordBatch',
      `${Math.round(t.encodedRps).toLocaleString('en-US')} rec/s`,
      `ratio ${(t.encodedRps / t.floorRps).toFixed(2)} (serialize, sign, parse the answer; no target)`,
    ],
    [
      'bundle (minified, SDK included)',
      `${(b.bytes / 1024).toFixed(1)} KB`,
      b.bytes <= 1.5 * 1024 * 1024 ? 'OK (<= 1.5 MB)' : 'OVER BUDGET (1.5 MB)',
    ],
    [
      'init (require + clients + compile)',
      `${b.initMs.toFixed(1)} ms, median of ${INIT_RUNS}`,
      `${b.initMs <= 150 ? 'OK (<= 150 ms)' : 'OVER TARGET (150 ms)'}; best ${b.initBestMs.toFixed(1)} ms`,
    ],
    ['init CPU time (user + system)', `${b.initCpuMs.toFixed(1)} ms, median of ${INIT_RUNS}`, 'the work itself, less skewed by load'],
    ['init / empty bundle require', `${(b.initMs / b.emptyInitMs).toFixed(1)}x`, `empty bundle ${b.emptyInitMs.toFixed(2)} ms`],
  ];
  for (const [name, value, note] of rows) console.log(`${name.padEnd(40)} ${value.padEnd(30)} ${note}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
