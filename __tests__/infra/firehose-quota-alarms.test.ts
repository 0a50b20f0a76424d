import { Testing } from 'cdktf';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DATASETS } from '../../datasets/registry';
import { ConstructPropsError } from '../../stacks/props-error';
import { FirehoseQuotaAlarms, type FirehoseQuotaAlarmsProps } from '../../stacks/monitoring/firehose-quota-alarms';
import { PipelineStack } from '../../stacks/pipeline-stack';
import { environment, fixtureBundle, resourcesOf } from '../stacks/factories';

const TOPIC = 'arn:aws:sns:us-east-1:222222222222:logtel-prod-alerts';
const STREAMS = [
  { key: 'access-logs/processed', deliveryStreamName: 'logtel-prod-access-logs-processed' },
  { key: 'access-logs/search', deliveryStreamName: 'logtel-prod-access-logs-search' },
];

function synth(props: Partial<FirehoseQuotaAlarmsProps> = {}): string {
  return Testing.synthScope(
    (scope) => new FirehoseQuotaAlarms(scope, 'quota', { alarmNamePrefix: 'logtel-prod', topicArn: TOPIC, streams: STREAMS, ...props }),
  );
}

type AlarmJson = Record<string, unknown> & { alarm_name: string; alarm_description: string };
function alarmsOf(json: string): AlarmJson[] {
  const resources = (JSON.parse(json) as { resource: { aws_cloudwatch_metric_alarm: Record<string, AlarmJson> } }).resource;
  return Object.values(resources.aws_cloudwatch_metric_alarm);
}

describe('FirehoseQuotaAlarms', () => {
  it.each([
    ['bytes', 'IncomingBytes', 'BytesPerSecondLimit'],
    ['records', 'IncomingRecords', 'RecordsPerSecondLimit'],
    ['requests', 'IncomingPutRequests', 'PutRequestsPerSecondLimit'],
  ])('alarms when the 5-minute %s rate (Sum / 300) passes 80 %% of the published limit, per stream', (id, incoming, limit) => {
    // Act
    const json = synth();

    // Assess
    for (const stream of STREAMS) {
      const dimensions = { DeliveryStreamName: stream.deliveryStreamName };
      expect(json).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
        alarm_name: `logtel-prod-${stream.key.replace('/', '-')}-quota-${id}`,
        comparison_operator: 'GreaterThanThreshold',
        threshold: 0.8,
        evaluation_periods: 1,
        treat_missing_data: 'notBreaching',
        alarm_actions: [TOPIC],
        ok_actions: [TOPIC],
        metric_query: [
          { id: 'usage', return_data: true, label: `${incoming} per second / ${limit}`, expression: 'm1 / 300 / m2' },
          {
            id: 'm1',
            return_data: false,
            metric: { namespace: 'AWS/Firehose', metric_name: incoming, dimensions, stat: 'Sum', period: 300 },
          },
          {
            id: 'm2',
            return_data: false,
            metric: { namespace: 'AWS/Firehose', metric_name: limit, dimensions, stat: 'Minimum', period: 300 },
          },
        ],
      });
    }
  });

  it('alarms on any throttled record, per stream', () => {
    const json = synth();
    for (const stream of STREAMS) {
      expect(json).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
        alarm_name: `logtel-prod-${stream.key.replace('/', '-')}-throttled`,
        namespace: 'AWS/Firehose',
        metric_name: 'ThrottledRecords',
        dimensions: { DeliveryStreamName: stream.deliveryStreamName },
        statistic: 'Sum',
        period: 300,
        comparison_operator: 'GreaterThanThreshold',
        threshold: 0,
      });
    }
    expect(alarmsOf(json)).toHaveLength(STREAMS.length * 4);
  });

  it('gives every alarm the reason for its threshold', () => {
    for (const alarm of alarmsOf(synth())) {
      expect(alarm.alarm_description).toMatch(
        /Why (80 %|any): .+ Raise the quota \(docs\/capacity\.md\)\. Runbook: docs\/operations\.md#alarm-firehose-(quota|throttled)$/,
      );
    }
    const bytes = alarmsOf(synth()).find((a) => a.alarm_name === 'logtel-prod-access-logs-processed-quota-bytes');
    expect(bytes?.alarm_description).toContain('(IncomingBytes/300 > 0.8 x BytesPerSecondLimit)');
  });

  it('follows a custom ratio and period in the threshold and the expression', () => {
    const json = synth({ thresholdRatio: 0.5, periodSeconds: 60, streams: STREAMS.slice(0, 1) });
    expect(json).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'logtel-prod-access-logs-processed-quota-records',
      threshold: 0.5,
      metric_query: expect.arrayContaining([expect.objectContaining({ id: 'usage', expression: 'm1 / 60 / m2' })]),
    });
  });

  it('reports every invalid prop at once', () => {
    expect(() =>
      synth({
        streams: [STREAMS[0], STREAMS[0]].filter((s) => s !== undefined),
        thresholdRatio: 1.5,
        periodSeconds: 90,
        evaluationPeriods: 0,
      }),
    ).toThrow(
      new ConstructPropsError([
        'FirehoseQuotaAlarms.thresholdRatio: 1.5; expected a share above 0 and at most 1',
        'FirehoseQuotaAlarms.periodSeconds: 90; expected a multiple of 60',
        'FirehoseQuotaAlarms.evaluationPeriods: 0; expected an integer >= 1',
        "FirehoseQuotaAlarms.streams: 'access-logs/processed' is listed twice",
      ]),
    );
    expect(() => synth({ streams: [] })).toThrow('FirehoseQuotaAlarms.streams: expected at least one Direct PUT stream');
  });
});

describe('Stack: PipelineStack quota alarms', () => {
  it.each(['dev', 'prod'] as const)(
    '%s: every Direct PUT delivery stream, and no Kinesis-sourced one, has the four quota alarms',
    (name) => {
      // Prepare
      const stack = new PipelineStack(Testing.app(), `pipeline-${name}`, {
        env: environment(name),
        datasets: DATASETS,
        processorBundle: fixtureBundle(),
      });

      // Act
      const firehoses = Object.values(resourcesOf(stack, 'aws_kinesis_firehose_delivery_stream')) as {
        name: string;
        kinesis_source_configuration?: unknown;
      }[];
      const alarms = Object.values(resourcesOf(stack, 'aws_cloudwatch_metric_alarm')) as {
        alarm_name: string;
        metric_name?: string;
        dimensions?: Record<string, string>;
        metric_query?: { metric?: { dimensions: Record<string, string> } }[];
      }[];

      // Assess
      const directPut = firehoses
        .filter((f) => f.kinesis_source_configuration === undefined)
        .map((f) => f.name)
        .sort();
      expect(directPut).toEqual(
        DATASETS.flatMap((d) => [
          `logtel-${name}-${d.name}-processed`,
          ...(name === 'prod' ? [`logtel-${name}-${d.name}-search`] : []),
        ]).sort(),
      );
      const watched = (a: (typeof alarms)[number]): string | undefined =>
        a.dimensions?.DeliveryStreamName ?? a.metric_query?.[1]?.metric?.dimensions.DeliveryStreamName;
      const quota = alarms.filter((a) => /-(quota-(bytes|records|requests)|throttled)$/.test(a.alarm_name));
      expect(quota).toHaveLength(directPut.length * 4);
      expect([...new Set(quota.map(watched))].sort()).toEqual(directPut);
    },
  );
});
