import { FAILED_BATCH_PREFIX, failedDeliveryPrefix } from '../../config/delivery-prefixes';
import { PIPELINE_HEALTH_THRESHOLDS as T, type AlarmWindow } from '../../config/pipeline-health-thresholds';
import { healthAlarmAnchor, withRunbook } from '../../config/runbook';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { S3BucketMetric } from '@cdktf/provider-aws/lib/s3-bucket-metric';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { PropsCheck } from '../props-error';
import { PIPELINE_HEALTH_ALARM_DEFAULTS } from './pipeline-health-alarms-defaults';

/** Physical names of one dataset's pipeline resources (plain strings or Terraform tokens). */
export interface PipelineDatasetResources {
  readonly dataset: string;
  readonly functionName: string;
  readonly rawDeliveryStreamName: string;
  readonly processedDeliveryStreamName: string;
  /** Firehose with the OpenSearch destination, when OpenSearch is enabled. @default none */
  readonly searchDeliveryStreamName?: string;
}

/** Where the event source mapping sends failed batches. */
export type FailureDestination =
  | {
      readonly kind: 's3';
      readonly bucketName: string;
      /** Key prefix Lambda writes on-failure records under. @default FAILED_BATCH_PREFIX (`aws/lambda/`) */
      readonly prefix?: string;
      /**
       * The bucket's resources: the request-metrics configuration waits for them, because
       * S3 rejects it for a bucket that does not exist yet. @default none
       */
      readonly dependsOn?: readonly ITerraformDependable[];
    }
  | { readonly kind: 'sqs'; readonly queueName: string };

export interface OpenSearchHealth {
  readonly domainName: string;
  readonly accountId: string;
  /** EBS volume per data node, GiB: free-storage alarm fires below 25 % of it. */
  readonly volumeSizeGb: number;
}

export interface PipelineHealthAlarmsProps {
  readonly alarmNamePrefix: string;
  readonly topicArn: string;
  readonly datasets: readonly PipelineDatasetResources[];
  readonly failureDestination: FailureDestination;
  /** @default no OpenSearch alarms */
  readonly openSearch?: OpenSearchHealth;
  /** @default 300000, 5 minutes (PIPELINE_HEALTH_ALARM_DEFAULTS) */
  readonly iteratorAgeThresholdMs?: number;
  /** @default 900, 15 minutes (PIPELINE_HEALTH_ALARM_DEFAULTS) */
  readonly firehoseFreshnessThresholdSeconds?: number;
}

interface AlarmSpec {
  readonly key: string;
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  readonly statistic: 'Sum' | 'Average' | 'Maximum' | 'Minimum';
  readonly period: number;
  readonly evaluationPeriods: number;
  readonly comparison: 'GreaterThanOrEqualToThreshold' | 'GreaterThanThreshold' | 'LessThanThreshold' | 'LessThanOrEqualToThreshold';
  readonly threshold: number;
  readonly treatMissingData: 'breaching' | 'notBreaching' | 'missing';
}

const COMPARISON = {
  '>': 'GreaterThanThreshold',
  '>=': 'GreaterThanOrEqualToThreshold',
  '<': 'LessThanThreshold',
  '<=': 'LessThanOrEqualToThreshold',
} as const satisfies Record<AlarmWindow['comparison'], AlarmSpec['comparison']>;

/** An alarm's statistic, period, evaluation periods, comparison and threshold from its window (`threshold`: a props override). */
function windowOf(
  window: AlarmWindow,
  threshold: number = window.threshold,
): Pick<AlarmSpec, 'statistic' | 'period' | 'evaluationPeriods' | 'comparison' | 'threshold'> {
  return {
    statistic: window.statistic,
    period: window.periodSeconds,
    evaluationPeriods: window.evaluationPeriods,
    comparison: COMPARISON[window.comparison],
    threshold,
  };
}

/** Name of the S3 request-metrics filter that counts on-failure records. */
export const FAILURE_METRICS_FILTER_ID = 'lambda-on-failure';

/**
 * Alarms on the health of the pipeline itself (not on what the data says):
 * stream lag, processor failures, failure-destination arrivals, Firehose delivery and
 * OpenSearch cluster state. Every alarm's description gives the reason for its threshold.
 */
export class PipelineHealthAlarms extends Construct {
  /** Alarms by key, e.g. `access-logs/iterator-age`, `opensearch/cluster-red`. */
  readonly alarms: ReadonlyMap<string, CloudwatchMetricAlarm>;
  /** The S3 request-metrics configuration behind the failure-destination alarm (S3 destinations). */
  readonly failureMetrics?: S3BucketMetric;

  private readonly props: PipelineHealthAlarmsProps;
  private readonly created = new Map<string, CloudwatchMetricAlarm>();

  constructor(scope: Construct, id: string, props: PipelineHealthAlarmsProps) {
    super(scope, id);
    const iteratorAge = props.iteratorAgeThresholdMs ?? PIPELINE_HEALTH_ALARM_DEFAULTS.iteratorAgeThresholdMs;
    const freshness = props.firehoseFreshnessThresholdSeconds ?? PIPELINE_HEALTH_ALARM_DEFAULTS.firehoseFreshnessThresholdSeconds;
    const check = new PropsCheck('PipelineHealthAlarms');
    check.expect(props.datasets.length > 0, 'datasets', 'expected at least one dataset');
    check.expect(iteratorAge >= 1000, 'iteratorAgeThresholdMs', `${iteratorAge}; expected at least 1000`);
    check.expect(freshness >= 60, 'firehoseFreshnessThresholdSeconds', `${freshness}; expected at least 60`);
    if (props.openSearch)
      check.expect(
        props.openSearch.volumeSizeGb > 0,
        'openSearch.volumeSizeGb',
        `${props.openSearch.volumeSizeGb}; expected a positive size`,
      );
    check.throwIfAny();
    this.props = props;

    for (const ds of props.datasets) {
      const fn = { FunctionName: ds.functionName };
      this.alarm({
        key: `${ds.dataset}/iterator-age`,
        // Records wait in the stream longer than the processor needs to catch up after a deploy or a burst.
        description: `${ds.dataset}: processor is more than ${iteratorAge / 1000} s behind the stream for 5 minutes; records near retention will be lost.`,
        namespace: 'AWS/Lambda',
        metricName: 'IteratorAge',
        dimensions: fn,
        ...windowOf(T.iteratorAge, iteratorAge),
        treatMissingData: 'notBreaching',
      });
      this.alarm({
        key: `${ds.dataset}/lambda-errors`,
        // Bad records are reported per item; a function error is a crash or timeout that stalls the shard. One can be a retried blip, three are not.
        description: `${ds.dataset}: 3 or more processor invocation errors in 5 minutes (crashes or timeouts, not bad records).`,
        namespace: 'AWS/Lambda',
        metricName: 'Errors',
        dimensions: fn,
        ...windowOf(T.lambdaErrors),
        treatMissingData: 'notBreaching',
      });
      this.alarm({
        key: `${ds.dataset}/lambda-throttles`,
        // Throttled stream batches are retried, but sustained throttling grows the iterator age: act before it does.
        description: `${ds.dataset}: processor throttled in two consecutive 5-minute periods; raise concurrency or the parallelization factor.`,
        namespace: 'AWS/Lambda',
        metricName: 'Throttles',
        dimensions: fn,
        ...windowOf(T.lambdaThrottles),
        treatMissingData: 'notBreaching',
      });
      this.deliveryAlarms(ds.dataset, 'raw', ds.rawDeliveryStreamName, 'DeliveryToS3', freshness);
      this.deliveryAlarms(ds.dataset, 'processed', ds.processedDeliveryStreamName, 'DeliveryToS3', freshness);
      this.alarm({
        key: `${ds.dataset}/processed-failed-conversion`,
        // A record that fails Parquet conversion lands under the error prefix while DeliveryToS3.Success
        // stays at 1: no other alarm sees it, and every one is a row missing from the processed table.
        description: `${ds.dataset} processed Firehose: records failed Parquet conversion and went to ${failedDeliveryPrefix(ds.dataset)}processed/ instead of the table.`,
        namespace: 'AWS/Firehose',
        metricName: 'FailedConversion.Records',
        dimensions: { DeliveryStreamName: ds.processedDeliveryStreamName },
        statistic: 'Sum',
        period: 300,
        evaluationPeriods: 1,
        comparison: 'GreaterThanThreshold',
        threshold: 0,
        treatMissingData: 'notBreaching',
      });
      if (ds.searchDeliveryStreamName !== undefined) {
        this.deliveryAlarms(ds.dataset, 'search', ds.searchDeliveryStreamName, 'DeliveryToAmazonOpenSearchService', freshness);
      }
    }

    const failure = props.failureDestination;
    if (failure.kind === 's3') {
      this.failureMetrics = new S3BucketMetric(this, 'failure-metrics', {
        bucket: failure.bucketName,
        name: FAILURE_METRICS_FILTER_ID,
        filter: { prefix: failure.prefix ?? FAILED_BATCH_PREFIX },
        ...(failure.dependsOn ? { dependsOn: [...failure.dependsOn] } : {}),
      });
      this.alarm({
        key: 'failure-destination',
        // Every object here is a batch the processor gave up on after all retries: each one is data to replay.
        description: 'A batch reached the failure destination (S3 on-failure records) after all retries; inspect and replay it.',
        namespace: 'AWS/S3',
        metricName: 'PutRequests',
        dimensions: { BucketName: failure.bucketName, FilterId: FAILURE_METRICS_FILTER_ID },
        ...windowOf(T.failureDestination),
        treatMissingData: 'notBreaching',
      });
    } else {
      this.alarm({
        key: 'failure-destination',
        // Every message is a batch the processor gave up on after all retries.
        description: 'A failed batch is waiting in the failure queue; inspect and replay it.',
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: failure.queueName },
        ...windowOf(T.failureDestination),
        statistic: 'Maximum',
        treatMissingData: 'notBreaching',
      });
    }

    if (props.openSearch) {
      const domain = { DomainName: props.openSearch.domainName, ClientId: props.openSearch.accountId };
      this.alarm({
        key: 'opensearch/cluster-red',
        // Red means a primary shard is unassigned: some indices cannot be searched or written.
        description: 'OpenSearch cluster status is red for a minute: at least one primary shard is unassigned.',
        namespace: 'AWS/ES',
        metricName: 'ClusterStatus.red',
        dimensions: domain,
        statistic: 'Maximum',
        period: 60,
        evaluationPeriods: 1,
        comparison: 'GreaterThanOrEqualToThreshold',
        threshold: 1,
        treatMissingData: 'breaching',
      });
      const lowMb = Math.round(props.openSearch.volumeSizeGb * 1024 * 0.25);
      this.alarm({
        key: 'opensearch/low-storage',
        // AWS's recommended alarm: below 25 % free a node soon hits the flood-stage watermark and indices turn read-only.
        description: `OpenSearch node free storage below 25 % (${lowMb} MiB) of its volume; shorten index retention or grow the volume.`,
        namespace: 'AWS/ES',
        metricName: 'FreeStorageSpace',
        dimensions: domain,
        statistic: 'Minimum',
        period: 300,
        evaluationPeriods: 1,
        comparison: 'LessThanOrEqualToThreshold',
        threshold: lowMb,
        treatMissingData: 'breaching',
      });
    }
    this.alarms = this.created;
  }

  private deliveryAlarms(dataset: string, role: string, streamName: string, metricPrefix: string, freshness: number): void {
    const dimensions = { DeliveryStreamName: streamName };
    this.alarm({
      key: `${dataset}/${role}-delivery-failures`,
      // Firehose retries deliveries itself; a success ratio below 1 for 15 minutes means it is not recovering and data is piling up.
      description: `${dataset} ${role} Firehose: ${metricPrefix}.Success below 100 % for 15 minutes.`,
      namespace: 'AWS/Firehose',
      metricName: `${metricPrefix}.Success`,
      dimensions,
      ...windowOf(T.deliveryFailures),
      treatMissingData: 'notBreaching',
    });
    this.alarm({
      key: `${dataset}/${role}-freshness`,
      // The oldest record should leave within a few buffer intervals; longer means delivery is stuck or throttled.
      description: `${dataset} ${role} Firehose: oldest undelivered record older than ${freshness} s for 10 minutes.`,
      namespace: 'AWS/Firehose',
      metricName: `${metricPrefix}.DataFreshness`,
      dimensions,
      ...windowOf(T.deliveryFreshness, freshness),
      treatMissingData: 'notBreaching',
    });
  }

  private alarm(spec: AlarmSpec): void {
    const alarm = new CloudwatchMetricAlarm(this, spec.key.replace(/\//g, '-'), {
      alarmName: `${this.props.alarmNamePrefix}-${spec.key.replace(/\//g, '-')}`,
      alarmDescription: withRunbook(spec.description, healthAlarmAnchor(spec.key)),
      namespace: spec.namespace,
      metricName: spec.metricName,
      dimensions: spec.dimensions,
      statistic: spec.statistic,
      period: spec.period,
      evaluationPeriods: spec.evaluationPeriods,
      comparisonOperator: spec.comparison,
      threshold: spec.threshold,
      treatMissingData: spec.treatMissingData,
      alarmActions: [this.props.topicArn],
      okActions: [this.props.topicArn],
    });
    this.created.set(spec.key, alarm);
  }
}
