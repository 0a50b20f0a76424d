import { Testing } from 'cdktf';
import { HEALTH_RULES } from '../../local/health-alarms';
import { PipelineHealthAlarms } from '../../stacks/monitoring/pipeline-health-alarms';

interface SynthesizedAlarm {
  readonly alarm_name: string;
  readonly metric_name: string;
  readonly statistic: string;
  readonly period: number;
  readonly evaluation_periods: number;
  readonly comparison_operator: string;
  readonly threshold: number;
}

const COMPARISON: Readonly<Record<string, string>> = {
  '>': 'GreaterThanThreshold',
  '>=': 'GreaterThanOrEqualToThreshold',
  '<': 'LessThanThreshold',
  '<=': 'LessThanOrEqualToThreshold',
};

/** The health alarms the stack creates for one dataset `d` with an S3 failure destination, by alarm name. */
function stackAlarms(): Map<string, SynthesizedAlarm> {
  const json = JSON.parse(
    Testing.synthScope(
      (scope) =>
        new PipelineHealthAlarms(scope, 'health', {
          alarmNamePrefix: 'p',
          topicArn: 'arn:aws:sns:eu-west-1:111111111111:alerts',
          datasets: [{ dataset: 'd', functionName: 'fn', rawDeliveryStreamName: 'raw', processedDeliveryStreamName: 'processed' }],
          failureDestination: { kind: 's3', bucketName: 'failures' },
        }),
    ),
  ) as { resource: { aws_cloudwatch_metric_alarm: Record<string, SynthesizedAlarm> } };
  return new Map(Object.values(json.resource.aws_cloudwatch_metric_alarm).map((a) => [a.alarm_name, a]));
}

describe('Local health rules against the stack', () => {
  it('evaluates each alarm with the statistic, period, evaluation periods, comparison and threshold the stack deploys', () => {
    // Act
    const alarms = stackAlarms();

    // Assess
    for (const rule of HEALTH_RULES) {
      const alarm = alarms.get(rule.scope === 'dataset' ? `p-d-${rule.id}` : `p-${rule.id}`);
      expect({
        id: rule.id,
        metric: alarm?.metric_name,
        statistic: alarm?.statistic,
        period: alarm?.period,
        evaluations: alarm?.evaluation_periods,
        comparison: alarm?.comparison_operator,
        threshold: alarm?.threshold,
      }).toEqual({
        id: rule.id,
        metric: rule.metric.split(' ')[1],
        statistic: rule.statistic,
        period: rule.periodSeconds,
        evaluations: rule.evaluationPeriods,
        comparison: COMPARISON[rule.comparison],
        threshold: rule.threshold,
      });
    }
  });
});
