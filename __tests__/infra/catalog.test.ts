import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { GlueCatalogDatabase } from '@cdktf/provider-aws/lib/glue-catalog-database';
import { GlueCrawler } from '@cdktf/provider-aws/lib/glue-crawler';
import { GlueJob } from '@cdktf/provider-aws/lib/glue-job';
import { GlueSecurityConfiguration } from '@cdktf/provider-aws/lib/glue-security-configuration';
import { GlueTrigger } from '@cdktf/provider-aws/lib/glue-trigger';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import { CompactionJob, compactionScriptPath, type CompactionJobProps } from '../../stacks/catalog/compaction-job';
import { RawDataCrawler, type RawDataCrawlerProps } from '../../stacks/catalog/raw-data-crawler';

const KEY = 'arn:aws:kms:us-east-1:111111111111:key/data';

function crawlerProps(overrides: Partial<RawDataCrawlerProps> = {}): RawDataCrawlerProps {
  return {
    namePrefix: 'logtel-dev',
    accountId: '111111111111',
    region: 'us-east-1',
    databaseName: 'logtel_dev_discovered',
    rawBucketName: 'raw-bucket',
    kmsKeyArn: KEY,
    datasets: ['access-logs', 'turbine-telemetry'],
    schedule: 'cron(0 */6 * * ? *)',
    ...overrides,
  };
}

function jobProps(overrides: Partial<CompactionJobProps> = {}): CompactionJobProps {
  return {
    namePrefix: 'logtel-dev',
    accountId: '111111111111',
    region: 'us-east-1',
    assetsBucketName: 'assets-bucket',
    processedBucketName: 'processed-bucket',
    kmsKeyArn: KEY,
    datasets: ['access-logs', 'turbine-telemetry'],
    schedule: 'cron(15 2 * * ? *)',
    ...overrides,
  };
}

/** Statements of the construct's one inline role policy. */
function inlinePolicy(synth: string): Record<string, unknown>[] {
  const policies = JSON.parse(synth).resource.aws_iam_role_policy as Record<string, { policy: string }>;
  expect(Object.keys(policies)).toHaveLength(1);
  return (JSON.parse(Object.values(policies)[0].policy) as { Statement: Record<string, unknown>[] }).Statement;
}

describe('RawDataCrawler', () => {
  it('crawls each dataset folder into its own database, logging schema changes, one table per include path', () => {
    // Act
    const synth = Testing.synthScope((scope) => new RawDataCrawler(scope, 'crawler', crawlerProps()));

    // Assess
    expect(synth).toHaveResourceWithProperties(GlueCatalogDatabase, { name: 'logtel_dev_discovered' });
    expect(synth).toHaveResourceWithProperties(GlueCrawler, {
      name: 'logtel-dev-raw',
      table_prefix: 'raw_',
      schedule: 'cron(0 */6 * * ? *)',
      s3_target: [{ path: 's3://raw-bucket/access-logs/' }, { path: 's3://raw-bucket/turbine-telemetry/' }],
      schema_change_policy: { update_behavior: 'LOG', delete_behavior: 'LOG' },
      recrawl_policy: { recrawl_behavior: 'CRAWL_NEW_FOLDERS_ONLY' },
    });
    const crawler = Object.values(JSON.parse(synth).resource.aws_glue_crawler as Record<string, { configuration: string }>)[0];
    expect(JSON.parse(crawler.configuration)).toEqual({
      Version: 1,
      Grouping: { TableGroupingPolicy: 'CombineCompatibleSchemas', TableLevelConfiguration: 2 },
      CrawlerOutput: { Partitions: { AddOrUpdateBehavior: 'InheritFromTable' } },
    });
  });

  it('encrypts its logs with a security configuration, into a group created with retention before the first run', () => {
    // Act
    const synth = Testing.synthScope((scope) => new RawDataCrawler(scope, 'crawler', crawlerProps({ logRetentionDays: 14 })));

    // Assess
    expect(synth).toHaveResourceWithProperties(GlueSecurityConfiguration, {
      name: 'logtel-dev-raw-crawler',
      encryption_configuration: {
        cloudwatch_encryption: { cloudwatch_encryption_mode: 'SSE-KMS', kms_key_arn: KEY },
        // Nothing the crawler does writes S3 data or bookmarks; enabled anyway, so no scanner flags DISABLED.
        s3_encryption: { s3_encryption_mode: 'SSE-KMS', kms_key_arn: KEY },
        job_bookmarks_encryption: { job_bookmarks_encryption_mode: 'CSE-KMS', kms_key_arn: KEY },
      },
    });
    expect(synth).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/aws-glue/crawlers-role/logtel-dev-raw-crawler-logtel-dev-raw-crawler',
      retention_in_days: 14,
      kms_key_id: KEY,
    });
    expect(synth).toHaveResourceWithProperties(GlueCrawler, {
      security_configuration: expect.stringContaining('aws_glue_security_configuration.'),
      depends_on: [expect.stringContaining('aws_cloudwatch_log_group.')],
    });
  });

  it('lets the crawler read only the dataset folders and write only its own database', () => {
    // Act
    const statements = inlinePolicy(Testing.synthScope((scope) => new RawDataCrawler(scope, 'crawler', crawlerProps())));

    // Assess
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: ['arn:aws:s3:::raw-bucket/access-logs/*', 'arn:aws:s3:::raw-bucket/turbine-telemetry/*'],
    });
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: expect.arrayContaining(['glue:CreateTable', 'glue:UpdateTable']),
        Resource: [
          'arn:aws:glue:us-east-1:111111111111:catalog',
          'arn:aws:glue:us-east-1:111111111111:database/logtel_dev_discovered',
          'arn:aws:glue:us-east-1:111111111111:table/logtel_dev_discovered/*',
        ],
      }),
    );
  });

  it('rejects a schedule that is not a Glue cron expression', () => {
    expect(() => Testing.synthScope((scope) => new RawDataCrawler(scope, 'c', crawlerProps({ schedule: 'rate(1 hour)' })))).toThrow(
      "RawDataCrawler.schedule: 'rate(1 hour)'; expected a Glue cron expression like cron(0 * * * ? *)",
    );
  });
});

describe('CompactionJob', () => {
  it('ships the script to the assets bucket and runs it encrypted, bookmarked, metered, bounded and scheduled', () => {
    // Act
    const synth = Testing.synthScope((scope) => new CompactionJob(scope, 'compaction', jobProps()));

    // Assess
    expect(synth).toHaveResourceWithProperties(S3Object, {
      bucket: 'assets-bucket',
      key: expect.stringMatching(/^glue\/compact_processed-[0-9A-F]+\.py$/i),
      kms_key_id: KEY,
    });
    expect(synth).toHaveResourceWithProperties(GlueSecurityConfiguration, {
      encryption_configuration: {
        s3_encryption: { s3_encryption_mode: 'SSE-KMS', kms_key_arn: KEY },
        cloudwatch_encryption: { cloudwatch_encryption_mode: 'SSE-KMS', kms_key_arn: KEY },
        job_bookmarks_encryption: { job_bookmarks_encryption_mode: 'CSE-KMS', kms_key_arn: KEY },
      },
    });
    expect(synth).toHaveResourceWithProperties(GlueJob, {
      name: 'logtel-dev-compact-processed',
      timeout: 60,
      glue_version: '5.0',
      security_configuration: expect.stringContaining('aws_glue_security_configuration.'),
      command: { name: 'glueetl', python_version: '3', script_location: expect.stringContaining('s3://assets-bucket/') },
      default_arguments: expect.objectContaining({
        '--job-bookmark-option': 'job-bookmark-enable',
        '--enable-metrics': 'true',
        '--datasets': 'access-logs,turbine-telemetry',
      }),
    });
    expect(synth).toHaveResourceWithProperties(GlueTrigger, { type: 'SCHEDULED', schedule: 'cron(15 2 * * ? *)', start_on_creation: true });
    for (const stream of ['output', 'error']) {
      expect(synth).toHaveResourceWithProperties(CloudwatchLogGroup, {
        name: `/aws-glue/jobs/logtel-dev-compact-processed-role/logtel-dev-compact-processed/${stream}`,
        retention_in_days: 30,
        kms_key_id: KEY,
      });
    }
    expect(inlinePolicy(synth)).toContainEqual({
      Effect: 'Allow',
      Action: 'cloudwatch:PutMetricData',
      Resource: '*',
      Condition: { StringEquals: { 'cloudwatch:namespace': 'Glue' } },
    });
  });

  it('logs the Glue 5.0 way: a custom group prefix under /aws-glue/jobs/, its groups pre-created with the key and retention, no 4.0 arguments', () => {
    // Act
    const synth = Testing.synthScope((scope) => new CompactionJob(scope, 'compaction', jobProps({ logRetentionDays: 14 })));
    const job = Object.values(
      JSON.parse(synth).resource.aws_glue_job as Record<string, { default_arguments: Record<string, string>; depends_on: string[] }>,
    )[0];
    const groups = Object.entries(JSON.parse(synth).resource.aws_cloudwatch_log_group as Record<string, { name: string }>);

    // Assess
    const prefix = job.default_arguments['--custom-logGroup-prefix'];
    expect(prefix).toBe('/aws-glue/jobs/logtel-dev-compact-processed');
    for (const stream of ['output', 'error']) {
      expect(synth).toHaveResourceWithProperties(CloudwatchLogGroup, {
        name: `${prefix}/${stream}`,
        retention_in_days: 14,
        kms_key_id: KEY,
      });
      // Glue only adds streams to a group that exists before the first run.
      const [id] = groups.find(([, g]) => g.name === `${prefix}/${stream}`) ?? [''];
      expect(job.depends_on).toContain(`aws_cloudwatch_log_group.${id}`);
    }
    expect(
      Object.keys(job.default_arguments).filter((a) => a.startsWith('--enable-continuous') || a.startsWith('--continuous-log')),
    ).toEqual([]);
    expect(groups.map(([, g]) => g.name)).not.toContain('/aws-glue/jobs/logtel-dev-compact-processed');
  });

  it('uploads the script only after the assets bucket exists', () => {
    // Act
    const synth = Testing.synthScope((scope) => {
      const assets = new S3Bucket(scope, 'assets', { bucket: 'assets-bucket' });
      new CompactionJob(scope, 'compaction', jobProps({ assetsBucketDependsOn: [assets] }));
    });

    // Assess: the bucket is named by a plain string, so only depends_on orders the upload after it.
    expect(synth).toHaveResourceWithProperties(S3Object, { bucket: 'assets-bucket', depends_on: ['aws_s3_bucket.assets'] });
  });

  it('rejects a log retention CloudWatch does not offer', () => {
    expect(() => Testing.synthScope((scope) => new CompactionJob(scope, 'c', jobProps({ logRetentionDays: 10 })))).toThrow(
      /^CompactionJob.logRetentionDays: 10; expected one of 1, 3, 5, 7, 14, 30/,
    );
  });

  it('rejects a timeout Glue does not allow', () => {
    expect(() => Testing.synthScope((scope) => new CompactionJob(scope, 'c', jobProps({ timeoutMinutes: 0 })))).toThrow(
      'CompactionJob.timeoutMinutes: 0; expected 1..2880',
    );
  });

  it('finds the script from the sources and from the synth bundle directory', () => {
    const root = path.resolve(__dirname, '../..');
    expect(compactionScriptPath(path.join(root, 'stacks', 'catalog'))).toBe(path.join(root, 'glue', 'compact_processed.py'));
    expect(compactionScriptPath(path.join(root, '.gen', 'app'))).toBe(path.join(root, 'glue', 'compact_processed.py'));
  });

  it('ships a script that Python compiles (no pyspark here: syntax check only)', () => {
    // Prepare
    const out = mkdtempSync(path.join(tmpdir(), 'glue-pyc-'));
    try {
      // Act / Assess: throws with Python's message on a syntax error.
      execFileSync(
        'python3',
        [
          '-c',
          'import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)',
          compactionScriptPath(),
          path.join(out, 'job.pyc'),
        ],
        { timeout: 20_000 },
      );
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
