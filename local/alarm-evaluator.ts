import type { AlarmRule, DatasetDeclaration } from '../datasets/dataset';
import { ANOMALY_MODEL, anomalyBand } from './anomaly-band';
import type { MetricStore } from './metric-store';

/** One evaluated period of an alarm's metric. */
export interface EvaluatedPeriod {
  /** Period start, epoch ms (periods are aligned to multiples of the period, as CloudWatch's). */
  readonly startMs: number;
  /** The statistic over the period; null when no datapoint fell in it. */
  readonly value: number | null;
  /** Anomaly rules: the expected band, once warmed up. */
  readonly band?: { readonly lower: number; readonly upper: number };
  readonly breaching: boolean;
  readonly state: 'OK' | 'ALARM';
}

/** An alarm that went to ALARM. */
export interface Alert {
  readonly dataset: string;
  readonly ruleId: string;
  readonly kind: AlarmRule['kind'];
  readonly metric: string;
  /** The silent source (silence rules). */
  readonly source?: string;
  /** Start of the first breaching period that made it fire, ISO-8601. */
  readonly from: string;
  /** End of the last period it stayed in ALARM, ISO-8601. */
  readonly to: string;
  /** End of the period in which it went to ALARM, ISO-8601. */
  readonly firedAt: string;
  /**
   * Most extreme value over the alert in the alarm's direction: the highest for
   * threshold and anomaly rules, the lowest for silence rules (a missing period
   * counts 0, as `treat_missing_data = breaching` reads it). Null only when a
   * threshold or anomaly alert has no datapoint at all.
   */
  readonly peak: number | null;
}

export interface RuleEvaluation {
  readonly dataset: string;
  readonly rule: AlarmRule;
  readonly source?: string;
  /** e.g. `access-logs critical-errors: Sum(CriticalErrors) per 60 s >= 20` */
  readonly title: string;
  readonly threshold?: number;
  readonly periodSeconds: number;
  readonly periods: readonly EvaluatedPeriod[];
  readonly alerts: readonly Alert[];
}

/** The simulated span the run covered, epoch ms [start, end). */
export interface EvaluationSpan {
  readonly startMs: number;
  readonly endMs: number;
}

/** A CloudWatch statistic over the values of one period. */
export function statistic(name: AlarmRule['statistic'], values: readonly number[]): number | null {
  if (values.length === 0) return null;
  switch (name) {
    case 'Sum':
      return values.reduce((a, b) => a + b, 0);
    case 'SampleCount':
      return values.length;
    case 'Average':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'Maximum':
      return values.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
    case 'p99': {
      // Nearest rank: the smallest value with at least 99% of the values at or below it.
      const sorted = [...values].sort((a, b) => a - b);
      return sorted[Math.max(0, Math.ceil(0.99 * sorted.length) - 1)] ?? null;
    }
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Evaluates the dataset's alarm rules (the declarations the stacks build the
 * CloudWatch alarms from) on the metrics the processor emitted, on the simulated
 * clock: statistic per aligned period, M of N datapoints to alarm, missing data
 * not breaching (threshold, anomaly) or breaching (silence, one alarm per
 * expected source). Anomaly rules use the local band of `anomaly-band.ts`.
 */
export function evaluateAlarms(dataset: DatasetDeclaration, store: MetricStore, span: EvaluationSpan): RuleEvaluation[] {
  const out: RuleEvaluation[] = [];
  for (const rule of dataset.alarms) {
    const base: Record<string, string> = { Dataset: dataset.name };
    for (const [k, v] of Object.entries(rule.dimensions ?? {})) if (v !== undefined) base[k] = v;
    if (rule.kind === 'silence') {
      for (const source of dataset.expectedSources ?? []) {
        out.push(evaluateRule(dataset.name, rule, { ...base, [rule.sourceDimension]: source }, store, span, source));
      }
    } else {
      out.push(evaluateRule(dataset.name, rule, base, store, span));
    }
  }
  return out;
}

function titleOf(dataset: string, rule: AlarmRule, source?: string): string {
  const what = `${rule.statistic}(${rule.metric}) per ${rule.periodSeconds} s`;
  const m = rule.datapointsToAlarm ?? rule.evaluationPeriods;
  const window = `${m} of ${rule.evaluationPeriods}`;
  switch (rule.kind) {
    case 'threshold':
      return `${dataset} ${rule.id}: ${what} ${rule.comparison === 'GreaterThanThreshold' ? '>' : '>='} ${rule.threshold}, ${window}`;
    case 'anomaly':
      return `${dataset} ${rule.id}: ${what} above the band (${rule.bandWidth} sd), ${window}`;
    case 'silence':
      return `${dataset} ${rule.id} ${source ?? ''}: ${what} < 1 or missing, ${window}`;
  }
}

function evaluateRule(
  dataset: string,
  rule: AlarmRule,
  dimensions: Readonly<Record<string, string>>,
  store: MetricStore,
  span: EvaluationSpan,
  source?: string,
): RuleEvaluation {
  const periodMs = rule.periodSeconds * 1000;
  // Anomaly and silence rules judge whole periods only: a period cut by the run's
  // start or end is short of data by construction, not silent or unusual.
  const fullOnly = rule.kind !== 'threshold';
  const first = fullOnly ? Math.ceil(span.startMs / periodMs) * periodMs : Math.floor(span.startMs / periodMs) * periodMs;
  const starts: number[] = [];
  for (let t = first; fullOnly ? t + periodMs <= span.endMs : t < span.endMs; t += periodMs) starts.push(t);

  const buckets = new Map<number, number[]>();
  for (const point of store.datapoints(rule.metric, dimensions)) {
    const start = Math.floor(point.timestampMs / periodMs) * periodMs;
    let values = buckets.get(start);
    if (values === undefined) {
      values = [];
      buckets.set(start, values);
    }
    values.push(...point.values);
  }

  const m = rule.datapointsToAlarm ?? rule.evaluationPeriods;
  const counts = rule.statistic === 'Sum' || rule.statistic === 'SampleCount';
  const training: number[] = [];
  const periods: EvaluatedPeriod[] = [];
  const breachFlags: boolean[] = [];
  for (const startMs of starts) {
    const value = statistic(rule.statistic, buckets.get(startMs) ?? []);
    let breaching = false;
    let band: { lower: number; upper: number } | undefined;
    switch (rule.kind) {
      case 'threshold':
        breaching = value !== null && (rule.comparison === 'GreaterThanThreshold' ? value > rule.threshold : value >= rule.threshold);
        break;
      case 'silence':
        breaching = value === null || value < 1;
        break;
      case 'anomaly': {
        const b = anomalyBand(training.slice(-ANOMALY_MODEL.trainingPeriods), rule.bandWidth, counts);
        if (b !== undefined) band = { lower: b.lower, upper: b.upper };
        breaching = value !== null && b !== undefined && value > b.upper;
        // Breaching periods stay out of the model, so a spike does not teach the band to expect spikes.
        if (value !== null && !breaching) training.push(value);
        break;
      }
    }
    breachFlags.push(breaching);
    const window = breachFlags.slice(-rule.evaluationPeriods);
    const state = window.filter(Boolean).length >= m ? 'ALARM' : 'OK';
    periods.push({ startMs, value, breaching, state, ...(band !== undefined ? { band } : {}) });
  }

  const alerts: Alert[] = [];
  for (let i = 0; i < periods.length; i++) {
    const p = periods[i] as EvaluatedPeriod;
    if (p.state !== 'ALARM' || (i > 0 && (periods[i - 1] as EvaluatedPeriod).state === 'ALARM')) continue;
    let j = i;
    while (j + 1 < periods.length && (periods[j + 1] as EvaluatedPeriod).state === 'ALARM') j++;
    let k = Math.max(0, i - rule.evaluationPeriods + 1);
    while (k < i && !(periods[k] as EvaluatedPeriod).breaching) k++;
    const values = periods.slice(k, j + 1).flatMap((q) => (q.value === null ? [] : [q.value]));
    alerts.push({
      dataset,
      ruleId: rule.id,
      kind: rule.kind,
      metric: rule.metric,
      ...(source !== undefined ? { source } : {}),
      from: iso((periods[k] as EvaluatedPeriod).startMs),
      to: iso((periods[j] as EvaluatedPeriod).startMs + periodMs),
      firedAt: iso(p.startMs + periodMs),
      peak:
        rule.kind === 'silence'
          ? Math.min(...periods.slice(k, j + 1).map((q) => q.value ?? 0))
          : values.length === 0
            ? null
            : Math.max(...values),
    });
    i = j;
  }
  return {
    dataset,
    rule,
    ...(source !== undefined ? { source } : {}),
    title: titleOf(dataset, rule, source),
    // A silence rule breaches below 1 (or with no data): its line is drawn at 1.
    ...(rule.kind === 'threshold' ? { threshold: rule.threshold } : rule.kind === 'silence' ? { threshold: 1 } : {}),
    periodSeconds: rule.periodSeconds,
    periods,
    alerts,
  };
}
