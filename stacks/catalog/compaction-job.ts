import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { AssetType, TerraformAsset, type ITerraformDependable } from 'cdktf';
import type { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { GlueJob } from '@cdktf/provider-aws/lib/glue-job';
import { GlueSecurityConfiguration } from '@cdktf/provider-aws/lib/glue-security-configuration';
import { GlueTrigger } from '@cdktf/provider-aws/lib/glue-trigger';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import { Construct } from 'constructs';
import { logGroupArn, s3BucketArn } from '../../config/arns';
import { ServiceRole } from '../iam/service-role';
import { AssetError } from '../asset-error';
import { PropsCheck } from '../props-error';
import { COMPACTION_JOB_DEFAULTS } from './compaction-job-defaults';
import { isGlueCron } from './glue-cron';
import { checkLogRetention } from '../log-retention';
import { glueLogGroups, jobCustomLogGroupNames, jobCustomLogGroupPrefix, jobLogGroupNames } from './glue-log-groups';
import { terraformMap } from '../terraform-text';

const SCRIPT_IN_REPO = path.join('glue', 'compact_processed.py');

/**
 * The job script, shipped from the repo. Found by walking up from this module, so it
 * resolves both from the sources and from the esbuild bundle synth runs (`.gen/app/`).
 */
export function compactionScriptPath(from: string = __dirname): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, SCRIPT_IN_REPO);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new AssetError(`CompactionJob: ${SCRIPT_IN_REPO} not found in ${from} or any parent directory`);
  }
}

export interface CompactionJobProps {
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  /** Bucket the script is uploaded to (under `glue/`); also holds the job's temp dir. */
  readonly assetsBucketName: string;
  /**
   * The assets bucket's resources: the script upload waits for them, because a name alone
   * orders nothing and PutObject fails on a bucket that does not exist yet. @default none
   */
  readonly assetsBucketDependsOn?: readonly ITerraformDependable[];
  readonly processedBucketName: string;
  /** Data key: encrypts the buckets' objects, the job's S3 output, logs and bookmarks. Its policy must admit `logs.<region>.amazonaws.com`. */
  readonly kmsKeyArn: string;
  /** Dataset names whose processed days are compacted. */
  readonly datasets: readonly string[];
  /** Glue cron expression (config `glue.jobSchedule`). */
  readonly schedule: string;
  /** @default 60 (COMPACTION_JOB_DEFAULTS) */
  readonly timeoutMinutes?: number;
  /** @default 'G.1X' */
  readonly workerType?: 'G.1X' | 'G.2X' | 'G.4X';
  /** @default 2 (the minimum for glueetl) */
  readonly numberOfWorkers?: number;
  /** Retention of the job's log groups (output and error). @default 30 */
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
  /** `--custom-logGroup-prefix`: Glue 5.0 writes to `<prefix>/output` and `<prefix>/error`. */
  readonly logGroupPrefix: string;
  /**
   * The output and error groups, pre-created with the key and a retention: those under the
   * custom prefix, and those named after the security configuration and role, which Glue
   * used under 4.0 with encrypted logs. Which pair a 5.0 run writes to with both a prefix
   * and a security configuration is not documented: confirm on the first run (docs/operations.md).
   */
  readonly driverLogGroups: readonly CloudwatchLogGroup[];
  readonly job: GlueJob;
  readonly trigger: GlueTrigger;
  readonly role: ServiceRole;

  constructor(scope: Construct, id: string, props: CompactionJobProps) {
    super(scope, id);
    const d = COMPACTION_JOB_DEFAULTS;
    const timeout = props.timeoutMinutes ?? d.timeoutMinutes;
    const workers = props.numberOfWorkers ?? d.numberOfWorkers;
    const retention = props.logRetentionDays ?? d.logRetentionDays;
    const targetFileMb = props.targetFileMb ?? d.targetFileMb;
    const check = new PropsCheck('CompactionJob');
    check.expect(props.datasets.length > 0, 'datasets', 'expected at least one dataset');
    check.expect(isGlueCron(props.schedule), 'schedule', `'${props.schedule}'; expected a Glue cron expression like cron(15 2 * * ? *)`);
    check.expect(Number.isInteger(timeout) && timeout >= 1 && timeout <= 2880, 'timeoutMinutes', `${timeout}; expected 1..2880`);
    check.expect(Number.isInteger(workers) && workers >= 2, 'numberOfWorkers', `${workers}; expected an integer of at least 2`);
    checkLogRetention(check, 'logRetentionDays', retention);
    check.expect(targetFileMb >= 16 && targetFileMb <= 1024, 'targetFileMb', `${targetFileMb}; expected 16..1024`);
    check.throwIfAny();

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
      ...(props.assetsBucketDependsOn ? { dependsOn: [...props.assetsBucketDependsOn] } : {}),
    });

    this.securityConfiguration = new GlueSecurityConfiguration(this, 'security', {
      name,
      encryptionConfiguration: {
        s3Encryption: { s3EncryptionMode: 'SSE-KMS', kmsKeyArn: props.kmsKeyArn },
        cloudwatchEncryption: { cloudwatchEncryptionMode: 'SSE-KMS', kmsKeyArn: props.kmsKeyArn },
        jobBookmarksEncryption: { jobBookmarksEncryptionMode: 'CSE-KMS', kmsKeyArn: props.kmsKeyArn },
      },
    });
    this.logGroupPrefix = jobCustomLogGroupPrefix(name);

    const processedArn = s3BucketArn(props.processedBucketName);
    const assetsArn = s3BucketArn(props.assetsBucketName);
    this.role = new ServiceRole(this, 'role', {
      roleName: name,
      service: 'glue.amazonaws.com',
      accountId: props.accountId,
      description: 'Compaction job: rewrites processed Parquet days, reads its script from the assets bucket',
      statements: [
        { Effect: 'Allow', Action: 's3:ListBucket', Resource: [processedArn, assetsArn] },
        {
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
          Resource: [`${processedArn}/*`, `${assetsArn}/glue/tmp/*`],
        },
        { Effect: 'Allow', Action: 's3:GetObject', Resource: `${assetsArn}/glue/*` },
        { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*'], Resource: props.kmsKeyArn },
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:AssociateKmsKey'],
          Resource: logGroupArn(props, '/aws-glue/*'),
        },
        // PutMetricData has no resource-level permission; the namespace condition scopes it.
        {
          Effect: 'Allow',
          Action: 'cloudwatch:PutMetricData',
          Resource: '*',
          Condition: { StringEquals: { 'cloudwatch:namespace': 'Glue' } },
        },
      ],
    });
    this.driverLogGroups = glueLogGroups(
      this,
      [...jobLogGroupNames(name, name), ...jobCustomLogGroupNames(this.logGroupPrefix)],
      retention,
      props.kmsKeyArn,
    );

    this.job = new GlueJob(this, 'job', {
      name,
      description: "Compacts yesterday's small processed Parquet files per dataset (glue/compact_processed.py).",
      roleArn: this.role.role.arn,
      glueVersion: '5.0',
      workerType: props.workerType ?? d.workerType,
      numberOfWorkers: workers,
      timeout,
      maxRetries: 1,
      executionProperty: { maxConcurrentRuns: 1 },
      securityConfiguration: this.securityConfiguration.name,
      command: { name: 'glueetl', pythonVersion: '3', scriptLocation: `s3://${props.assetsBucketName}/${this.script.key}` },
      defaultArguments: terraformMap({
        '--job-language': 'python',
        '--job-bookmark-option': 'job-bookmark-enable',
        '--enable-metrics': 'true',
        '--enable-observability-metrics': 'true',
        // Glue 5.0 logs in real time on its own; the 4.0 continuous-logging arguments are ignored.
        '--custom-logGroup-prefix': this.logGroupPrefix,
        '--TempDir': `s3://${props.assetsBucketName}/glue/tmp/`,
        '--processed_bucket': props.processedBucketName,
        '--datasets': props.datasets.join(','),
        '--target_file_mb': String(targetFileMb),
      }),
      // Glue only adds streams to the groups if they exist before the first run.
      dependsOn: [...this.driverLogGroups],
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
