/** Defaults of PipelineHealthAlarms. */
export const PIPELINE_HEALTH_ALARM_DEFAULTS = {
  /** Five minutes behind the stream: more than the processor needs to catch up after a deploy or a burst. */
  iteratorAgeThresholdMs: 300_000,
  /** Fifteen minutes: the 5-minute Firehose buffer three times over. */
  firehoseFreshnessThresholdSeconds: 900,
} as const;
