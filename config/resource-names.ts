import { kmsAliasArn } from './arns';
import type { DatasetDeclaration } from '../datasets/dataset';
import type { EnvironmentConfig } from './environment';

/**
 * Physical names of the resources, derived from the environment config so that
 * tools outside Terraform (migration runner, producers, OpenSearch bootstrap) can
 * find them without reading Terraform state.
 */

type Env = Pick<EnvironmentConfig, 'namePrefix' | 'accountId' | 'region'>;
type Dataset = Pick<DatasetDeclaration, 'name'>;

export type BucketRole = 'raw' | 'processed' | 'quarantine' | 'athena-results' | 'assets' | 'logs';

/** Globally unique: prefix + role + account + region (at most 20+1+14+1+12+1+14 = 63 characters). */
export function bucketName(env: Env, role: BucketRole): string {
  return `${env.namePrefix}-${role}-${env.accountId}-${env.region}`;
}

export function streamName(env: Env, dataset: Dataset): string {
  return `${env.namePrefix}-${dataset.name}`;
}

export function rawDeliveryStreamName(env: Env, dataset: Dataset): string {
  return `${env.namePrefix}-${dataset.name}-raw`;
}

export function processedDeliveryStreamName(env: Env, dataset: Dataset): string {
  return `${env.namePrefix}-${dataset.name}-processed`;
}

/** Firehose with the OpenSearch destination (only when opensearch.enabled). */
export function searchDeliveryStreamName(env: Env, dataset: Dataset): string {
  return `${env.namePrefix}-${dataset.name}-search`;
}

export function processorFunctionName(env: Env, dataset: Dataset): string {
  return `${env.namePrefix}-${dataset.name}-processor`;
}

/** Glue database of the analytics tables (migrations + Terraform-owned processed tables). */
export function glueDatabaseName(env: Pick<EnvironmentConfig, 'namePrefix'>): string {
  return env.namePrefix.replace(/-/g, '_');
}

/** Separate database for the crawler, so it never rewrites the managed tables. */
export function crawlerDatabaseName(env: Pick<EnvironmentConfig, 'namePrefix'>): string {
  return `${glueDatabaseName(env)}_discovered`;
}

export function athenaWorkgroupName(env: Pick<EnvironmentConfig, 'namePrefix'>): string {
  return `${env.namePrefix}-analytics`;
}

/** Alias (without `alias/`) of the KMS key that encrypts the Terraform state in `stateBucket`. */
export function stateKeyAliasName(stateBucket: string): string {
  return `${stateBucket}-state`;
}

/**
 * The state key's alias ARN, for the S3 backend's `kms_key_id`: known from config
 * before the bootstrap stack exists, and what Terraform sends as the SSE-KMS key id.
 */
export function stateKeyAliasArn(env: Pick<EnvironmentConfig, 'accountId' | 'region'>, stateBucket: string): string {
  return kmsAliasArn(env, stateKeyAliasName(stateBucket));
}
