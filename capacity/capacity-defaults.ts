import { DELIVERY_BUFFERING_DEFAULTS } from '../config/delivery-defaults';

/**
 * Defaults of the capacity model's assumptions. Each one is printed with the report,
 * because none of them is an AWS quota.
 */
export const CAPACITY_DEFAULTS = {
  /** Bytes per record, raw and processed alike (the figure for a processed access-log row). */
  recordBytes: 500,
  /**
   * What one OpenSearch data node indexes per second, in bytes of documents, counting a
   * replica copy as a second write. A planning figure, not a published limit: measure
   * the real domain and pass the result.
   */
  indexingBytesPerSecondPerNode: 2 * 1024 * 1024,
  /** Replicas per index (OpenSearch's default of 1, only placed when there is a second node). */
  openSearchReplicas: 1,
  /** Bulk request size of the search delivery streams: their buffering size. */
  searchBufferBytes: DELIVERY_BUFFERING_DEFAULTS.search.sizeMb * 1024 * 1024,
  /** GetRecords calls per second per shard of each shared-throughput consumer (Lambda's and Firehose's polling rate). */
  pollsPerSecondPerShard: 1,
  /** Highest load searched for the point where a quota breaks. */
  maxEventsPerSecond: 100_000_000,
} as const;

export type CapacityAssumptions = { readonly [K in keyof typeof CAPACITY_DEFAULTS]: number };
