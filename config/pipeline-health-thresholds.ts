/**
 * Metric windows and thresholds of the pipeline-health alarms, in one place: the stack
 * creates the alarms from them (stacks/monitoring/pipeline-health-alarms.ts) and the local
 * run evaluates the same alarms over what its stand-ins observe (local/health-alarms.ts),
 * which may not import stacks/. The reason for each value is with the alarm, in the stack.
 */

export interface AlarmWindow {
  readonly statistic: 'Sum' | 'Average' | 'Maximum' | 'Minimum';
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  /** How a period's value compares with the threshold to breach. */
  readonly comparison: '>' | '>=' | '<' | '<=';
  readonly threshold: number;
}

export const PIPELINE_HEALTH_THRESHOLDS = {
  /** Lambda IteratorAge (ms): five minutes behind the stream, for 5 minutes. */
  iteratorAge: { statistic: 'Maximum', periodSeconds: 60, evaluationPeriods: 5, comparison: '>', threshold: 300_000 },
  /** Lambda Errors: 3 or more invocation errors in 5 minutes. */
  lambdaErrors: { statistic: 'Sum', periodSeconds: 300, evaluationPeriods: 1, comparison: '>=', threshold: 3 },
  /** Lambda Throttles: throttled in two consecutive 5-minute periods. */
  lambdaThrottles: { statistic: 'Sum', periodSeconds: 300, evaluationPeriods: 2, comparison: '>=', threshold: 1 },
  /** Firehose `<destination>.Success`: below 100 % for 15 minutes. */
  deliveryFailures: { statistic: 'Average', periodSeconds: 300, evaluationPeriods: 3, comparison: '<', threshold: 1 },
  /** Firehose `<destination>.DataFreshness` (s): the 5-minute buffer three times over, for 10 minutes. */
  deliveryFreshness: { statistic: 'Maximum', periodSeconds: 300, evaluationPeriods: 2, comparison: '>', threshold: 900 },
  /** S3 PutRequests under the on-failure prefix: any one (an SQS destination reads its queue depth as the Maximum). */
  failureDestination: { statistic: 'Sum', periodSeconds: 300, evaluationPeriods: 1, comparison: '>=', threshold: 1 },
} as const satisfies Readonly<Record<string, AlarmWindow>>;
