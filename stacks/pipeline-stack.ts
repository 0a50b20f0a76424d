import { GlueCatalogDatabase } from '@cdktf/provider-aws/lib/glue-catalog-database';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { firehoseDeliveryStreamArn } from '../config/arns';
import type { EnvironmentConfig } from '../config/environment';
import { validateDatasets } from '../datasets/validate-dataset';
import {
  athenaWorkgroupName,
  crawlerDatabaseName,
  glueDatabaseName,
  processedDeliveryStreamName,
  processorFunctionName,
  rawDeliveryStreamName,
  searchDeliveryStreamName,
  streamName,
} from '../config/resource-names';
import type { DatasetDeclaration } from '../datasets/dataset';
import { metricNamespace } from '../datasets/naming';
import { QuickSightAnalytics } from './analytics/quicksight-analytics';
import { CompactionJob } from './catalog/compaction-job';
import { RawDataCrawler } from './catalog/raw-data-crawler';
import { DatasetPipeline } from './ingest/dataset-pipeline';
import { bundleLambda, type LambdaBundle } from './ingest/lambda-bundle';
import { AlertTopic } from './monitoring/alert-topic';
import { DatasetAlarms } from './monitoring/dataset-alarms';
import { FirehoseQuotaAlarms } from './monitoring/firehose-quota-alarms';
import { PipelineDashboard } from './monitoring/pipeline-dashboard';
import { PipelineHealthAlarms, type PipelineDatasetResources } from './monitoring/pipeline-health-alarms';
import { AnalyticsWorkgroup } from './query/analytics-workgroup';
import { SearchDeliveryStream } from './search/search-delivery-stream';
import { SearchDomain } from './search/search-domain';
import { searchDeliveryRoleArn } from '../config/search-names';
import { configureBackend } from './state-backend';
import { PipelineStorage } from './storage/pipeline-storage';
import { PropsCheck } from './props-error';

export interface PipelineStackProps {
  readonly env: EnvironmentConfig;
  readonly datasets: readonly DatasetDeclaration[];
  /** @default the processor bundled from `functions/processor/handler.ts` */
  readonly processorBundle?: LambdaBundle;
}

export const PROCESSOR_ENTRY = 'functions/processor/handler.ts';

/** OpenSearch: the domain and one indexing delivery stream per dataset. */
export interface PipelineSearch {
  readonly domain: SearchDomain;
  readonly deliveryStreams: ReadonlyMap<string, SearchDeliveryStream>;
}

/** Alarms and dashboard of one environment. */
interface PipelineMonitoring {
  readonly alerts: AlertTopic;
  readonly datasetAlarms: ReadonlyMap<string, DatasetAlarms>;
  readonly healthAlarms: PipelineHealthAlarms;
  readonly quotaAlarms: FirehoseQuotaAlarms;
  readonly dashboard: PipelineDashboard;
}

/**
 * One environment of the pipeline: storage and catalog; per dataset, ingest and
 * processing; then search, query, crawler and compaction, alarms, dashboard and
 * (behind a flag) QuickSight. Every value comes from the environment config and
 * the dataset declarations.
 */
export class PipelineStack extends TerraformStack {
  public readonly storage: PipelineStorage;
  public readonly database: GlueCatalogDatabase;
  public readonly pipelines: ReadonlyMap<string, DatasetPipeline>;
  /** Present when `opensearch.enabled`. */
  public readonly search?: PipelineSearch;
  public readonly crawler: RawDataCrawler;
  public readonly compaction: CompactionJob;
  public readonly workgroup: AnalyticsWorkgroup;
  public readonly alerts: AlertTopic;
  public readonly datasetAlarms: ReadonlyMap<string, DatasetAlarms>;
  public readonly healthAlarms: PipelineHealthAlarms;
  /** Direct PUT quota alarms of the processed (and search) delivery streams. */
  public readonly quotaAlarms: FirehoseQuotaAlarms;
  public readonly dashboard: PipelineDashboard;
  /** Present when `quicksight.enabled`. */
  public readonly quicksight?: QuickSightAnalytics;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id);
    const { env, datasets } = props;
    PipelineStack.validate(id, props);
    this.configureProvider(env);
    this.storage = new PipelineStorage(this, 'storage', { env, datasets });
    this.database = this.createCatalog(env);
    // Search first: the processor's role and environment name the search delivery streams.
    if (env.opensearch.enabled && env.opensearch.masterUserArn !== undefined)
      this.search = this.createSearch(env, datasets, env.opensearch.masterUserArn);
    this.pipelines = this.createDatasetPipelines(env, datasets, props.processorBundle ?? bundleLambda({ entry: PROCESSOR_ENTRY }));
    this.crawler = this.createCrawler(env, datasets);
    this.compaction = this.createCompaction(env, datasets);
    this.workgroup = this.createQuery(env);
    const monitoring = this.createMonitoring(env, datasets);
    this.alerts = monitoring.alerts;
    this.datasetAlarms = monitoring.datasetAlarms;
    this.healthAlarms = monitoring.healthAlarms;
    this.quotaAlarms = monitoring.quotaAlarms;
    this.dashboard = monitoring.dashboard;
    if (env.quicksight.enabled && env.quicksight.principalArn !== undefined)
      this.quicksight = this.createAnalytics(env, datasets, env.quicksight.principalArn);
    this.createOutputs();
  }

  /** Every problem of the props at once, before any resource exists. */
  private static validate(id: string, props: PipelineStackProps): void {
    const { env, datasets } = props;
    const check = new PropsCheck(`PipelineStack[${id}]`);
    check.expect(datasets.length > 0, 'datasets', 'expected at least one dataset');
    // Validated with the config (required when enabled); checked again so a hand-built config cannot slip through.
    if (env.opensearch.enabled)
      check.expect(env.opensearch.masterUserArn !== undefined, 'env.opensearch.masterUserArn', 'required when opensearch.enabled');
    if (env.quicksight.enabled)
      check.expect(env.quicksight.principalArn !== undefined, 'env.quicksight.principalArn', 'required when quicksight.enabled');
    check.throwIfAny();
    // Every invariant of every declaration, all problems in one error (exit 3 at synth).
    validateDatasets(datasets);
  }

  private configureProvider(env: EnvironmentConfig): void {
    new AwsProvider(this, 'aws', {
      region: env.region,
      allowedAccountIds: [env.accountId],
      defaultTags: [{ tags: { Project: 'logtel-pipeline', Environment: env.name, ManagedBy: 'cdktf' } }],
    });
    configureBackend(this, env);
  }

  private createCatalog(env: EnvironmentConfig): GlueCatalogDatabase {
    return new GlueCatalogDatabase(this, 'catalog', {
      name: glueDatabaseName(env),
      description: `Analytics tables of the ${env.name} pipeline: processed tables (Terraform) and raw tables and views (sql/migrations)`,
    });
  }

  /** Per dataset: stream, processor, raw and processed delivery (and the search stream's wiring). */
  private createDatasetPipelines(
    env: EnvironmentConfig,
    datasets: readonly DatasetDeclaration[],
    processorBundle: LambdaBundle,
  ): ReadonlyMap<string, DatasetPipeline> {
    const pipelines = new Map<string, DatasetPipeline>();
    for (const dataset of datasets) {
      const searchName = searchDeliveryStreamName(env, dataset);
      pipelines.set(
        dataset.name,
        new DatasetPipeline(this, dataset.name, {
          env,
          dataset,
          storage: this.storage,
          databaseName: this.database.name,
          processorBundle,
          ...(this.search
            ? {
                searchDeliveryStream: {
                  name: searchName,
                  arn: firehoseDeliveryStreamArn(env, searchName),
                  resource: this.search.deliveryStreams.get(dataset.name)?.deliveryStream,
                },
              }
            : {}),
        }),
      );
    }
    return pipelines;
  }

  private createCrawler(env: EnvironmentConfig, datasets: readonly DatasetDeclaration[]): RawDataCrawler {
    return new RawDataCrawler(this, 'raw-crawler', {
      namePrefix: env.namePrefix,
      accountId: env.accountId,
      region: env.region,
      databaseName: crawlerDatabaseName(env),
      rawBucketName: this.storage.raw.name,
      kmsKeyArn: this.storage.dataKey.key.arn,
      datasets: datasets.map((d) => d.name),
      schedule: env.glue.crawlerSchedule,
      logRetentionDays: env.processor.logRetentionDays,
    });
  }

  private createCompaction(env: EnvironmentConfig, datasets: readonly DatasetDeclaration[]): CompactionJob {
    return new CompactionJob(this, 'compaction', {
      namePrefix: env.namePrefix,
      accountId: env.accountId,
      region: env.region,
      assetsBucketName: this.storage.assets.name,
      assetsBucketDependsOn: [this.storage.assets.bucket],
      processedBucketName: this.storage.processed.name,
      kmsKeyArn: this.storage.dataKey.key.arn,
      datasets: datasets.map((d) => d.name),
      schedule: env.glue.jobSchedule,
      logRetentionDays: env.processor.logRetentionDays,
    });
  }

  private createQuery(env: EnvironmentConfig): AnalyticsWorkgroup {
    return new AnalyticsWorkgroup(this, 'athena', {
      name: athenaWorkgroupName(env),
      resultsBucketName: this.storage.athenaResults.name,
      kmsKeyArn: this.storage.dataKey.key.arn,
      bytesScannedCutoffPerQuery: env.athena.bytesScannedCutoffPerQuery,
      expectedBucketOwner: env.accountId,
      forceDestroy: env.storage.forceDestroy,
    });
  }

  /** The alert topic, then alarms on the data, on the pipeline's health and on Firehose quotas, then the dashboard. */
  private createMonitoring(env: EnvironmentConfig, datasets: readonly DatasetDeclaration[]): PipelineMonitoring {
    const alerts = new AlertTopic(this, 'alerts', { namePrefix: env.namePrefix, accountId: env.accountId, emails: env.alertEmails });
    const namespace = metricNamespace(env.name);
    const datasetAlarms = new Map<string, DatasetAlarms>();
    for (const dataset of datasets) {
      datasetAlarms.set(
        dataset.name,
        new DatasetAlarms(this, `alarms-${dataset.name}`, {
          alarmNamePrefix: env.namePrefix,
          namespace,
          dataset,
          topicArn: alerts.topic.arn,
        }),
      );
    }
    const resources = this.monitoredResources(env, datasets);
    const failureDestination = {
      kind: 's3' as const,
      bucketName: this.storage.quarantine.name,
      dependsOn: [this.storage.quarantine.bucket],
    };
    const openSearch = this.search
      ? { domainName: env.namePrefix, accountId: env.accountId, volumeSizeGb: env.opensearch.volumeSizeGb }
      : undefined;
    const healthAlarms = new PipelineHealthAlarms(this, 'health', {
      alarmNamePrefix: env.namePrefix,
      topicArn: alerts.topic.arn,
      datasets: resources,
      failureDestination,
      openSearch,
    });
    const quotaAlarms = new FirehoseQuotaAlarms(this, 'firehose-quota', {
      alarmNamePrefix: env.namePrefix,
      topicArn: alerts.topic.arn,
      streams: resources.flatMap((r) => [
        { key: `${r.dataset}/processed`, deliveryStreamName: r.processedDeliveryStreamName },
        ...(r.searchDeliveryStreamName !== undefined
          ? [{ key: `${r.dataset}/search`, deliveryStreamName: r.searchDeliveryStreamName }]
          : []),
      ]),
    });
    const dashboard = new PipelineDashboard(this, 'dashboard', {
      dashboardName: env.namePrefix,
      region: env.region,
      namespace,
      datasets: resources,
      failureDestination,
      openSearch,
    });
    return { alerts, datasetAlarms, healthAlarms, quotaAlarms, dashboard };
  }

  /**
   * Names, not references: the dashboard body stays plain JSON text (no `${...}`), which
   * reads well in a plan and survives the HCL writer.
   */
  private monitoredResources(
    env: EnvironmentConfig,
    datasets: readonly DatasetDeclaration[],
  ): (PipelineDatasetResources & { readonly streamName: string })[] {
    return datasets.map((dataset) => ({
      dataset: dataset.name,
      streamName: streamName(env, dataset),
      functionName: processorFunctionName(env, dataset),
      rawDeliveryStreamName: rawDeliveryStreamName(env, dataset),
      processedDeliveryStreamName: processedDeliveryStreamName(env, dataset),
      ...(this.search ? { searchDeliveryStreamName: searchDeliveryStreamName(env, dataset) } : {}),
    }));
  }

  private createAnalytics(env: EnvironmentConfig, datasets: readonly DatasetDeclaration[], principalArn: string): QuickSightAnalytics {
    return new QuickSightAnalytics(this, 'quicksight', {
      namePrefix: env.namePrefix,
      accountId: env.accountId,
      principalArn,
      workgroupName: this.workgroup.workgroup.name,
      databaseName: this.database.name,
      datasets,
    });
  }

  private createOutputs(): void {
    const outputs: Record<string, string> = {
      glue_database: this.database.name,
      athena_workgroup: this.workgroup.workgroup.name,
      raw_bucket: this.storage.raw.name,
      processed_bucket: this.storage.processed.name,
      quarantine_bucket: this.storage.quarantine.name,
      athena_results_bucket: this.storage.athenaResults.name,
      assets_bucket: this.storage.assets.name,
      alert_topic_arn: this.alerts.topic.arn,
    };
    if (this.search) outputs.opensearch_endpoint = this.search.domain.domain.endpoint;
    for (const [name, value] of Object.entries(outputs)) new TerraformOutput(this, name, { value });
    for (const [name, pipeline] of this.pipelines) {
      new TerraformOutput(this, `${name.replace(/-/g, '_')}_stream`, { value: pipeline.stream.name });
    }
  }

  private createSearch(env: EnvironmentConfig, datasets: readonly DatasetDeclaration[], masterUserArn: string): PipelineSearch {
    const base = { accountId: env.accountId, region: env.region };
    const search = env.opensearch;
    const keyArn = this.storage.dataKey.key.arn;
    const domain = new SearchDomain(this, 'search', {
      ...base,
      domainName: env.namePrefix,
      instanceType: search.instanceType,
      instanceCount: search.instanceCount,
      zoneCount: search.zoneCount,
      ...(search.dedicatedMasterType !== undefined && search.dedicatedMasterCount !== undefined
        ? { dedicatedMasters: { instanceType: search.dedicatedMasterType, count: search.dedicatedMasterCount } }
        : {}),
      volumeSizeGb: search.volumeSizeGb,
      masterUserArn,
      kmsKeyArn: keyArn,
      accessRoleArns: datasets.map((d) => searchDeliveryRoleArn(env.accountId, searchDeliveryStreamName(env, d))),
      logRetentionDays: env.processor.logRetentionDays,
    });
    const deliveryStreams = new Map<string, SearchDeliveryStream>();
    for (const dataset of datasets) {
      deliveryStreams.set(
        dataset.name,
        new SearchDeliveryStream(this, `search-${dataset.name}`, {
          ...base,
          name: searchDeliveryStreamName(env, dataset),
          domainArn: domain.domain.arn,
          indexName: dataset.name,
          backupBucketArn: this.storage.quarantine.arn,
          kmsKeyArn: keyArn,
          logRetentionDays: env.processor.logRetentionDays,
          dependsOn: [domain.accessPolicy],
        }),
      );
    }
    domain.dependOn([...deliveryStreams.values()].map((s) => s.role));
    return { domain, deliveryStreams };
  }
}
