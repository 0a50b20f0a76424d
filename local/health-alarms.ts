import { PIPELINE_HEALTH_THRESHOLDS as T, type AlarmWindow } from '../config/pipeline-health-thresholds';
import type { Clock, FirehoseApi, OutboundRecord, PutRecordBatchEntryResult } from '../functions/processor/ports';

/**
 * The pipeline-health alarms of `stacks/monitoring/pipeline-health-alarms.ts` that a
 * local run can evaluate from what its stand-ins observe, with the stack's metric,
 * statistic, period, evaluation periods, comparison and threshold. The others are
 * listed, with the reason, in docs/local.md.
 */
export interface HealthRule extends AlarmWindow {
  /** The stack's alarm key without the dataset, e.g. `iterator-age`. */
  readonly id: string;
  /** The CloudWatch metric the stack alarms on. */
  readonly metric: string;
  /** Per dataset (Lambda, Firehose) or one for the pipeline (the failure bucket). */
  readonly scope: 'dataset' | 'pipeline';
  readonly description: string;
}

/** The stack's windows and thresholds at their defaults, from the one place both read them. */
export const HEALTH_RULES: readonly HealthRule[] = [
  {
    id: 'iterator-age',
    metric: 'AWS/Lambda IteratorAge',
    ...T.iteratorAge,
    scope: 'dataset',
    description: `processor more than ${T.iteratorAge.threshold / 1000} s behind the stream for ${(T.iteratorAge.periodSeconds * T.iteratorAge.evaluationPeriods) / 60} minutes`,
  },
  {
    id: 'lambda-errors',
    metric: 'AWS/Lambda Errors',
    ...T.lambdaErrors,
    scope: 'dataset',
    description: `${T.lambdaErrors.threshold} or more processor invocation errors in ${T.lambdaErrors.periodSeconds / 60} minutes`,
  },
  {
    id: 'processed-delivery-failures',
    metric: 'AWS/Firehose DeliveryToS3.Success',
    ...T.deliveryFailures,
    scope: 'dataset',
    description: `processed Firehose delivery success below 100 % for ${(T.deliveryFailures.periodSeconds * T.deliveryFailures.evaluationPeriods) / 60} minutes`,
  },
  {
    id: 'failure-destination',
    metric: 'AWS/S3 PutRequests (on-failure prefix)',
    ...T.failureDestination,
    scope: 'pipeline',
    description: 'a batch reached the failure destination after all retries; inspect and replay it',
  },
];

export interface HealthAlert {
  /** The stack's alarm key, e.g. `access-logs/iterator-age` or `failure-destination`. */
  readonly key: string;
  readonly description: string;
  readonly from: string;
  readonly to: string;
  /** Most extreme value in the alarm's direction over the alert. */
  readonly peak: number;
}

export interface HealthEvaluation {
  readonly key: string;
  readonly rule: HealthRule;
  /** Periods with data, and whether each breached. */
  readonly periods: number;
  readonly breachingPeriods: number;
  readonly alerts: readonly HealthAlert[];
}

interface Point {
  readonly timestampMs: number;
  readonly value: number;
}

/** Datapoints of the health metrics, by alarm key, as the local stand-ins observe them. */
export class HealthMetrics {
  private readonly points = new Map<string, Point[]>();

  public record(key: string, timestampMs: number, value: number): void {
    let list = this.points.get(key);
    if (list === undefined) {
      list = [];
      this.points.set(key, list);
    }
    list.push({ timestampMs, value });
  }

  public datapoints(key: string): readonly Point[] {
    return this.points.get(key) ?? [];
  }
}

/**
 * Counts each processed-Firehose call as Firehose's delivery metric would see the
 * records it took: 1 for a call that went through, 0 for a refused one (the
 * injected outage), at the simulated time of the call.
 */
export class DeliveryObserver implements FirehoseApi {
  public constructor(
    private readonly inner: FirehoseApi,
    private readonly clock: Clock,
    private readonly onResult: (timestampMs: number, success: 0 | 1) => void,
  ) {}

  public async putRecordBatch(
    deliveryStreamName: string,
    records: readonly OutboundRecord[],
  ): Promise<{ readonly FailedPutCount: number; readonly RequestResponses: readonly PutRecordBatchEntryResult[] }> {
    try {
      const result = await this.inner.putRecordBatch(deliveryStreamName, records);
      this.onResult(this.clock.now(), result.FailedPutCount === 0 ? 1 : 0);
      return result;
    } catch (error) {
      this.onResult(this.clock.now(), 0);
      throw error;
    }
  }
}

function aggregate(statistic: HealthRule['statistic'], values: readonly number[]): number {
  if (statistic === 'Sum') return values.reduce((a, b) => a + b, 0);
  if (statistic === 'Average') return values.reduce((a, b) => a + b, 0) / values.length;
  return statistic === 'Minimum' ? Math.min(...values) : Math.max(...values);
}

function breaches(rule: HealthRule, value: number): boolean {
  if (rule.comparison === '>') return value > rule.threshold;
  if (rule.comparison === '>=') return value >= rule.threshold;
  return rule.comparison === '<' ? value < rule.threshold : value <= rule.threshold;
}

/**
 * Evaluates one health rule over its datapoints the way the stack's alarm does:
 * periods aligned to the period length, `treat_missing_data = notBreaching` (a period
 * without data counts as not breaching, so it ends a run of breaches), ALARM once
 * `evaluationPeriods` consecutive periods breach, until a period does not.
 */
export function evaluateHealthRule(key: string, rule: HealthRule, points: readonly Point[]): HealthEvaluation {
  const periodMs = rule.periodSeconds * 1000;
  const buckets = new Map<number, number[]>();
  for (const p of points) {
    const start = Math.floor(p.timestampMs / periodMs) * periodMs;
    const list = buckets.get(start) ?? [];
    list.push(p.value);
    buckets.set(start, list);
  }
  const starts = [...buckets.keys()].sort((a, b) => a - b);
  const first = starts[0];
  const last = starts[starts.length - 1];
  const alerts: HealthAlert[] = [];
  let breachingPeriods = 0;
  if (first !== undefined && last !== undefined) {
    // Missing periods count as not breaching: they break a run of breaches.
    let run: { fromMs: number; values: number[] } | undefined;
    let alarmed = false;
    const close = (endMs: number): void => {
      if (run !== undefined && alarmed) {
        const peak = rule.comparison === '<' || rule.comparison === '<=' ? Math.min(...run.values) : Math.max(...run.values);
        alerts.push({
          key,
          description: rule.description,
          from: new Date(run.fromMs).toISOString(),
          to: new Date(endMs).toISOString(),
          peak,
        });
      }
      run = undefined;
      alarmed = false;
    };
    for (let t = first; t <= last; t += periodMs) {
      const values = buckets.get(t);
      const value = values === undefined ? undefined : aggregate(rule.statistic, values);
      if (value !== undefined && breaches(rule, value)) {
        breachingPeriods += 1;
        run ??= { fromMs: t, values: [] };
        run.values.push(value);
        if (run.values.length >= rule.evaluationPeriods) alarmed = true;
      } else {
        close(t);
      }
    }
    close(last + periodMs);
  }
  return { key, rule, periods: buckets.size, breachingPeriods, alerts };
}

/** Every modelled health rule: one per dataset (dataset-scoped rules) and one for the pipeline. */
export function evaluateHealth(metrics: HealthMetrics, datasets: readonly string[]): HealthEvaluation[] {
  return HEALTH_RULES.flatMap((rule) =>
    rule.scope === 'pipeline'
      ? [evaluateHealthRule(rule.id, rule, metrics.datapoints(rule.id))]
      : datasets.map((d) => evaluateHealthRule(`${d}/${rule.id}`, rule, metrics.datapoints(`${d}/${rule.id}`))),
  );
}
