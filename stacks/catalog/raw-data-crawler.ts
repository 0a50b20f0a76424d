import { GlueCatalogDatabase } from '@cdktf/provider-aws/lib/glue-catalog-database';
import { GlueCrawler } from '@cdktf/provider-aws/lib/glue-crawler';
import { Construct } from 'constructs';
import { CatalogPropsError } from './errors';
import { isGlueCron } from './glue-cron';
import { GlueServiceRole } from './glue-service-role';

export interface RawDataCrawlerProps {
  /** Prefix of the crawler and role names (`namePrefix` of the environment). */
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  /** The crawler's own database, `crawlerDatabaseName(env)`; created here. */
  readonly databaseName: string;
  readonly rawBucketName: string;
  /** KMS key of the raw bucket (the crawler reads objects encrypted with it). */
  readonly kmsKeyArn: string;
  /** Dataset names; each `s3://<raw>/<dataset>/` is one include path and one table. */
  readonly datasets: readonly string[];
  /** Glue cron expression (config `glue.crawlerSchedule`). */
  readonly schedule: string;
  /** Prefix of discovered table names. @default 'raw_' */
  readonly tablePrefix?: string;
  /** Glue security configuration for the crawler's logs. @default none */
  readonly securityConfigurationName?: string;
}

/**
 * Crawls the raw bucket into its own database so discovery never fights the
 * tables the SQL migrations manage. Schema changes are only logged, each include
 * path is one table (compatible schemas combined at the dataset folder level), and
 * only new folders are crawled.
 */
export class RawDataCrawler extends Construct {
  readonly database: GlueCatalogDatabase;
  readonly crawler: GlueCrawler;
  readonly role: GlueServiceRole;

  constructor(scope: Construct, id: string, props: RawDataCrawlerProps) {
    super(scope, id);
    if (props.datasets.length === 0) throw new CatalogPropsError('RawDataCrawler.datasets: expected at least one dataset');
    if (!isGlueCron(props.schedule)) throw new CatalogPropsError(`RawDataCrawler.schedule: '${props.schedule}'; expected a Glue cron expression like cron(0 * * * ? *)`);
    const tablePrefix = props.tablePrefix ?? 'raw_';
    if (!/^[a-z0-9_]*$/.test(tablePrefix)) throw new CatalogPropsError(`RawDataCrawler.tablePrefix: '${tablePrefix}'; expected lower-case letters, digits and underscores`);

    this.database = new GlueCatalogDatabase(this, 'database', {
      name: props.databaseName,
      description: 'Tables discovered by the raw-data crawler; never the managed analytics tables.',
    });
    const bucketArn = `arn:aws:s3:::${props.rawBucketName}`;
    const catalog = `arn:aws:glue:${props.region}:${props.accountId}`;
    this.role = new GlueServiceRole(this, 'role', {
      roleName: `${props.namePrefix}-raw-crawler`,
      accountId: props.accountId,
      statements: [
        { actions: ['s3:ListBucket'], resources: [bucketArn], condition: [{ test: 'StringLike', variable: 's3:prefix', values: props.datasets.map((d) => `${d}/*`) }] },
        { actions: ['s3:GetObject'], resources: props.datasets.map((d) => `${bucketArn}/${d}/*`) },
        { actions: ['kms:Decrypt'], resources: [props.kmsKeyArn] },
        {
          actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:CreateTable', 'glue:UpdateTable', 'glue:GetPartition', 'glue:GetPartitions', 'glue:BatchGetPartition', 'glue:BatchCreatePartition', 'glue:UpdatePartition', 'glue:BatchUpdatePartition'],
          resources: [`${catalog}:catalog`, `${catalog}:database/${props.databaseName}`, `${catalog}:table/${props.databaseName}/*`],
        },
        {
          actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:AssociateKmsKey'],
          resources: [`arn:aws:logs:${props.region}:${props.accountId}:log-group:/aws-glue/crawlers*`],
        },
      ],
    });

    this.crawler = new GlueCrawler(this, 'crawler', {
      name: `${props.namePrefix}-raw`,
      role: this.role.role.arn,
      databaseName: this.database.name,
      tablePrefix,
      schedule: props.schedule,
      s3Target: props.datasets.map((d) => ({ path: `s3://${props.rawBucketName}/${d}/` })),
      schemaChangePolicy: { updateBehavior: 'LOG', deleteBehavior: 'LOG' },
      recrawlPolicy: { recrawlBehavior: 'CRAWL_NEW_FOLDERS_ONLY' },
      ...(props.securityConfigurationName ? { securityConfiguration: props.securityConfigurationName } : {}),
      // Level 2 = s3://bucket/<dataset>/: one table per dataset folder, `dt=` folders become partitions.
      configuration: JSON.stringify({
        Version: 1.0,
        Grouping: { TableGroupingPolicy: 'CombineCompatibleSchemas', TableLevelConfiguration: 2 },
        CrawlerOutput: { Partitions: { AddOrUpdateBehavior: 'InheritFromTable' } },
      }),
    });
  }
}
