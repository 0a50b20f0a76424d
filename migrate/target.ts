import { parseEnvironments, type EnvironmentConfig } from '../config/environment';
import { ENVIRONMENTS } from '../config/environments';
import { athenaWorkgroupName, bucketName, glueDatabaseName } from '../config/resource-names';
import { DATASETS } from '../datasets/registry';
import { MigrateError } from './errors';

/** Where migrations and saved queries go: the environment's database, workgroup and buckets. */
export interface MigrationTarget {
  readonly env: EnvironmentConfig;
  readonly database: string;
  readonly workgroup: string;
  /** Values of the `${name}` placeholders in `sql/`. */
  readonly placeholders: Readonly<Record<string, string>>;
}

let parsed: EnvironmentConfig[] | undefined;

/** The environments from `config/environments.ts`, validated once per process. */
export function environments(): readonly EnvironmentConfig[] {
  parsed ??= parseEnvironments(ENVIRONMENTS, DATASETS.map((d) => d.name));
  return parsed;
}

export function findEnvironment(name: string): EnvironmentConfig {
  const env = environments().find((e) => e.name === name);
  if (!env) throw new MigrateError(`--env: unknown environment '${name}'; expected one of ${environments().map((e) => e.name).join(', ')}`);
  return env;
}

/**
 * Resolves the target of an environment from the config (the same functions
 * Terraform names the resources with). `overrides` replace or add placeholder
 * values, e.g. from the synthesized stack outputs.
 */
export function resolveTarget(env: EnvironmentConfig, overrides: Readonly<Record<string, string>> = {}): MigrationTarget {
  const database = glueDatabaseName(env);
  const raw = bucketName(env, 'raw');
  const processed = bucketName(env, 'processed');
  const quarantine = bucketName(env, 'quarantine');
  return {
    env,
    database,
    workgroup: athenaWorkgroupName(env),
    placeholders: {
      env: env.name,
      database,
      workgroup: athenaWorkgroupName(env),
      raw_bucket: raw,
      processed_bucket: processed,
      quarantine_bucket: quarantine,
      raw_location: `s3://${raw}/`,
      processed_location: `s3://${processed}/`,
      quarantine_location: `s3://${quarantine}/`,
      ...overrides,
    },
  };
}
