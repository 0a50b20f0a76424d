import fc from 'fast-check';
import { capacityReport, CapacityInputError, MIB, modelShards, type CapacityReport, type QuotaLine } from '../../capacity/capacity-model';
import { directPutQuota, openSearchPayloadLimitBytes } from '../../capacity/quotas';
import { CAPACITY_DEFAULTS } from '../../capacity/capacity-defaults';
import { SEARCH_DELIVERY_STREAM_DEFAULTS } from '../../stacks/search/search-delivery-stream-defaults';
import { parseEnvironments, type EnvironmentConfig, type EnvironmentInput } from '../../config/environment';
import { ENVIRONMENTS } from '../../config/environments';
import { DATASETS } from '../../datasets/registry';

const NAMES = DATASETS.map((d) => d.name);

function envNamed(name: string, change: (input: EnvironmentInput) => EnvironmentInput = (i) => i): EnvironmentConfig {
  const input = ENVIRONMENTS.find((e) => e.name === name);
  if (input === undefined) throw new Error(`no ${name}`);
  const [env] = parseEnvironments([change(structuredClone(input))], NAMES);
  if (env === undefined) throw new Error('parse');
  return env;
}

function find(report: CapacityReport, scope: string, stage: string, quota: string): { line: QuotaLine; breaksAt: number | undefined } {
  const index = report.lines.findIndex((l) => l.scope === scope && l.stage === stage && l.quota.startsWith(quota));
  const line = report.lines[index];
  if (line === undefined)
    throw new Error(`no line ${scope} ${stage} ${quota}: ${report.lines.map((l) => `${l.scope}/${l.stage}/${l.quota}`).join(', ')}`);
  return { line, breaksAt: report.breakPoints[index]?.atEventsPerSecond };
}

describe('Function: modelShards', () => {
  it('is the fewest shards, at least 4, that carry the bytes at 1 MiB/s and the records at 1,000/s each', () => {
    const env = envNamed('dev');
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 5_000_000, noNaN: true }), fc.integer({ min: 1, max: 1_024_000 }), (n, bytes) => {
        const shards = modelShards(env, n, bytes);
        const carries = (s: number): boolean => s * MIB >= n * bytes && s * 1000 >= n;
        expect(shards).toBeGreaterThanOrEqual(4);
        expect(carries(shards)).toBe(true);
        if (shards > 4) expect(carries(shards - 1)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('is the configured count for a provisioned stream', () => {
    const env = envNamed('dev', (i) => ({ ...i, stream: { mode: 'PROVISIONED', shardCount: 3 } }));
    expect(modelShards(env, 1_000_000, 500)).toBe(3);
  });
});

describe('Function: capacityReport', () => {
  it('puts prod at 10k events/s per dataset near the Firehose bytes quota, which breaks first above 10,485 events/s', () => {
    // Act
    const report = capacityReport({ env: envNamed('prod'), datasets: DATASETS, eventsPerSecond: 10_000 });

    // Assess
    const processed = find(report, 'access-logs', 'processed', 'Firehose Direct PUT bytes');
    expect(processed.line.load).toBeCloseTo((10_000 * 500) / MIB, 6);
    expect(processed.line.limit).toBe(5);
    expect(processed.line.utilization).toBeCloseTo(0.9537, 4);
    // 10,485 x 500 B = 5,242,500 B <= 5 MiB = 5,242,880 B < 10,486 x 500 B.
    expect(processed.breaksAt).toBe(10_486);
    expect(find(report, 'turbine-telemetry', 'search', 'Firehose Direct PUT bytes').breaksAt).toBe(10_486);
    expect(report.firstToBreak?.line).toMatchObject({
      scope: 'access-logs',
      stage: 'processed',
      quota: 'Firehose Direct PUT bytes',
      kind: 'quota',
    });
    expect(report.firstToBreak?.atEventsPerSecond).toBe(10_486);
    // 10 shards (records bound), parallelization 2: 20 batches of up to 1,000 over a 2 s window.
    expect(report.datasets[0]).toEqual({
      dataset: 'access-logs',
      shards: 10,
      concurrency: 20,
      recordsPerInvocation: 1000,
      invocationsPerSecond: 10,
      putRecordBatchCallsPerInvocation: 2,
    });
    expect(find(report, 'access-logs', 'processed', 'Firehose Direct PUT requests').line.load).toBe(20);
    expect(find(report, 'account', 'processor', 'Lambda concurrency').line.load).toBe(40);
    // Indexing is an assumption: 3 data nodes x 2 MiB/s / 2 copies = 3 MiB/s for 2 datasets x 500 B.
    const indexing = find(report, 'account', 'opensearch', 'indexing');
    expect(indexing.line.kind).toBe('assumption');
    expect(indexing.breaksAt).toBe(3_146);
    expect(report.firstAssumptionToBreak?.line.quota).toBe(indexing.line.quota);
    expect(find(report, 'account', 'opensearch', 'HTTP payload').line).toMatchObject({ load: 5, limit: 100 });
  });

  it('uses the smaller Direct PUT defaults outside the three large regions', () => {
    // Act
    const report = capacityReport({
      env: envNamed('dev', (i) => ({ ...i, region: 'eu-central-1' })),
      datasets: DATASETS,
      eventsPerSecond: 1_000,
    });

    // Assess
    const bytes = find(report, 'access-logs', 'processed', 'Firehose Direct PUT bytes');
    expect(bytes.line.limit).toBe(1);
    expect(bytes.breaksAt).toBe(2_098);
    expect(find(report, 'access-logs', 'processed', 'Firehose Direct PUT records').line.limit).toBe(100_000);
    expect(find(report, 'access-logs', 'processed', 'Firehose Direct PUT requests').line.limit).toBe(1_000);
    expect(find(report, 'access-logs', 'stream', 'Kinesis on-demand write ceiling').line.limit).toBe(200);
    expect(directPutQuota('us-west-2')).toEqual({ bytesPerSecond: 5 * MIB, recordsPerSecond: 500_000, requestsPerSecond: 2_000 });
  });

  it("names the provisioned shards' record limit when it breaks before Firehose", () => {
    const report = capacityReport({
      env: envNamed('dev', (i) => ({ ...i, stream: { mode: 'PROVISIONED', shardCount: 2 } })),
      datasets: DATASETS,
      eventsPerSecond: 2_500,
    });
    expect(report.firstToBreak?.line.quota).toBe('Kinesis write, 2 provisioned shards x 1,000 records/s');
    expect(report.firstToBreak?.atEventsPerSecond).toBe(2_001);
    expect(find(report, 'access-logs', 'stream', 'Kinesis shared read').line.utilization).toBeCloseTo((2 * 2_500 * 500) / (2 * 2 * MIB), 6);
  });

  it('counts one PutRecordBatch call per record when batches hold one record', () => {
    const report = capacityReport({
      env: envNamed('dev', (i) => ({ ...i, processor: { ...i.processor, batchSize: 1 } })),
      datasets: DATASETS.slice(0, 1),
      eventsPerSecond: 100,
    });
    const requests = find(report, 'access-logs', 'processed', 'Firehose Direct PUT requests');
    expect(requests.line.load).toBe(100);
    expect(requests.breaksAt).toBe(2_001);
    // One dataset: no account-wide line.
    expect(report.lines.some((l) => l.scope === 'account')).toBe(false);
  });

  it('cuts batches at the 6 MB invocation payload and splits calls at 4 MiB', () => {
    // 4 provisioned shards, parallelization 2: each batch could take 1,000 records in its 2 s window, but 1,000 x 10 kB > 6 MB.
    const env = envNamed('prod', (i) => ({ ...i, stream: { mode: 'PROVISIONED', shardCount: 4 } }));
    const report = capacityReport({ env, datasets: DATASETS.slice(0, 1), eventsPerSecond: 100_000, assumptions: { recordBytes: 10_000 } });
    expect(report.datasets[0]).toMatchObject({ recordsPerInvocation: 629, putRecordBatchCallsPerInvocation: 2 });
  });

  it('puts the account-wide Lambda concurrency over 1,000 above 50,000 events/s with parallelization 10', () => {
    const report = capacityReport({
      env: envNamed('dev', (i) => ({ ...i, processor: { ...i.processor, parallelizationFactor: 10 } })),
      datasets: DATASETS,
      eventsPerSecond: 60_000,
    });
    const account = find(report, 'account', 'processor', 'Lambda concurrency');
    expect(account.line.load).toBe(2 * 60 * 10);
    expect(account.breaksAt).toBe(50_001);
    expect(find(report, 'access-logs', 'processor', 'Lambda concurrency').breaksAt).toBe(100_001);
  });

  it('checks the payload limit of the instance type and leaves an unlisted type unchecked, saying so', () => {
    expect(openSearchPayloadLimitBytes('t3.small.search')).toBe(10 * MIB);
    expect(openSearchPayloadLimitBytes('m6g.large.search')).toBe(10 * MIB);
    expect(openSearchPayloadLimitBytes('r6g.large.search')).toBe(100 * MIB);
    expect(openSearchPayloadLimitBytes('m6g.xlarge.search')).toBe(100 * MIB);
    expect(openSearchPayloadLimitBytes('x9.huge.search')).toBeUndefined();
    const report = capacityReport({
      env: envNamed('prod', (i) => ({
        ...i,
        opensearch: { ...i.opensearch, instanceType: 'x9.huge.search', instanceCount: 1, zoneCount: 1 },
      })),
      datasets: DATASETS,
      eventsPerSecond: 1_000,
    });
    expect(report.lines.some((l) => l.quota.startsWith('HTTP payload'))).toBe(false);
    expect(report.notes).toContain('x9.huge.search is not listed on the OpenSearch quotas page: its HTTP payload limit is not checked.');
    // One node: the replica cannot be placed, so the node writes one copy.
    expect(find(report, 'account', 'opensearch', 'indexing').line.limit).toBe(2);
  });

  it("says a new on-demand stream throttles at its 4 shards' records/s (4,000 events/s at 500 B) before the first quota, and at its bytes for large records", () => {
    const at500 = capacityReport({ env: envNamed('prod'), datasets: DATASETS, eventsPerSecond: 10_000 });
    expect(at500.firstToBreak?.atEventsPerSecond).toBe(10_486);
    expect(at500.notes[0]).toContain('A new stream has 4 shards (4 MiB/s, 4,000 records/s)');
    expect(at500.notes[0]).toContain('a new stream throttles above 4,000 events/s per dataset');
    const at2k = capacityReport({ env: envNamed('prod'), datasets: DATASETS, eventsPerSecond: 1_000, assumptions: { recordBytes: 2_000 } });
    expect(at2k.notes[0]).toContain('a new stream throttles above 2,097 events/s per dataset');
  });

  it('has no search stage and no OpenSearch lines when OpenSearch is off (dev)', () => {
    const report = capacityReport({ env: envNamed('dev'), datasets: DATASETS, eventsPerSecond: 1_000 });
    expect(report.lines.filter((l) => l.stage === 'search' || l.stage === 'opensearch')).toEqual([]);
    expect(report.firstAssumptionToBreak).toBeUndefined();
  });

  it('reports every bad input in one message naming the fields', () => {
    expect(() =>
      capacityReport({ env: envNamed('dev'), datasets: [], eventsPerSecond: 0, assumptions: { recordBytes: 2_000_000 } }),
    ).toThrow(
      new CapacityInputError(
        'eventsPerSecond: got 0; expected a number above 0; recordBytes: got 2000000; expected an integer from 1 to 1024000 (the Firehose record limit); datasets: expected at least one dataset declaration',
      ),
    );
  });

  it('is pure: the same input gives the same report', () => {
    const input = { env: envNamed('prod'), datasets: DATASETS, eventsPerSecond: 12_345 };
    expect(capacityReport(input)).toEqual(capacityReport(input));
  });

  it("sizes OpenSearch bulk requests by the search Firehose's buffering as the stack configures it", () => {
    // Assess
    expect(CAPACITY_DEFAULTS.searchBufferBytes).toBe(SEARCH_DELIVERY_STREAM_DEFAULTS.bufferingSizeMb * MIB);
  });
});
