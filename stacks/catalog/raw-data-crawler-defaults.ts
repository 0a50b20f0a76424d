/** Defaults of RawDataCrawler. */
export const RAW_DATA_CRAWLER_DEFAULTS = {
  /** Discovered tables start with `raw_`, apart from the managed analytics tables. */
  tablePrefix: 'raw_',
  /** A month of crawler logs, like the compaction job's. */
  logRetentionDays: 30,
} as const;
