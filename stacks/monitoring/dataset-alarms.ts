import { CloudwatchMetricAlarm, type CloudwatchMetricAlarmConfig } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import type { AlarmRule, AnomalyAlarmRule, DatasetDeclaration, SilenceAlarmRule, ThresholdAlarmRule } from '../../datasets/dataset';
import { datasetAlarmAnchor, withRunbook } from '../../config/runbook';

export interface DatasetAlarmsProps {
  /** Prefix of every alarm name, e.g. the environment's `namePrefix`. */
  readonly alarmNamePrefix: string;
  /** Namespace the processor publishes to: `metricNamespace(env.name)`. */
  readonly namespace: string;
  readonly dataset: Pick<DatasetDeclaration, 'name' | 'alarms' | 'expectedSources'>;
  /** SNS topic notified on ALARM and OK. */
  readonly topicArn: string;
}

type Common = Pick<
  CloudwatchMetricAlarmConfig,
  'alarmName' | 'alarmDescription' | 'evaluationPeriods' | 'datapointsToAlarm' | 'alarmActions' | 'okActions'
>;

function statisticOf(rule: AlarmRule): Pick<CloudwatchMetricAlarmConfig, 'statistic' | 'extendedStatistic'> {
  return rule.statistic.startsWith('p') ? { extendedStatistic: rule.statistic } : { statistic: rule.statistic };
}

/**
 * The alarms a dataset declares (`alarms` in its declaration), each with the
 * declaration's reason as the description. Threshold rules become static alarms,
 * anomaly rules an `ANOMALY_DETECTION_BAND` alarm above the band, silence rules one
 * alarm per expected source that treats missing data as breaching. The declaration
 * must be one `validateDatasets` accepted: ids, periods, datapoints, metrics and
 * silence sources are its checks, not this construct's.
 */
export class DatasetAlarms extends Construct {
  /** Alarms by rule id (silence rules: `<rule id>/<source>`). */
  readonly alarms: ReadonlyMap<string, CloudwatchMetricAlarm>;

  constructor(scope: Construct, id: string, props: DatasetAlarmsProps) {
    super(scope, id);
    // No checks of the rules here: the one validator (datasets/validate-dataset.ts) has
    // refused a bad declaration at load, before any construct (PipelineStack runs it first).
    const { dataset } = props;
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

  private threshold(
    rule: ThresholdAlarmRule,
    common: Common,
    namespace: string,
    dimensions: Record<string, string>,
  ): CloudwatchMetricAlarm {
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
        {
          id: 'band',
          returnData: true,
          label: `${rule.metric} expected band`,
          expression: `ANOMALY_DETECTION_BAND(m1, ${rule.bandWidth})`,
        },
      ],
    });
  }

  private silence(
    rule: SilenceAlarmRule,
    source: string,
    common: Common,
    namespace: string,
    dimensions: Record<string, string>,
  ): CloudwatchMetricAlarm {
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
