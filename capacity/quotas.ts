import type { AwsRegion } from '../config/regions';

/**
 * The AWS quota figures the capacity model compares against, each with the page it
 * comes from and the day it was read (docs/capacity.md quotes the passages). Default
 * quotas only: an account with raised quotas should pass its own figures.
 */

export interface QuotaSource {
  readonly page: string;
  readonly url: string;
  /** ISO date the page was read. */
  readonly read: string;
}

export const SOURCES = {
  firehose: { page: 'Amazon Data Firehose Quota', url: 'https://docs.aws.amazon.com/firehose/latest/dev/limits.html', read: '2026-12-01' },
  kinesis: {
    page: 'Quotas and limits - Amazon Kinesis Data Streams',
    url: 'https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html',
    read: '2026-12-01',
  },
  kinesisShard: {
    page: 'Create and manage Kinesis data streams',
    url: 'https://docs.aws.amazon.com/streams/latest/dev/working-with-streams.html',
    read: '2026-12-01',
  },
  lambda: { page: 'Lambda quotas', url: 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html', read: '2026-12-01' },
  opensearch: {
    page: 'Amazon OpenSearch Service quotas (Network quotas)',
    url: 'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/limits.html#network-limits',
    read: '2026-12-01',
  },
} as const satisfies Record<string, QuotaSource>;

const MIB = 1024 * 1024;

/** Regions with the higher Firehose Direct PUT and Kinesis on-demand defaults. */
const LARGE_REGIONS: ReadonlySet<AwsRegion> = new Set(['us-east-1', 'us-west-2', 'eu-west-1']);

export interface DirectPutQuota {
  readonly bytesPerSecond: number;
  readonly recordsPerSecond: number;
  readonly requestsPerSecond: number;
}

/**
 * Firehose Direct PUT, per delivery stream, PutRecord and PutRecordBatch combined:
 * 5 MiB/s, 500,000 records/s, 2,000 requests/s in us-east-1, us-west-2 and eu-west-1;
 * 1 MiB/s, 100,000 records/s, 1,000 requests/s elsewhere. An older version of the same
 * page gave 5,000 / 1,000 records/s; the alarms compare with the limits Firehose
 * publishes for the stream itself, so they stay right either way.
 */
export function directPutQuota(region: AwsRegion): DirectPutQuota {
  return LARGE_REGIONS.has(region)
    ? { bytesPerSecond: 5 * MIB, recordsPerSecond: 500_000, requestsPerSecond: 2_000 }
    : { bytesPerSecond: 1 * MIB, recordsPerSecond: 100_000, requestsPerSecond: 1_000 };
}

/** PutRecordBatch: 500 records and 4 MiB per call (cannot be changed). */
export const PUT_RECORD_BATCH = { maxRecords: 500, maxBytes: 4 * MIB } as const;

/** Per shard, both capacity modes: 1 MiB/s and 1,000 records/s written, 2 MiB/s and 5 GetRecords/s read. */
export const KINESIS_SHARD = {
  writeBytesPerSecond: 1 * MIB,
  writeRecordsPerSecond: 1_000,
  readBytesPerSecond: 2 * MIB,
  readTransactionsPerSecond: 5,
} as const;

/** A new on-demand stream starts with 4 MB/s write (4 shards); the model never goes below 4 shards. */
export const ON_DEMAND_MIN_SHARDS = 4;

/** On-demand write ceiling per stream: 10 GB/s in us-east-1, us-west-2, eu-west-1; 200 MB/s elsewhere (counted here in MiB). */
export function onDemandMaxWriteBytesPerSecond(region: AwsRegion): number {
  return LARGE_REGIONS.has(region) ? 10 * 1024 * MIB : 200 * MIB;
}

/** Concurrent executions per account and region (new accounts start lower). */
export const LAMBDA_CONCURRENT_EXECUTIONS = 1_000;

/** Instance types whose HTTP request payload limit is 10 MiB; the other listed types allow 100 MiB. */
const TEN_MIB_PAYLOAD = new Set([
  't2.micro',
  't2.small',
  't2.medium',
  't3.small',
  't3.medium',
  'm3.medium',
  'm3.large',
  'm4.large',
  'm5.large',
  'm6g.large',
  'c4.large',
  'c5.large',
  'c6g.large',
  'r3.large',
  'or1.medium',
  'om2.large',
]);
/** Families listed on the page with 100 MiB for the sizes not in TEN_MIB_PAYLOAD. */
const LISTED_FAMILIES = new Set([
  'm3',
  'm4',
  'm5',
  'm6g',
  'm7i',
  'm8g',
  'c4',
  'c5',
  'c6g',
  'c7i',
  'c8g',
  'r3',
  'r4',
  'r5',
  'r6g',
  'r6gd',
  'r7i',
  'r8g',
  'r8gd',
  'i2',
  'i3',
  'i4i',
  'i4g',
  'i7i',
  'i8g',
  'im4gn',
  'or1',
  'or2',
  'om2',
  'oi2',
]);

/** Maximum HTTP request payload of an OpenSearch instance type, or undefined when the page does not list it. */
export function openSearchPayloadLimitBytes(instanceType: string): number | undefined {
  const base = instanceType.replace(/\.search$/, '');
  if (TEN_MIB_PAYLOAD.has(base)) return 10 * MIB;
  const family = base.split('.')[0] ?? '';
  return LISTED_FAMILIES.has(family) ? 100 * MIB : undefined;
}

/** Synchronous invocation payload (an event source mapping's batch is one): 6 MB. */
export const LAMBDA_SYNC_PAYLOAD_BYTES = 6 * 1024 * 1024;
