import { CloudwatchMetricAlarm, type CloudwatchMetricAlarmConfig } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import { withRunbook } from '../../config/runbook';
import { PropsCheck } from '../props-error';
import { FIREHOSE_QUOTA_ALARM_DEFAULTS } from './firehose-quota-defaults';

/** One Direct PUT delivery stream to watch. */
export interface DirectPutStream {
  /** `<dataset>/<role>`, e.g. `access-logs/processed`; part of the alarm keys and names. */
  readonly key: string;
  readonly deliveryStreamName: string;
}

export interface FirehoseQuotaAlarmsProps {
  readonly alarmNamePrefix: string;
  readonly topicArn: string;
  /** The Direct PUT streams (processed, search). Kinesis-sourced streams have no Direct PUT quota. */
  readonly streams: readonly DirectPutStream[];
  /** @default 0.8 (FIREHOSE_QUOTA_ALARM_DEFAULTS) */
  readonly thresholdRatio?: number;
  /** @default 300 */
  readonly periodSeconds?: number;
  /** @default 1 */
  readonly evaluationPeriods?: number;
}

/** Runbook sections (docs/operations.md) of the quota alarms and of the throttling alarm. */
export const FIREHOSE_QUOTA_ANCHOR = 'alarm-firehose-quota';
export const FIREHOSE_THROTTLED_ANCHOR = 'alarm-firehose-throttled';

/** The three Direct PUT quotas: the incoming metric and the limit metric Firehose publishes for it. */
const QUOTAS = [
  { id: 'bytes', incoming: 'IncomingBytes', limit: 'BytesPerSecondLimit', what: 'bytes' },
  { id: 'records', incoming: 'IncomingRecords', limit: 'RecordsPerSecondLimit', what: 'records' },
  { id: 'requests', incoming: 'IncomingPutRequests', limit: 'PutRequestsPerSecondLimit', what: 'PutRecord/PutRecordBatch requests' },
] as const;

/**
 * Alarms before a Direct PUT delivery stream hits its quotas, following AWS's advice
 * for Firehose: the 5-minute Sum of each incoming metric divided by 300 is a per-second
 * rate, compared with the per-second limit Firehose publishes for the stream
 * (metric math `m1 / 300 / m2 > 0.8`, i.e. IncomingX/300 > 0.8 x XPerSecondLimit).
 * Comparing with the published limit keeps the alarms right when the quota is raised
 * or differs by region. Plus one alarm on any throttled record. Each description gives
 * the reason for its threshold.
 */
export class FirehoseQuotaAlarms extends Construct {
  /** Alarms by key, e.g. `access-logs/processed-quota-bytes`, `access-logs/search-throttled`. */
  readonly alarms: ReadonlyMap<string, CloudwatchMetricAlarm>;

  constructor(scope: Construct, id: string, props: FirehoseQuotaAlarmsProps) {
    super(scope, id);
    const d = FIREHOSE_QUOTA_ALARM_DEFAULTS;
    const ratio = props.thresholdRatio ?? d.thresholdRatio;
    const period = props.periodSeconds ?? d.periodSeconds;
    const evaluationPeriods = props.evaluationPeriods ?? d.evaluationPeriods;
    const check = new PropsCheck('FirehoseQuotaAlarms');
    check.expect(props.streams.length > 0, 'streams', 'expected at least one Direct PUT stream');
    check.expect(ratio > 0 && ratio <= 1, 'thresholdRatio', `${ratio}; expected a share above 0 and at most 1`);
    check.expect(period >= 60 && period % 60 === 0, 'periodSeconds', `${period}; expected a multiple of 60`);
    check.expect(
      Number.isInteger(evaluationPeriods) && evaluationPeriods >= 1,
      'evaluationPeriods',
      `${evaluationPeriods}; expected an integer >= 1`,
    );
    const keys = new Set<string>();
    for (const s of props.streams) {
      if (keys.has(s.key)) check.add('streams', `'${s.key}' is listed twice`);
      keys.add(s.key);
    }
    check.throwIfAny();

    const alarms = new Map<string, CloudwatchMetricAlarm>();
    const common = { alarmActions: [props.topicArn], okActions: [props.topicArn], evaluationPeriods, treatMissingData: 'notBreaching' };
    /** One alarm, keyed and named by `key` (a `/` is not allowed in construct ids and alarm names). */
    const add = (key: string, alarm: Omit<CloudwatchMetricAlarmConfig, 'alarmName' | keyof typeof common>): void => {
      const id = key.replace(/\//g, '-');
      alarms.set(key, new CloudwatchMetricAlarm(this, id, { ...common, alarmName: `${props.alarmNamePrefix}-${id}`, ...alarm }));
    };
    const percent = `${Math.round(ratio * 100)} %`;
    for (const stream of props.streams) {
      const dimensions = { DeliveryStreamName: stream.deliveryStreamName };
      const label = stream.key.replace('/', ' ');
      for (const q of QUOTAS) {
        add(`${stream.key}-quota-${q.id}`, {
          alarmDescription: withRunbook(
            `${label} Firehose: incoming ${q.what} over ${period / 60} minutes averaged above ${percent} of ${q.limit} (${q.incoming}/${period} > ${ratio} x ${q.limit}). ` +
              `Why ${percent}: Firehose raises a throttled Direct PUT stream's limit only after it throttles and a requested increase takes days; warn while there is room. Raise the quota (docs/capacity.md).`,
            FIREHOSE_QUOTA_ANCHOR,
          ),
          comparisonOperator: 'GreaterThanThreshold',
          threshold: ratio,
          metricQuery: [
            { id: 'usage', returnData: true, label: `${q.incoming} per second / ${q.limit}`, expression: `m1 / ${period} / m2` },
            { id: 'm1', returnData: false, metric: { namespace: 'AWS/Firehose', metricName: q.incoming, dimensions, stat: 'Sum', period } },
            // The lowest limit in the period: a quota lowered or not yet raised counts.
            {
              id: 'm2',
              returnData: false,
              metric: { namespace: 'AWS/Firehose', metricName: q.limit, dimensions, stat: 'Minimum', period },
            },
          ],
        });
      }
      add(`${stream.key}-throttled`, {
        alarmDescription: withRunbook(
          `${label} Firehose: records throttled in ${period / 60} minutes (ThrottledRecords > 0). ` +
            'Why any: a throttled record is already over a quota; the processor retries it and then fails the batch item, so throughput drops and latency grows. Raise the quota (docs/capacity.md).',
          FIREHOSE_THROTTLED_ANCHOR,
        ),
        namespace: 'AWS/Firehose',
        metricName: 'ThrottledRecords',
        dimensions,
        statistic: 'Sum',
        period,
        comparisonOperator: 'GreaterThanThreshold',
        threshold: 0,
      });
    }
    this.alarms = alarms;
  }
}
