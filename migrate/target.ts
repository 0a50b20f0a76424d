import { parseEnvironments, type EnvironmentConfig } from '../config/environment';
import { ENVIRONMENTS } from '../config/environments';
import { athenaWorkgroupName, bucketName, glueDatabaseName } from '../config/resource-names';
import { DATASETS } from '../datasets/registry';
import { validateDatasets } from '../datasets/validate-dataset';
import { MigrateError, MigrateUsageError } from './errors';

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
  // The declarations first: a bad one refuses every migrate command (exit 3), every problem listed.
  parsed ??= parseEnvironments(ENVIRONMENTS, validateDatasets(DATASETS).map((d) => d.name));
  return parsed;
}

export function findEnvironment(name: string): EnvironmentConfig {
  const env = environments().find((e) => e.name === name);
  if (!env) throw new MigrateUsageError(`--env: unknown environment '${name}'; expected one of ${environments().map((e) => e.name).join(', ')}`);
  return env;
}

/** Placeholder values read from the synthesized stack (`stackOutputPlaceholders`), and the file they came from. */
export interface StackPlaceholders {
  readonly file: string;
  readonly values: Readonly<Record<string, string>>;
}

/**
 * Resolves the target of an environment. Placeholder values come from the
 * config (the same functions Terraform names the resources with), then from the
 * synthesized stack outputs when given, then from `overrides` (`--placeholder`).
 * A stack output that disagrees with the config means a stale synth, so it is an
 * error naming both values unless an override settles it. The database and
 * workgroup follow the resolved placeholders, so DDL, history and lock always
 * go to the same database.
 */
export function resolveTarget(env: EnvironmentConfig, overrides: Readonly<Record<string, string>> = {}, stack?: StackPlaceholders): MigrationTarget {
  const raw = bucketName(env, 'raw');
  const processed = bucketName(env, 'processed');
  const quarantine = bucketName(env, 'quarantine');
  const fromConfig: Record<string, string> = {
    env: env.name,
    database: glueDatabaseName(env),
    workgroup: athenaWorkgroupName(env),
    raw_bucket: raw,
    processed_bucket: processed,
    quarantine_bucket: quarantine,
    raw_location: `s3://${raw}/`,
    processed_location: `s3://${processed}/`,
    quarantine_location: `s3://${quarantine}/`,
  };
  for (const [name, value] of Object.entries(stack?.values ?? {})) {
    if (overrides[name] === undefined && fromConfig[name] !== undefined && fromConfig[name] !== value) {
      throw new MigrateError(
        `${stack?.file ?? 'stack outputs'}: \${${name}} is '${value}' in the synthesized stack but '${fromConfig[name]}' in config/ for ${env.name}; run 'npm run synth' again, or pass --placeholder ${name}=<value>`,
      );
    }
  }
  const placeholders = { ...fromConfig, ...stack?.values, ...overrides };
  return { env, database: placeholders.database, workgroup: placeholders.workgroup, placeholders };
}
