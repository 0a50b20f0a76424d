import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { AssetType, TerraformAsset } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { GlueJob } from '@cdktf/provider-aws/lib/glue-job';
import { GlueSecurityConfiguration } from '@cdktf/provider-aws/lib/glue-security-configuration';
import { GlueTrigger } from '@cdktf/provider-aws/lib/glue-trigger';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import { Construct } from 'constructs';
import { CatalogPropsError } from './errors';
import { isGlueCron } from './glue-cron';
import { GlueServiceRole } from './glue-service-role';

const SCRIPT_IN_REPO = path.join('glue', 'compact_processed.py');

/**
 * The job script, shipped from the repo. Found by walking up from this module, so it
 * resolves both from the sources and from the esbuild bundle synth runs (`.gen/app/`).
 */
export function compactionScriptPath(from: string = __dirname): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, SCRIPT_IN_REPO);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new CatalogPropsError(`CompactionJob: ${SCRIPT_IN_REPO} not found in ${from} or any parent directory`);
  }
}

const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

export interface CompactionJobProps {
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  /** Bucket the script is uploaded to (under `glue/`); also holds the job's temp dir. */
  readonly assetsBucketName: string;
  readonly processedBucketName: string;
  /** Data key: encrypts the buckets' objects, the job's S3 output, logs and bookmarks. Its policy must admit `logs.<region>.amazonaws.com`. */
  readonly kmsKeyArn: string;
  /** Dataset names whose processed days are compacted. */
  readonly datasets: readonly string[];
  /** Glue cron expression (config `glue.jobSchedule`). */
  readonly schedule: string;
  /** @default 60 */
  readonly timeoutMinutes?: number;
  /** @default 'G.1X' */
  readonly workerType?: 'G.1X' | 'G.2X' | 'G.4X';
  /** @default 2 (the minimum for glueetl) */
  readonly numberOfWorkers?: number;
  /** Retention of the job's continuous log group. @default 30 */
  readonly logRetentionDays?: number;
  /** Target size of a compacted file, MiB. @default 128 */
  readonly targetFileMb?: number;
}

/**
 * A scheduled Glue job that compacts yesterday's small processed Parquet files
 * (glue/compact_processed.py), with a security configuration encrypting its S3
 * output, CloudWatch logs and job bookmarks with the data key.
 */
export class CompactionJob extends Construct {
  readonly script: S3Object;
  readonly securityConfiguration: GlueSecurityConfiguration;
  readonly logGroup: CloudwatchLogGroup;
  readonly job: GlueJob;
  readonly trigger: GlueTrigger;
  readonly role: GlueServiceRole;

  constructor(scope: Construct, id: string, props: CompactionJobProps) {
    super(scope, id);
    const timeout = props.timeoutMinutes ?? 60;
    const workers = props.numberOfWorkers ?? 2;
    const retention = props.logRetentionDays ?? 30;
    const targetFileMb = props.targetFileMb ?? 128;
    if (props.datasets.length === 0) throw new CatalogPropsError('CompactionJob.datasets: expected at least one dataset');
    if (!isGlueCron(props.schedule)) throw new CatalogPropsError(`CompactionJob.schedule: '${props.schedule}'; expected a Glue cron expression like cron(15 2 * * ? *)`);
    if (!Number.isInteger(timeout) || timeout < 1 || timeout > 2880) throw new CatalogPropsError(`CompactionJob.timeoutMinutes: ${timeout}; expected 1..2880`);
    if (!Number.isInteger(workers) || workers < 2) throw new CatalogPropsError(`CompactionJob.numberOfWorkers: ${workers}; expected an integer of at least 2`);
    if (!LOG_RETENTION_DAYS.includes(retention)) throw new CatalogPropsError(`CompactionJob.logRetentionDays: ${retention}; expected one of ${LOG_RETENTION_DAYS.join(', ')}`);
    if (!(targetFileMb >= 16 && targetFileMb <= 1024)) throw new CatalogPropsError(`CompactionJob.targetFileMb: ${targetFileMb}; expected 16..1024`);

    const name = `${props.namePrefix}-compact-processed`;
    const asset = new TerraformAsset(this, 'script-asset', { path: compactionScriptPath(), type: AssetType.FILE });
    this.script = new S3Object(this, 'script', {
      bucket: props.assetsBucketName,
      // The hash in the key makes a changed script a new object the job points to.
      key: `glue/compact_processed-${asset.assetHash}.py`,
      source: asset.path,
      sourceHash: asset.assetHash,
      serverSideEncryption: 'aws:kms',
      kmsKeyId: props.kmsKeyArn,
    });

    this.securityConfiguration = new GlueSecurityConfiguration(this, 'security', {
      name,
      encryptionConfiguration: {
        s3Encryption: { s3EncryptionMode: 'SSE-KMS', kmsKeyArn: props.kmsKeyArn },
        cloudwatchEncryption: { cloudwatchEncryptionMode: 'SSE-KMS', kmsKeyArn: props.kmsKeyArn },
        jobBookmarksEncryption: { jobBookmarksEncryptionMode: 'CSE-KMS', kmsKeyArn: props.kmsKeyArn },
      },
    });
    this.logGroup = new CloudwatchLogGroup(this, 'logs', { name: `/aws-glue/jobs/${name}`, retentionInDays: retention, kmsKeyId: props.kmsKeyArn });

    const processedArn = `arn:aws:s3:::${props.processedBucketName}`;
    const assetsArn = `arn:aws:s3:::${props.assetsBucketName}`;
    this.role = new GlueServiceRole(this, 'role', {
      roleName: name,
      accountId: props.accountId,
      statements: [
        { actions: ['s3:ListBucket'], resources: [processedArn, assetsArn] },
        { actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: [`${processedArn}/*`, `${assetsArn}/glue/tmp/*`] },
        { actions: ['s3:GetObject'], resources: [`${assetsArn}/glue/*`] },
        { actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*'], resources: [props.kmsKeyArn] },
        {
          actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:AssociateKmsKey'],
          resources: [`arn:aws:logs:${props.region}:${props.accountId}:log-group:/aws-glue/*`],
        },
        {
          actions: ['cloudwatch:PutMetricData'],
          resources: ['*'],
          condition: [{ test: 'StringEquals', variable: 'cloudwatch:namespace', values: ['Glue'] }],
        },
      ],
    });

    this.job = new GlueJob(this, 'job', {
      name,
      description: 'Compacts yesterday\'s small processed Parquet files per dataset (glue/compact_processed.py).',
      roleArn: this.role.role.arn,
      glueVersion: '5.0',
      workerType: props.workerType ?? 'G.1X',
      numberOfWorkers: workers,
      timeout,
      maxRetries: 1,
      executionProperty: { maxConcurrentRuns: 1 },
      securityConfiguration: this.securityConfiguration.name,
      command: { name: 'glueetl', pythonVersion: '3', scriptLocation: `s3://${props.assetsBucketName}/${this.script.key}` },
      defaultArguments: {
        '--job-language': 'python',
        '--job-bookmark-option': 'job-bookmark-enable',
        '--enable-metrics': 'true',
        '--enable-observability-metrics': 'true',
        '--enable-continuous-cloudwatch-log': 'true',
        '--continuous-log-logGroup': this.logGroup.name,
        '--TempDir': `s3://${props.assetsBucketName}/glue/tmp/`,
        '--processed_bucket': props.processedBucketName,
        '--datasets': props.datasets.join(','),
        '--target_file_mb': String(targetFileMb),
      },
    });

    this.trigger = new GlueTrigger(this, 'schedule', {
      name: `${name}-schedule`,
      type: 'SCHEDULED',
      schedule: props.schedule,
      startOnCreation: true,
      actions: [{ jobName: this.job.name }],
    });
  }
}
