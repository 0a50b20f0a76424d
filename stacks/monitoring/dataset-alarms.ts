import { CloudwatchMetricAlarm, type CloudwatchMetricAlarmConfig } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import type { AlarmRule, AnomalyAlarmRule, DatasetDeclaration, SilenceAlarmRule, ThresholdAlarmRule } from '../../datasets/dataset';
import { datasetAlarmAnchor, withRunbook } from '../../config/runbook';
import { PropsCheck } from '../props-error';

export interface DatasetAlarmsProps {
  /** Prefix of every alarm name, e.g. the environment's `namePrefix`. */
  readonly alarmNamePrefix: string;
  /** Namespace the processor publishes to: `metricNamespace(env.name)`. */
  readonly namespace: string;
  readonly dataset: Pick<DatasetDeclaration, 'name' | 'alarms' | 'expectedSources'>;
  /** SNS topic notified on ALARM and OK. */
  readonly topicArn: string;
}

type Common = Pick<CloudwatchMetricAlarmConfig, 'alarmName' | 'alarmDescription' | 'evaluationPeriods' | 'datapointsToAlarm' | 'alarmActions' | 'okActions'>;

function statisticOf(rule: AlarmRule): Pick<CloudwatchMetricAlarmConfig, 'statistic' | 'extendedStatistic'> {
  return rule.statistic.startsWith('p') ? { extendedStatistic: rule.statistic } : { statistic: rule.statistic };
}

/**
 * The alarms a dataset declares (`alarms` in its declaration), each with the
 * declaration's reason as the description. Threshold rules become static alarms,
 * anomaly rules an `ANOMALY_DETECTION_BAND` alarm above the band, silence rules one
 * alarm per expected source that treats missing data as breaching.
 */
export class DatasetAlarms extends Construct {
  /** Alarms by rule id (silence rules: `<rule id>/<source>`). */
  readonly alarms: ReadonlyMap<string, CloudwatchMetricAlarm>;

  constructor(scope: Construct, id: string, props: DatasetAlarmsProps) {
    super(scope, id);
    const { dataset } = props;
    validateRules(dataset);
    const alarms = new Map<string, CloudwatchMetricAlarm>();
    const baseDimensions = { Dataset: dataset.name };

    for (const rule of dataset.alarms) {
      const common: Common = {
        alarmName: `${props.alarmNamePrefix}-${dataset.name}-${rule.id}`,
        alarmDescription: withRunbook(rule.reason, datasetAlarmAnchor(dataset.name, rule.id)),
        evaluationPeriods: rule.evaluationPeriods,
        datapointsToAlarm: rule.datapointsToAlarm ?? rule.evaluationPeriods,
        alarmActions: [props.topicArn],
        okActions: [props.topicArn],
      };
      const dimensions = { ...baseDimensions, ...rule.dimensions };
      if (rule.kind === 'threshold') {
        alarms.set(rule.id, this.threshold(rule, common, props.namespace, dimensions));
      } else if (rule.kind === 'anomaly') {
        alarms.set(rule.id, this.anomaly(rule, common, props.namespace, dimensions));
      } else {
        for (const source of dataset.expectedSources ?? []) {
          alarms.set(`${rule.id}/${source}`, this.silence(rule, source, common, props.namespace, dimensions));
        }
      }
    }
    this.alarms = alarms;
  }

  private threshold(rule: ThresholdAlarmRule, common: Common, namespace: string, dimensions: Record<string, string>): CloudwatchMetricAlarm {
    return new CloudwatchMetricAlarm(this, rule.id, {
      ...common,
      namespace,
      metricName: rule.metric,
      dimensions,
      ...statisticOf(rule),
      period: rule.periodSeconds,
      comparisonOperator: rule.comparison,
      threshold: rule.threshold,
      // No datapoints means no such events (the processor emits these metrics only when they happen).
      treatMissingData: 'notBreaching',
    });
  }

  private anomaly(rule: AnomalyAlarmRule, common: Common, namespace: string, dimensions: Record<string, string>): CloudwatchMetricAlarm {
    const stat = rule.statistic;
    return new CloudwatchMetricAlarm(this, rule.id, {
      ...common,
      comparisonOperator: 'GreaterThanUpperThreshold',
      thresholdMetricId: 'band',
      // A quiet period is not a spike; only data above the band alarms.
      treatMissingData: 'notBreaching',
      metricQuery: [
        { id: 'm1', returnData: true, metric: { namespace, metricName: rule.metric, dimensions, stat, period: rule.periodSeconds } },
        { id: 'band', returnData: true, label: `${rule.metric} expected band`, expression: `ANOMALY_DETECTION_BAND(m1, ${rule.bandWidth})` },
      ],
    });
  }

  private silence(rule: SilenceAlarmRule, source: string, common: Common, namespace: string, dimensions: Record<string, string>): CloudwatchMetricAlarm {
    return new CloudwatchMetricAlarm(this, `${rule.id}-${source}`, {
      ...common,
      alarmName: `${common.alarmName}-${source}`,
      alarmDescription: `${source}: ${common.alarmDescription ?? rule.reason}`,
      namespace,
      metricName: rule.metric,
      dimensions: { ...dimensions, [rule.sourceDimension]: source },
      ...statisticOf(rule),
      period: rule.periodSeconds,
      comparisonOperator: 'LessThanThreshold',
      threshold: 1,
      // A silent source publishes nothing at all: missing data is the failure itself.
      treatMissingData: 'breaching',
    });
  }
}

function validateRules(dataset: DatasetAlarmsProps['dataset']): void {
  // The rules are declared in datasets/, so the lines name the declaration, not the construct.
  const check = new PropsCheck(`datasets/${dataset.name}`);
  const seen = new Set<string>();
  for (const rule of dataset.alarms) {
    const where = `alarms[${rule.id}]`;
    check.expect(/^[a-z0-9]+(-[a-z0-9]+)*$/.test(rule.id), `${where}.id`, 'expected kebab-case');
    check.expect(!seen.has(rule.id), `${where}.id`, 'duplicate id; expected ids unique within the dataset');
    seen.add(rule.id);
    const period = rule.periodSeconds;
    check.expect(period === 10 || period === 30 || (period > 0 && period % 60 === 0), `${where}.periodSeconds`, `${period}; expected 10, 30 or a multiple of 60`);
    check.expect(Number.isInteger(rule.evaluationPeriods) && rule.evaluationPeriods >= 1, `${where}.evaluationPeriods`, `${rule.evaluationPeriods}; expected a positive integer`);
    if (rule.datapointsToAlarm !== undefined) {
      check.expect(rule.datapointsToAlarm >= 1 && rule.datapointsToAlarm <= rule.evaluationPeriods, `${where}.datapointsToAlarm`, `${rule.datapointsToAlarm}; expected 1..evaluationPeriods (${rule.evaluationPeriods})`);
    }
    check.expect(rule.reason.trim() !== '', `${where}.reason`, 'expected the reason for the threshold');
    if (rule.kind === 'anomaly') check.expect(rule.bandWidth > 0, `${where}.bandWidth`, `${rule.bandWidth}; expected a positive number of standard deviations`);
    if (rule.kind === 'silence') {
      check.expect((dataset.expectedSources ?? []).length > 0, where, `a silence rule needs datasets/${dataset.name}.expectedSources (the sources to watch); it has none`);
    }
  }
  check.throwIfAny();
}
