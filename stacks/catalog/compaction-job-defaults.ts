/** Defaults of CompactionJob. */
export const COMPACTION_JOB_DEFAULTS = {
  /** An hour: a day of one dataset's processed files compacts in minutes; the bound stops a stuck run from billing all day. */
  timeoutMinutes: 60,
  /** The smallest worker: compaction reads and rewrites one day's Parquet files, no shuffle-heavy work. */
  workerType: 'G.1X',
  /** The minimum Glue accepts for a glueetl job. */
  numberOfWorkers: 2,
  /** A month of job logs: enough to look back at last night's runs, short enough to cost little. */
  logRetentionDays: 30,
  /** Files of about 128 MiB: large enough for Athena's scans, small enough to split across readers. */
  targetFileMb: 128,
} as const;
