/**
 * ARNs of the resources the pipeline names, in one place: stacks (IAM policies,
 * cross-references known at synth), the OpenSearch bootstrap and the local run build
 * them from the same config, so a format is spelled once.
 *
 * Always the `aws` partition: the pipeline runs only in commercial regions
 * (`config/regions.ts`). Names may be Terraform tokens (`${...}`); they are pasted as they are.
 */

/** Where a regional resource lives: any object with the account and region (an environment, construct props). */
export interface ArnScope {
  readonly accountId: string;
  readonly region: string;
}

const PARTITION = 'aws';

/** `arn:aws:s3:::<bucket>`: bucket ARNs carry neither region nor account. */
export function s3BucketArn(bucketName: string): string {
  return `arn:${PARTITION}:s3:::${bucketName}`;
}

/** Objects of a bucket under a key pattern, e.g. `s3ObjectsArn(name, 'glue/*')`. @default pattern `*` (every object) */
export function s3ObjectsArn(bucketName: string, keyPattern = '*'): string {
  return `${s3BucketArn(bucketName)}/${keyPattern}`;
}

export function iamRoleArn(accountId: string, roleName: string): string {
  return `arn:${PARTITION}:iam::${accountId}:role/${roleName}`;
}

/** The account principal: in a key policy it delegates the key to the account's IAM policies. */
export function iamAccountRootArn(accountId: string): string {
  return `arn:${PARTITION}:iam::${accountId}:root`;
}

/** A policy AWS manages, e.g. `ReadOnlyAccess`. */
export function awsManagedPolicyArn(policyName: string): string {
  return `arn:${PARTITION}:iam::aws:policy/${policyName}`;
}

export function kinesisStreamArn(scope: ArnScope, streamName: string): string {
  return `arn:${PARTITION}:kinesis:${scope.region}:${scope.accountId}:stream/${streamName}`;
}

export function firehoseDeliveryStreamArn(scope: ArnScope, deliveryStreamName: string): string {
  return `arn:${PARTITION}:firehose:${scope.region}:${scope.accountId}:deliverystream/${deliveryStreamName}`;
}

export function lambdaFunctionArn(scope: ArnScope, functionName: string): string {
  return `arn:${PARTITION}:lambda:${scope.region}:${scope.accountId}:function:${functionName}`;
}

/** Log groups by name or name pattern, e.g. `/aws-glue/*` or `*` for all of them. */
export function logGroupArn(scope: ArnScope, logGroupPattern: string): string {
  return `arn:${PARTITION}:logs:${scope.region}:${scope.accountId}:log-group:${logGroupPattern}`;
}

/** The account's Glue Data Catalog, which IAM checks on every table and database call. */
export function glueCatalogArn(scope: ArnScope): string {
  return `arn:${PARTITION}:glue:${scope.region}:${scope.accountId}:catalog`;
}

export function glueDatabaseArn(scope: ArnScope, databaseName: string): string {
  return `arn:${PARTITION}:glue:${scope.region}:${scope.accountId}:database/${databaseName}`;
}

/** Tables by name or pattern (`*` for every table of the database). */
export function glueTableArn(scope: ArnScope, databaseName: string, tablePattern: string): string {
  return `arn:${PARTITION}:glue:${scope.region}:${scope.accountId}:table/${databaseName}/${tablePattern}`;
}

export function openSearchDomainArn(scope: ArnScope, domainName: string): string {
  return `arn:${PARTITION}:es:${scope.region}:${scope.accountId}:domain/${domainName}`;
}

/** A KMS key alias; `aliasName` without the `alias/` prefix. */
export function kmsAliasArn(scope: ArnScope, aliasName: string): string {
  return `arn:${PARTITION}:kms:${scope.region}:${scope.accountId}:alias/${aliasName}`;
}
