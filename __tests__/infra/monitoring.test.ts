import { Testing } from 'cdktf';
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketMetric } from '@cdktf/provider-aws/lib/s3-bucket-metric';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { accessLogs } from '../../datasets/access-logs';
import type { DatasetDeclaration } from '../../datasets/dataset';
import { turbineTelemetry, TURBINE_IDS } from '../../datasets/turbine-telemetry';
import { DatasetDeclarationError } from '../../datasets/validate-dataset';
import { AlertTopic } from '../../stacks/monitoring/alert-topic';
import { DatasetAlarms } from '../../stacks/monitoring/dataset-alarms';
import { PipelineStack } from '../../stacks/pipeline-stack';
import { ConstructPropsError } from '../../stacks/props-error';
import { PipelineDashboard } from '../../stacks/monitoring/pipeline-dashboard';
import { PipelineHealthAlarms, type PipelineDatasetResources } from '../../stacks/monitoring/pipeline-health-alarms';
import { environment, fixtureBundle } from '../stacks/factories';

const TOPIC = 'arn:aws:sns:us-east-1:111111111111:logtel-dev-alerts';
const NS = 'LogTelemetryPipeline/dev';

function resourcesOf(dataset: string, search = false): PipelineDatasetResources & { streamName: string } {
  return {
    dataset,
    streamName: `logtel-dev-${dataset}`,
    functionName: `logtel-dev-${dataset}-processor`,
    rawDeliveryStreamName: `logtel-dev-${dataset}-raw`,
    processedDeliveryStreamName: `logtel-dev-${dataset}-processed`,
    ...(search ? { searchDeliveryStreamName: `logtel-dev-${dataset}-search` } : {}),
  };
}

function alarmsOf(dataset: DatasetDeclaration): string {
  return Testing.synthScope(
    (scope) => new DatasetAlarms(scope, 'alarms', { alarmNamePrefix: 'logtel-dev', namespace: NS, dataset, topicArn: TOPIC }),
  );
}

describe('AlertTopic', () => {
  it('encrypts the topic with a rotating key that admits CloudWatch and subscribes each address', () => {
    // Act
    const synth = Testing.synthScope(
      (scope) =>
        new AlertTopic(scope, 'alerts', {
          namePrefix: 'logtel-prod',
          accountId: '222222222222',
          emails: ['a@example.com', 'b@example.com'],
        }),
    );

    // Assess
    expect(synth).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(synth).toHaveResourceWithProperties(SnsTopic, {
      name: 'logtel-prod-alerts',
      kms_master_key_id: expect.stringContaining('aws_kms_key.'),
    });
    expect(synth).toHaveResourceWithProperties(SnsTopicSubscription, { protocol: 'email', endpoint: 'b@example.com' });
    const resources = JSON.parse(synth).resource as Record<string, Record<string, Record<string, string>>>;
    const keyPolicy = JSON.parse(Object.values(resources.aws_kms_key)[0].policy) as { Statement: Record<string, unknown>[] };
    expect(keyPolicy.Statement).toContainEqual({
      Sid: 'CloudWatchAlarms',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceAccount': '222222222222' } },
    });
    // The account administers the key with listed actions: no statement grants kms:*.
    expect(keyPolicy.Statement.flatMap((s) => s.Action)).not.toContain('kms:*');
    expect(keyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Sid: 'AccountAdministersKey',
        Principal: { AWS: 'arn:aws:iam::222222222222:root' },
        Action: expect.arrayContaining(['kms:Put*', 'kms:ScheduleKeyDeletion']),
      }),
    );
    const topicPolicy = JSON.parse(Object.values(resources.aws_sns_topic_policy)[0].policy) as { Statement: Record<string, unknown>[] };
    expect(topicPolicy.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('rejects a malformed address, naming it', () => {
    expect(() =>
      Testing.synthScope((scope) => new AlertTopic(scope, 'alerts', { namePrefix: 'p', accountId: '1', emails: ['oncall'] })),
    ).toThrow(new ConstructPropsError(["AlertTopic.emails: 'oncall' is not an e-mail address"]));
  });
});

describe('DatasetAlarms', () => {
  it('turns the access-logs rules into threshold, percentile and anomaly-band alarms with their reasons', () => {
    // Act
    const synth = alarmsOf(accessLogs);

    // Assess
    const critical = accessLogs.alarms.find((r) => r.id === 'critical-errors');
    expect(synth).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'logtel-dev-access-logs-critical-errors',
      alarm_description: `${critical?.reason ?? ''} Runbook: docs/operations.md#alarm-access-logs-critical-errors`,
      namespace: NS,
      metric_name: 'CriticalErrors',
      dimensions: { Dataset: 'access-logs' },
      statistic: 'Sum',
      threshold: 20,
      alarm_actions: [TOPIC],
    });
    expect(synth).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'logtel-dev-access-logs-latency-p99',
      extended_statistic: 'p99',
    });
    expect(synth).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'logtel-dev-access-logs-usage-spike',
      comparison_operator: 'GreaterThanUpperThreshold',
      threshold_metric_id: 'band',
      metric_query: [
        {
          id: 'm1',
          return_data: true,
          metric: { namespace: NS, metric_name: 'Requests', dimensions: { Dataset: 'access-logs' }, stat: 'Sum', period: 300 },
        },
        { id: 'band', return_data: true, label: 'Requests expected band', expression: 'ANOMALY_DETECTION_BAND(m1, 2)' },
      ],
    });
  });

  it('creates one breaching silence alarm per turbine', () => {
    // Act
    const synth = alarmsOf(turbineTelemetry);

    // Assess
    for (const turbine of TURBINE_IDS) {
      expect(synth).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
        alarm_name: `logtel-dev-turbine-telemetry-silent-turbine-${turbine}`,
        dimensions: { Dataset: 'turbine-telemetry', TurbineId: turbine },
        comparison_operator: 'LessThanThreshold',
        treat_missing_data: 'breaching',
      });
    }
    expect(synth).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'logtel-dev-turbine-telemetry-out-of-range',
      metric_name: 'OutOfRange',
      threshold: 3,
    });
  });

  it('relies on the one validator: a pipeline whose declaration breaks alarm rules is refused at load with its messages, before any alarm', () => {
    // Prepare: the rules the construct once checked itself.
    const turbines = { ...turbineTelemetry, expectedSources: [] };
    const access = { ...accessLogs, alarms: [{ ...accessLogs.alarms[0], periodSeconds: 45 }, ...accessLogs.alarms.slice(1)] };

    // Act
    const synth = (): unknown =>
      new PipelineStack(Testing.app(), 'pipeline-dev', {
        env: environment('dev'),
        datasets: [access, turbines],
        processorBundle: fixtureBundle(),
      });

    // Assess
    expect(synth).toThrow(DatasetDeclarationError);
    expect(synth).toThrow(
      'invalid dataset declaration: datasets/access-logs.alarms[critical-errors].periodSeconds: 45; expected 10, 30 or a multiple of 60; ' +
        'datasets/turbine-telemetry.alarms[silent-turbine]: a silence rule needs expectedSources (the sources to watch); there are none',
    );
  });
});

describe('PipelineHealthAlarms', () => {
  it('alarms on lag, processor failures, failure-destination arrivals, delivery and OpenSearch state', () => {
    // Act
    let keys: string[] = [];
    const synth = Testing.synthScope((scope) => {
      const health = new PipelineHealthAlarms(scope, 'health', {
        alarmNamePrefix: 'logtel-prod',
        topicArn: TOPIC,
        datasets: [resourcesOf('access-logs', true)],
        failureDestination: { kind: 's3', bucketName: 'quarantine-bucket' },
        openSearch: { domainName: 'logtel-prod', accountId: '222222222222', volumeSizeGb: 100 },
      });
      keys = [...health.alarms.keys()];
    });

    // Assess
    expect(keys).toEqual([
      'access-logs/iterator-age',
      'access-logs/lambda-errors',
      'access-logs/lambda-throttles',
      'access-logs/raw-delivery-failures',
      'access-logs/raw-freshness',
      'access-logs/processed-delivery-failures',
      'access-logs/processed-freshness',
      'access-logs/processed-failed-conversion',
      'access-logs/search-delivery-failures',
      'access-logs/search-freshness',
      'failure-destination',
      'opensearch/cluster-red',
      'opensearch/low-storage',
    ]);
    expect(synth).toHaveResourceWithProperties(S3BucketMetric, {
      bucket: 'quarantine-bucket',
      name: 'lambda-on-failure',
      filter: { prefix: 'aws/lambda/' },
    });
    expect(synth).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'logtel-prod-failure-destination',
      namespace: 'AWS/S3',
      metric_name: 'PutRequests',
      dimensions: { BucketName: 'quarantine-bucket', FilterId: 'lambda-on-failure' },
      alarm_actions: [TOPIC],
    });
    expect(synth).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'logtel-prod-opensearch-low-storage',
      metric_name: 'FreeStorageSpace',
      threshold: 25600,
      dimensions: { DomainName: 'logtel-prod', ClientId: '222222222222' },
    });
    expect(synth).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'logtel-prod-access-logs-search-freshness',
      metric_name: 'DeliveryToAmazonOpenSearchService.DataFreshness',
      threshold: 900,
    });
  });

  it('alarms on records that fail Parquet conversion, for each processed stream, which DeliveryToS3.Success never shows', () => {
    // Act
    const synth = Testing.synthScope(
      (scope) =>
        new PipelineHealthAlarms(scope, 'health', {
          alarmNamePrefix: 'logtel-dev',
          topicArn: TOPIC,
          datasets: [resourcesOf('access-logs'), resourcesOf('turbine-telemetry')],
          failureDestination: { kind: 's3', bucketName: 'quarantine-bucket' },
        }),
    );

    // Assess
    for (const dataset of ['access-logs', 'turbine-telemetry']) {
      expect(synth).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
        alarm_name: `logtel-dev-${dataset}-processed-failed-conversion`,
        namespace: 'AWS/Firehose',
        metric_name: 'FailedConversion.Records',
        dimensions: { DeliveryStreamName: `logtel-dev-${dataset}-processed` },
        statistic: 'Sum',
        comparison_operator: 'GreaterThanThreshold',
        threshold: 0,
        treat_missing_data: 'notBreaching',
        alarm_actions: [TOPIC],
      });
    }
  });

  it("creates the failure bucket's metrics configuration only after the bucket exists", () => {
    // Act
    const synth = Testing.synthScope((scope) => {
      const bucket = new S3Bucket(scope, 'quarantine', { bucket: 'quarantine-bucket' });
      new PipelineHealthAlarms(scope, 'health', {
        alarmNamePrefix: 'p',
        topicArn: TOPIC,
        datasets: [resourcesOf('a')],
        failureDestination: { kind: 's3', bucketName: 'quarantine-bucket', dependsOn: [bucket] },
      });
    });

    // Assess: S3 rejects PutBucketMetricsConfiguration on a bucket that does not exist yet.
    expect(synth).toHaveResourceWithProperties(S3BucketMetric, { bucket: 'quarantine-bucket', depends_on: ['aws_s3_bucket.quarantine'] });
  });

  it('uses queue depth for an SQS failure destination', () => {
    const synth = Testing.synthScope(
      (scope) =>
        new PipelineHealthAlarms(scope, 'h', {
          alarmNamePrefix: 'p',
          topicArn: TOPIC,
          datasets: [resourcesOf('a')],
          failureDestination: { kind: 'sqs', queueName: 'dlq' },
        }),
    );
    expect(synth).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      metric_name: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: 'dlq' },
    });
  });
});

describe('PipelineDashboard', () => {
  it('shows every required view, with turbine charts when the turbine dataset is present', () => {
    // Act
    let titles: readonly string[] = [];
    const synth = Testing.synthScope((scope) => {
      titles = new PipelineDashboard(scope, 'dash', {
        dashboardName: 'logtel-prod',
        region: 'us-east-1',
        namespace: NS,
        datasets: [resourcesOf('access-logs', true), resourcesOf('turbine-telemetry', true)],
        failureDestination: { kind: 's3', bucketName: 'q' },
        openSearch: { domainName: 'logtel-prod', accountId: '222222222222' },
      }).widgetTitles;
    });

    // Assess
    expect(titles).toEqual([
      'Ingest rate (records per minute)',
      'Processing errors',
      'Errors by type (error code)',
      'Iterator age (ms)',
      'Firehose data freshness (s)',
      'Failure destination arrivals',
      'OpenSearch cluster health',
      'Turbine power output (kW)',
      'Turbine faults and out-of-range readings',
    ]);
    const dashboards = JSON.parse(synth).resource.aws_cloudwatch_dashboard as Record<string, { dashboard_body: string }>;
    const body = JSON.parse(Object.values(dashboards)[0].dashboard_body) as { widgets: { properties: { metrics: unknown[] } }[] };
    expect(JSON.stringify(body.widgets[7].properties.metrics)).toContain(
      `SEARCH('{${NS},Dataset,TurbineId} MetricName=\\"PowerOutputKw\\" Dataset=\\"turbine-telemetry\\"', 'Average', 60)`,
    );
    expect(synth).toHaveResourceWithProperties(CloudwatchDashboard, { dashboard_name: 'logtel-prod' });
  });
});
