/**
 * Buffering of the raw, processed and search Firehoses: the stacks configure the delivery
 * streams with these, the local run's stand-ins buffer the same way, so local object sizes
 * and delays match what AWS would write, and the capacity model sizes bulk requests by them.
 */
export interface DeliveryBuffering {
  /** Firehose `BufferingHints.SizeInMBs` (MiB). */
  readonly sizeMb: number;
  /** Firehose `BufferingHints.IntervalInSeconds`. */
  readonly intervalSeconds: number;
}

export const DELIVERY_BUFFERING_DEFAULTS = {
  /** 64 MiB or 300 s, whichever first: fewer, larger GZIP objects. */
  raw: { sizeMb: 64, intervalSeconds: 300 },
  /** 128 MiB or 300 s: larger Parquet files for Athena (format conversion needs at least 64 MiB). */
  processed: { sizeMb: 128, intervalSeconds: 300 },
  /** 5 MiB bulk requests (what OpenSearch handles comfortably per request) or a minute, so documents are searchable soon. */
  search: { sizeMb: 5, intervalSeconds: 60 },
} as const satisfies Record<'raw' | 'processed' | 'search', DeliveryBuffering>;
