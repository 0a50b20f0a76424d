import { GlueCatalogDatabase } from '@cdktf/provider-aws/lib/glue-catalog-database';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { GlueCrawler } from '@cdktf/provider-aws/lib/glue-crawler';
import { GlueSecurityConfiguration } from '@cdktf/provider-aws/lib/glue-security-configuration';
import { Construct } from 'constructs';
import { glueCatalogArn, glueDatabaseArn, glueTableArn, logGroupArn, s3BucketArn } from '../../config/arns';
import { ServiceRole } from '../iam/service-role';
import { PropsCheck } from '../props-error';
import { isGlueCron } from './glue-cron';
import { checkLogRetention } from '../log-retention';
import { crawlerLogGroupName, glueLogGroups } from './glue-log-groups';
import { RAW_DATA_CRAWLER_DEFAULTS } from './raw-data-crawler-defaults';

export interface RawDataCrawlerProps {
  /** Prefix of the crawler and role names (`namePrefix` of the environment). */
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  /** The crawler's own database, `crawlerDatabaseName(env)`; created here. */
  readonly databaseName: string;
  readonly rawBucketName: string;
  /** KMS key of the raw bucket (the crawler reads objects encrypted with it); also encrypts the crawler's logs. Its policy must admit `logs.<region>.amazonaws.com`. */
  readonly kmsKeyArn: string;
  /** Dataset names; each `s3://<raw>/<dataset>/` is one include path and one table. */
  readonly datasets: readonly string[];
  /** Glue cron expression (config `glue.crawlerSchedule`). */
  readonly schedule: string;
  /** Prefix of discovered table names. @default 'raw_' (RAW_DATA_CRAWLER_DEFAULTS) */
  readonly tablePrefix?: string;
  /** Retention of the crawler's log group. @default 30 */
  readonly logRetentionDays?: number;
}

/**
 * Crawls the raw bucket into its own database so discovery never fights the
 * tables the SQL migrations manage. Schema changes are only logged, each include
 * path is one table (compatible schemas combined at the dataset folder level), and
 * only new folders are crawled. Its logs are encrypted, in a group with a retention.
 */
export class RawDataCrawler extends Construct {
  readonly database: GlueCatalogDatabase;
  readonly crawler: GlueCrawler;
  readonly role: ServiceRole;
  /** Encrypts the crawler's CloudWatch logs, which moves them out of the shared `/aws-glue/crawlers` group. */
  readonly securityConfiguration: GlueSecurityConfiguration;
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: RawDataCrawlerProps) {
    super(scope, id);
    const tablePrefix = props.tablePrefix ?? RAW_DATA_CRAWLER_DEFAULTS.tablePrefix;
    const retention = props.logRetentionDays ?? RAW_DATA_CRAWLER_DEFAULTS.logRetentionDays;
    const check = new PropsCheck('RawDataCrawler');
    check.expect(props.datasets.length > 0, 'datasets', 'expected at least one dataset');
    check.expect(isGlueCron(props.schedule), 'schedule', `'${props.schedule}'; expected a Glue cron expression like cron(0 * * * ? *)`);
    check.expect(/^[a-z0-9_]*$/.test(tablePrefix), 'tablePrefix', `'${tablePrefix}'; expected lower-case letters, digits and underscores`);
    checkLogRetention(check, 'logRetentionDays', retention);
    check.throwIfAny();

    this.database = new GlueCatalogDatabase(this, 'database', {
      name: props.databaseName,
      description: 'Tables discovered by the raw-data crawler; never the managed analytics tables.',
    });
    const bucketArn = s3BucketArn(props.rawBucketName);
    const name = `${props.namePrefix}-raw-crawler`;
    this.role = new ServiceRole(this, 'role', {
      roleName: name,
      service: 'glue.amazonaws.com',
      accountId: props.accountId,
      description: 'Raw-data crawler: reads the raw datasets, writes only its own catalog database',
      statements: [
        {
          Effect: 'Allow',
          Action: 's3:ListBucket',
          Resource: bucketArn,
          Condition: { StringLike: { 's3:prefix': props.datasets.map((d) => `${d}/*`) } },
        },
        { Effect: 'Allow', Action: 's3:GetObject', Resource: props.datasets.map((d) => `${bucketArn}/${d}/*`) },
        { Effect: 'Allow', Action: 'kms:Decrypt', Resource: props.kmsKeyArn },
        {
          Effect: 'Allow',
          Action: [
            'glue:GetDatabase',
            'glue:GetTable',
            'glue:GetTables',
            'glue:CreateTable',
            'glue:UpdateTable',
            'glue:GetPartition',
            'glue:GetPartitions',
            'glue:BatchGetPartition',
            'glue:BatchCreatePartition',
            'glue:UpdatePartition',
            'glue:BatchUpdatePartition',
          ],
          Resource: [glueCatalogArn(props), glueDatabaseArn(props, props.databaseName), glueTableArn(props, props.databaseName, '*')],
        },
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:AssociateKmsKey'],
          Resource: logGroupArn(props, '/aws-glue/crawlers*'),
        },
      ],
    });
    this.securityConfiguration = new GlueSecurityConfiguration(this, 'security', {
      name,
      encryptionConfiguration: {
        cloudwatchEncryption: { cloudwatchEncryptionMode: 'SSE-KMS', kmsKeyArn: props.kmsKeyArn },
        // The crawler writes no S3 data and keeps no bookmarks, so these cost nothing; enabled
        // anyway, so that scanners do not flag the configuration and nothing later written under
        // it goes out unencrypted.
        s3Encryption: { s3EncryptionMode: 'SSE-KMS', kmsKeyArn: props.kmsKeyArn },
        jobBookmarksEncryption: { jobBookmarksEncryptionMode: 'CSE-KMS', kmsKeyArn: props.kmsKeyArn },
      },
    });
    [this.logGroup] = glueLogGroups(this, [crawlerLogGroupName(name, name)], retention, props.kmsKeyArn);

    this.crawler = new GlueCrawler(this, 'crawler', {
      name: `${props.namePrefix}-raw`,
      role: this.role.role.arn,
      databaseName: this.database.name,
      tablePrefix,
      schedule: props.schedule,
      s3Target: props.datasets.map((d) => ({ path: `s3://${props.rawBucketName}/${d}/` })),
      schemaChangePolicy: { updateBehavior: 'LOG', deleteBehavior: 'LOG' },
      recrawlPolicy: { recrawlBehavior: 'CRAWL_NEW_FOLDERS_ONLY' },
      securityConfiguration: this.securityConfiguration.name,
      // Glue only adds streams to the group if it exists before the first run.
      dependsOn: [this.logGroup],
      // Level 2 = s3://bucket/<dataset>/: one table per dataset folder, `dt=` folders become partitions.
      configuration: JSON.stringify({
        Version: 1.0,
        Grouping: { TableGroupingPolicy: 'CombineCompatibleSchemas', TableLevelConfiguration: 2 },
        CrawlerOutput: { Partitions: { AddOrUpdateBehavior: 'InheritFromTable' } },
      }),
    });
  }
}
