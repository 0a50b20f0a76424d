import type { EnvironmentConfig } from '../../config/environment';
import { athenaWorkgroupName, crawlerDatabaseName, searchDeliveryStreamName } from '../../config/resource-names';
import type { DatasetDeclaration } from '../../datasets/dataset';
import { metricNamespace } from '../../datasets/naming';
import { QuickSightAnalytics } from '../../stacks/analytics/quicksight-analytics';
import { CompactionJob } from '../../stacks/catalog/compaction-job';
import { RawDataCrawler } from '../../stacks/catalog/raw-data-crawler';
import { AlertTopic } from '../../stacks/monitoring/alert-topic';
import { DatasetAlarms } from '../../stacks/monitoring/dataset-alarms';
import { PipelineDashboard } from '../../stacks/monitoring/pipeline-dashboard';
import { PipelineHealthAlarms } from '../../stacks/monitoring/pipeline-health-alarms';
import type { PipelineStack } from '../../stacks/pipeline-stack';
import { AnalyticsWorkgroup } from '../../stacks/query/analytics-workgroup';
import { SearchDeliveryStream } from '../../stacks/search/search-delivery-stream';
import { SearchDomain } from '../../stacks/search/search-domain';
import { searchDeliveryRoleArn } from '../../stacks/search/search-names';

/**
 * Layers the issue-3 constructs onto a foundation stack, the way the pipeline stack
 * is meant to wire them (used by the tests to prove the whole passes the policy checks).
 */
export function addOperationsLayer(stack: PipelineStack, env: EnvironmentConfig, datasets: readonly DatasetDeclaration[]): void {
  const storage = stack.storage;
  const key = storage.dataKey.key.arn;
  const names = datasets.map((d) => d.name);
  const base = { namePrefix: env.namePrefix, accountId: env.accountId, region: env.region };

  new RawDataCrawler(stack, 'raw-crawler', { ...base, databaseName: crawlerDatabaseName(env), rawBucketName: storage.raw.name, kmsKeyArn: key, datasets: names, schedule: env.glue.crawlerSchedule });
  new CompactionJob(stack, 'compaction', {
    ...base,
    assetsBucketName: storage.assets.name,
    processedBucketName: storage.processed.name,
    kmsKeyArn: key,
    datasets: names,
    schedule: env.glue.jobSchedule,
    logRetentionDays: env.processor.logRetentionDays,
  });
  const workgroup = new AnalyticsWorkgroup(stack, 'athena', {
    name: athenaWorkgroupName(env),
    resultsBucketName: storage.athenaResults.name,
    kmsKeyArn: key,
    bytesScannedCutoffPerQuery: env.athena.bytesScannedCutoffPerQuery,
    expectedBucketOwner: env.accountId,
    forceDestroy: env.storage.forceDestroy,
  });

  let domain: SearchDomain | undefined;
  if (env.opensearch.enabled) {
    domain = new SearchDomain(stack, 'search', {
      ...base,
      domainName: env.namePrefix,
      instanceType: env.opensearch.instanceType,
      instanceCount: env.opensearch.instanceCount,
      volumeSizeGb: env.opensearch.volumeSizeGb,
      kmsKeyArn: key,
      accessRoleArns: datasets.map((d) => searchDeliveryRoleArn(env.accountId, searchDeliveryStreamName(env, d))),
      logRetentionDays: env.processor.logRetentionDays,
    });
    const streams = datasets.map(
      (d) =>
        new SearchDeliveryStream(stack, `search-${d.name}`, {
          ...base,
          name: searchDeliveryStreamName(env, d),
          domainArn: domain?.domain.arn ?? '',
          indexName: d.name,
          backupBucketArn: storage.quarantine.arn,
          kmsKeyArn: key,
          logRetentionDays: env.processor.logRetentionDays,
          dependsOn: domain ? [domain.accessPolicy] : [],
        }),
    );
    domain.dependOn(streams.map((s) => s.role));
  }

  const alerts = new AlertTopic(stack, 'alerts', { namePrefix: env.namePrefix, accountId: env.accountId, emails: env.alertEmails });
  for (const dataset of datasets) {
    new DatasetAlarms(stack, `alarms-${dataset.name}`, { alarmNamePrefix: env.namePrefix, namespace: metricNamespace(env.name), dataset, topicArn: alerts.topic.arn });
  }
  const resources = datasets.map((d) => {
    const pipeline = stack.pipelines.get(d.name);
    if (!pipeline) throw new Error(`no pipeline for ${d.name}`);
    return {
      dataset: d.name,
      streamName: pipeline.stream.name,
      functionName: pipeline.processor.functionName,
      rawDeliveryStreamName: pipeline.rawDeliveryStream.name,
      processedDeliveryStreamName: pipeline.processedDeliveryStream.name,
      ...(env.opensearch.enabled ? { searchDeliveryStreamName: searchDeliveryStreamName(env, d) } : {}),
    };
  });
  const failureDestination = { kind: 's3' as const, bucketName: storage.quarantine.name };
  const openSearch = env.opensearch.enabled ? { domainName: env.namePrefix, accountId: env.accountId, volumeSizeGb: env.opensearch.volumeSizeGb } : undefined;
  new PipelineHealthAlarms(stack, 'health', { alarmNamePrefix: env.namePrefix, topicArn: alerts.topic.arn, datasets: resources, failureDestination, openSearch });
  new PipelineDashboard(stack, 'dashboard', { dashboardName: env.namePrefix, region: env.region, namespace: metricNamespace(env.name), datasets: resources, failureDestination, openSearch });

  if (env.quicksight.enabled && env.quicksight.principalArn) {
    new QuickSightAnalytics(stack, 'quicksight', {
      namePrefix: env.namePrefix,
      accountId: env.accountId,
      principalArn: env.quicksight.principalArn,
      workgroupName: workgroup.workgroup.name,
      databaseName: stack.database.name,
      datasets,
    });
  }
}
