import { Construct } from 'constructs';
import { FAILED_BATCH_PREFIX, failedDeliveryPrefix, failedDocumentsPrefix, quarantinePrefix } from '../../config/delivery-prefixes';
import type { EnvironmentConfig } from '../../config/environment';
import { bucketName, type BucketRole } from '../../config/resource-names';
import type { DatasetDeclaration } from '../../datasets/dataset';
import { datasetPrefix } from '../../datasets/naming';
import { DataKey } from './data-key';
import { HardenedBucket, serverAccessLogsDelivery } from './hardened-bucket';

export interface PipelineStorageProps {
  readonly env: EnvironmentConfig;
  readonly datasets: readonly DatasetDeclaration[];
}

/** Days the on-failure records of the event source mapping are kept for investigation and replay. */
const FAILED_BATCH_RETENTION_DAYS = 30;

/**
 * The environment's KMS data key and its six buckets. Lifecycle rules are derived
 * from each dataset's retention: raw data is archived to Glacier only after the
 * age at which the raw tables stop needing it (Athena skips archived objects);
 * processed Parquet is never archived, only expired, so it stays queryable.
 */
export class PipelineStorage extends Construct {
  public readonly dataKey: DataKey;
  public readonly logs: HardenedBucket;
  public readonly raw: HardenedBucket;
  public readonly processed: HardenedBucket;
  public readonly quarantine: HardenedBucket;
  public readonly athenaResults: HardenedBucket;
  public readonly assets: HardenedBucket;

  constructor(scope: Construct, id: string, props: PipelineStorageProps) {
    super(scope, id);
    const { env, datasets } = props;
    this.dataKey = new DataKey(this, 'data-key', {
      alias: `${env.namePrefix}-data`,
      description: `Encrypts the ${env.name} pipeline's streams, buckets and logs`,
      accountId: env.accountId,
      region: env.region,
      allowS3ServerAccessLogs: true,
      allowCloudWatchLogs: true,
    });
    const kmsKeyArn = this.dataKey.key.arn;
    const common = {
      kmsKeyArn,
      noncurrentVersionExpirationDays: env.storage.noncurrentVersionExpirationDays,
      forceDestroy: env.storage.forceDestroy,
    };
    const name = (role: BucketRole): string => bucketName(env, role);
    const logsName = name('logs');
    const loggedBuckets = (['raw', 'processed', 'quarantine', 'athena-results', 'assets'] as const).map(name);

    this.logs = new HardenedBucket(this, 'logs', {
      ...common,
      bucketName: logsName,
      expireAllAfterDays: env.storage.logExpirationDays,
      extraPolicyStatements: [serverAccessLogsDelivery(logsName, env.accountId, loggedBuckets)],
    });
    const logged = { ...common, accessLogBucket: this.logs };

    // Records Firehose could not deliver or convert (`errors/<dataset>/`) are failed records like
    // the quarantined ones: kept as long as the dataset keeps its quarantine, then expired.
    const failedDeliveries = datasets.map((d) => ({
      id: `${d.name}-errors-expire`,
      prefix: failedDeliveryPrefix(d.name),
      expireAfterDays: d.retention.quarantineExpireAfterDays,
    }));
    this.raw = new HardenedBucket(this, 'raw', {
      ...logged,
      bucketName: name('raw'),
      lifecycle: [
        ...datasets.map((d) => ({
          id: `${d.name}-archive`,
          prefix: datasetPrefix(d),
          glacierAfterDays: d.retention.rawGlacierAfterDays,
          expireAfterDays: d.retention.rawExpireAfterDays,
        })),
        ...failedDeliveries,
      ],
    });
    this.processed = new HardenedBucket(this, 'processed', {
      ...logged,
      bucketName: name('processed'),
      lifecycle: [
        ...datasets.map((d) => ({
          id: `${d.name}-expire`,
          prefix: datasetPrefix(d),
          expireAfterDays: d.retention.processedExpireAfterDays,
        })),
        ...failedDeliveries,
      ],
    });
    this.quarantine = new HardenedBucket(this, 'quarantine', {
      ...logged,
      bucketName: name('quarantine'),
      lifecycle: [
        ...datasets.map((d) => ({
          id: `${d.name}-invalid-expire`,
          prefix: quarantinePrefix(d),
          expireAfterDays: d.retention.quarantineExpireAfterDays,
        })),
        { id: 'failed-batches-expire', prefix: FAILED_BATCH_PREFIX, expireAfterDays: FAILED_BATCH_RETENTION_DAYS },
        // Documents OpenSearch rejected (`search-failed/<dataset>/`, backed up by the search Firehoses).
        ...(env.opensearch.enabled
          ? datasets.map((d) => ({
              id: `${d.name}-search-failed-expire`,
              prefix: failedDocumentsPrefix(d.name),
              expireAfterDays: d.retention.quarantineExpireAfterDays,
            }))
          : []),
      ],
    });
    this.athenaResults = new HardenedBucket(this, 'athena-results', {
      ...logged,
      bucketName: name('athena-results'),
      expireAllAfterDays: env.storage.athenaResultsExpirationDays,
    });
    this.assets = new HardenedBucket(this, 'assets', { ...logged, bucketName: name('assets') });
  }
}
