import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import type { Construct } from 'constructs';

/*
 * With a security configuration that encrypts CloudWatch logs, Glue stops writing to the
 * shared, unmanaged `/aws-glue/crawlers` and `/aws-glue/jobs/{output,error}` groups and
 * writes to groups named after the configuration and the role instead (the names below).
 * Glue creates them on first run, without retention; created here first, they get the
 * retention and the key, and Glue only adds streams to them.
 */

/** The group a crawler with a CloudWatch-encrypting security configuration logs to. */
export function crawlerLogGroupName(roleName: string, securityConfigurationName: string): string {
  return `/aws-glue/crawlers-role/${roleName}-${securityConfigurationName}`;
}

/**
 * Glue 5.0 ignores the 4.0 continuous-logging arguments: it writes to `/aws-glue/jobs/error`
 * and `/aws-glue/jobs/output`, or to `<prefix>/error` and `<prefix>/output` when the job
 * sets `--custom-logGroup-prefix` ("Logging for AWS Glue jobs"). The prefix below keeps the
 * job's groups under `/aws-glue/jobs/`, where the job role's log permissions already point.
 */
export function jobCustomLogGroupPrefix(jobName: string): string {
  return `/aws-glue/jobs/${jobName}`;
}

/** The groups Glue 5.0 writes to with `--custom-logGroup-prefix <prefix>`. */
export function jobCustomLogGroupNames(prefix: string): readonly string[] {
  return ['output', 'error'].map((stream) => `${prefix}/${stream}`);
}

/** The driver's stdout and stderr groups of a job with a CloudWatch-encrypting security configuration. */
export function jobLogGroupNames(securityConfigurationName: string, roleName: string): readonly string[] {
  return ['output', 'error'].map((stream) => `/aws-glue/jobs/${securityConfigurationName}-role/${roleName}/${stream}`);
}

/** Encrypted log groups with a retention, one per name (construct ids `glue-logs-<index>`). */
export function glueLogGroups(
  scope: Construct,
  names: readonly string[],
  retentionInDays: number,
  kmsKeyArn: string,
): CloudwatchLogGroup[] {
  return names.map((name, index) => new CloudwatchLogGroup(scope, `glue-logs-${index}`, { name, retentionInDays, kmsKeyId: kmsKeyArn }));
}
