import { Testing } from 'cdktf';
import type { Construct } from 'constructs';
import { accessLogs } from '../../datasets/access-logs';
import { turbineTelemetry } from '../../datasets/turbine-telemetry';
import { QuickSightAnalytics } from '../../stacks/analytics/quicksight-analytics';
import { BootstrapStack } from '../../stacks/bootstrap-stack';
import { CompactionJob } from '../../stacks/catalog/compaction-job';
import { RawDataCrawler } from '../../stacks/catalog/raw-data-crawler';
import { ServiceRole } from '../../stacks/iam/service-role';
import { DeliveryLogGroup } from '../../stacks/ingest/delivery-log-group';
import { ProcessedDelivery } from '../../stacks/ingest/processed-delivery';
import { RawDelivery } from '../../stacks/ingest/raw-delivery';
import { AlertTopic } from '../../stacks/monitoring/alert-topic';
import { FirehoseQuotaAlarms } from '../../stacks/monitoring/firehose-quota-alarms';
import { PipelineHealthAlarms } from '../../stacks/monitoring/pipeline-health-alarms';
import { ConstructPropsError } from '../../stacks/props-error';
import { SearchDeliveryStream } from '../../stacks/search/search-delivery-stream';
import { DataKey } from '../../stacks/storage/data-key';
import { HardenedBucket } from '../../stacks/storage/hardened-bucket';

const KEY = 'arn:aws:kms:us-east-1:111111111111:key/data';
const TOPIC = 'arn:aws:sns:us-east-1:111111111111:alerts';
const ACCOUNT = { accountId: '111111111111', region: 'us-east-1' };

/** Delivery logs for the Firehose constructs, in the same scope. */
const logs = (scope: Construct): DeliveryLogGroup =>
  new DeliveryLogGroup(scope, 'logs', {
    name: '/aws/kinesisfirehose/x',
    retentionInDays: 14,
    kmsKeyArn: KEY,
    streams: ['raw', 'processed'],
  });

/**
 * Every construct that validates its props, built with two bad values at once: the error must
 * list both (PropsCheck gathers them), not stop at the first.
 */
const cases: readonly (readonly [string, (scope: Construct) => unknown, readonly string[]])[] = [
  [
    'CompactionJob',
    (scope) =>
      new CompactionJob(scope, 'job', {
        namePrefix: 'p',
        ...ACCOUNT,
        assetsBucketName: 'a',
        processedBucketName: 'b',
        kmsKeyArn: KEY,
        datasets: ['access-logs'],
        schedule: 'rate(1 day)',
        timeoutMinutes: 0,
      }),
    ['CompactionJob.schedule', 'CompactionJob.timeoutMinutes'],
  ],
  [
    'RawDataCrawler',
    (scope) =>
      new RawDataCrawler(scope, 'crawler', {
        namePrefix: 'p',
        ...ACCOUNT,
        databaseName: 'db',
        rawBucketName: 'raw',
        kmsKeyArn: KEY,
        datasets: [],
        schedule: 'rate(1 hour)',
      }),
    ['RawDataCrawler.datasets', 'RawDataCrawler.schedule'],
  ],
  [
    'AlertTopic',
    (scope) => new AlertTopic(scope, 'alerts', { namePrefix: 'p', accountId: '1', emails: ['oncall'], keyDeletionWindowDays: 3 }),
    ['AlertTopic.emails', 'AlertTopic.keyDeletionWindowDays'],
  ],
  [
    'FirehoseQuotaAlarms',
    (scope) =>
      new FirehoseQuotaAlarms(scope, 'quota', {
        alarmNamePrefix: 'p',
        topicArn: TOPIC,
        streams: [{ key: 'a/processed', deliveryStreamName: 's' }],
        thresholdRatio: 2,
        periodSeconds: 90,
      }),
    ['FirehoseQuotaAlarms.thresholdRatio', 'FirehoseQuotaAlarms.periodSeconds'],
  ],
  [
    'PipelineHealthAlarms',
    (scope) =>
      new PipelineHealthAlarms(scope, 'health', {
        alarmNamePrefix: 'p',
        topicArn: TOPIC,
        datasets: [],
        failureDestination: { kind: 'sqs', queueName: 'q' },
        iteratorAgeThresholdMs: 10,
      }),
    ['PipelineHealthAlarms.datasets', 'PipelineHealthAlarms.iteratorAgeThresholdMs'],
  ],
  [
    'SearchDeliveryStream',
    (scope) =>
      new SearchDeliveryStream(scope, 'search', {
        name: 's',
        ...ACCOUNT,
        domainArn: 'arn:aws:es:us-east-1:111111111111:domain/d',
        indexName: 'Bad Index',
        backupBucketArn: 'arn:aws:s3:::b',
        kmsKeyArn: KEY,
        bufferingSizeMb: 0,
        logRetentionDays: 10,
      }),
    ['SearchDeliveryStream.bufferingSizeMb', 'SearchDeliveryStream.indexName', 'SearchDeliveryStream.logRetentionDays'],
  ],
  [
    'DeliveryLogGroup',
    (scope) => new DeliveryLogGroup(scope, 'logs', { name: '/aws/kinesisfirehose/x', retentionInDays: 10, kmsKeyArn: KEY, streams: [] }),
    ['DeliveryLogGroup[logs].retentionInDays', 'DeliveryLogGroup[logs].streams'],
  ],
  [
    'HardenedBucket',
    (scope) =>
      new HardenedBucket(scope, 'bucket', {
        bucketName: 'Bad_Name',
        kmsKeyArn: KEY,
        noncurrentVersionExpirationDays: 7,
        expireAllAfterDays: 0,
      }),
    ['HardenedBucket[bucket].bucketName', 'HardenedBucket[bucket].expireAllAfterDays'],
  ],
  [
    'DataKey',
    (scope) =>
      new DataKey(scope, 'key', {
        alias: 'alias/k',
        description: 'd',
        accountId: '111111111111',
        allowCloudWatchLogs: true,
        deletionWindowInDays: 3,
      }),
    ['DataKey[key].deletionWindowInDays', 'DataKey[key].region'],
  ],
  [
    'RawDelivery',
    (scope) =>
      new RawDelivery(scope, 'raw', {
        name: 'r',
        dataset: accessLogs,
        ...ACCOUNT,
        stream: { name: 's', arn: 'arn' },
        rawBucketArn: 'arn:aws:s3:::b',
        keyArn: KEY,
        logs: logs(scope),
        buffer: { sizeMb: 0, intervalSeconds: 901 },
      }),
    ['RawDelivery[raw].buffer.sizeMb', 'RawDelivery[raw].buffer.intervalSeconds'],
  ],
  [
    'ProcessedDelivery',
    (scope) =>
      new ProcessedDelivery(scope, 'processed', {
        name: 'x',
        dataset: turbineTelemetry,
        ...ACCOUNT,
        databaseName: 'db',
        processedBucketName: 'b',
        processedBucketArn: 'arn:aws:s3:::b',
        keyArn: KEY,
        logs: logs(scope),
        buffer: { sizeMb: 32, intervalSeconds: -1 },
      }),
    ['ProcessedDelivery[processed].buffer.sizeMb', 'ProcessedDelivery[processed].buffer.intervalSeconds'],
  ],
  [
    'ServiceRole',
    (scope) =>
      new ServiceRole(scope, 'role', {
        roleName: 'r'.repeat(65),
        service: 'firehose.amazonaws.com',
        accountId: '111111111111',
        description: 'd',
        statements: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
      }),
    ['ServiceRole[role].roleName', 'ServiceRole[role].statements[0]'],
  ],
  [
    'BootstrapStack',
    () => new BootstrapStack(Testing.app(), 'bootstrap', { envs: [], githubRepository: 'no-slash' }),
    ['BootstrapStack[bootstrap].envs', 'BootstrapStack[bootstrap].githubRepository'],
  ],
  [
    'QuickSightAnalytics',
    (scope) =>
      new QuickSightAnalytics(scope, 'q', {
        namePrefix: 'p',
        accountId: '1',
        principalArn: 'arn:aws:iam::1:user/x',
        workgroupName: 'w',
        databaseName: 'db',
        datasets: [],
      }),
    ['QuickSightAnalytics.principalArn', 'QuickSightAnalytics.datasets'],
  ],
];

describe('Construct props: every problem at once', () => {
  it.each(cases)('%s lists both bad props in one ConstructPropsError', (_name, build, props) => {
    // Act
    let thrown: unknown;
    try {
      Testing.synthScope((scope) => {
        build(scope);
      });
    } catch (error) {
      thrown = error;
    }

    // Assess
    expect(thrown).toBeInstanceOf(ConstructPropsError);
    const problems = (thrown as ConstructPropsError).problems.map((p) => p.slice(0, p.indexOf(':')));
    expect(problems).toEqual(expect.arrayContaining([...props]));
  });
});
