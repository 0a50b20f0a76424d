/** Defaults of FirehoseQuotaAlarms. */
export const FIREHOSE_QUOTA_ALARM_DEFAULTS = {
  /**
   * Share of a Direct PUT limit at which to warn: 80 %. Firehose raises a throttled
   * stream's limit only after it throttles ("until the throttling is contained"), and a
   * requested increase takes days, so the warning must come while there is room left; a
   * 5-minute average at 80 % still leaves room for the bursts inside the period.
   */
  thresholdRatio: 0.8,
  /** AWS's recommended period for these comparisons: a 5-minute Sum divided by 300 is a per-second rate. */
  periodSeconds: 300,
  /** One 5-minute period: the average already smooths bursts, and the warning should not wait. */
  evaluationPeriods: 1,
} as const;
