import { PIPELINE_HEALTH_THRESHOLDS } from '../../config/pipeline-health-thresholds';

/** Defaults of PipelineHealthAlarms: the thresholds the local run evaluates too (config/pipeline-health-thresholds.ts). */
export const PIPELINE_HEALTH_ALARM_DEFAULTS = {
  /** Five minutes behind the stream: more than the processor needs to catch up after a deploy or a burst. */
  iteratorAgeThresholdMs: PIPELINE_HEALTH_THRESHOLDS.iteratorAge.threshold,
  /** Fifteen minutes: the 5-minute Firehose buffer three times over. */
  firehoseFreshnessThresholdSeconds: PIPELINE_HEALTH_THRESHOLDS.deliveryFreshness.threshold,
} as const;
