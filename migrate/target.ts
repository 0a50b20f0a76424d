import type { EnvironmentConfig } from '../config/environment';
import { configuredEnvironments } from '../config/environment-lookup';
import { athenaWorkgroupName, bucketName, glueDatabaseName } from '../config/resource-names';
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
  // configuredEnvironments validates the declarations first: a bad one refuses every migrate command (exit 3), every problem listed.
  parsed ??= configuredEnvironments();
  return parsed;
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
export function resolveMigrationTarget(
  env: EnvironmentConfig,
  overrides: Readonly<Record<string, string>> = {},
  stack?: StackPlaceholders,
): MigrationTarget {
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
  for (const [name, value] of Object.entries(placeholders)) {
    const problem = placeholderProblem(name, value);
    if (problem === undefined) continue;
    const origin =
      overrides[name] !== undefined
        ? `--placeholder ${name}`
        : stack?.values[name] !== undefined
          ? `${stack.file}: \${${name}}`
          : `config/: \${${name}}`;
    const message = `${origin}: got '${value}'; expected ${problem}`;
    throw overrides[name] !== undefined ? new MigrateUsageError(message) : new MigrateError(message);
  }
  return { env, database: placeholders.database, workgroup: placeholders.workgroup, placeholders };
}

/**
 * Values are pasted into the SQL as they are, so one that could end a string,
 * an identifier or the statement (a quote, `;`, a comment start, a line break)
 * would change what runs past the guard's reading. The database also names the
 * local history folder, so it is held to Glue's own rule (which rules out `..`).
 */
function placeholderProblem(name: string, value: string): string | undefined {
  if (name === 'database') return /^[a-z0-9_]{1,255}$/.test(value) ? undefined : 'a Glue database name: lower-case letters, digits and _';
  if (name === 'workgroup')
    return /^[A-Za-z0-9._-]{1,128}$/.test(value) ? undefined : 'an Athena workgroup name: letters, digits, . _ and -';
  if (/['"`;\\\r\n]|--|\/\*/.test(value))
    return "a value without quotes, ';', '\\', '--', '/*' or line breaks, because it is pasted into the SQL as it is";
  return undefined;
}
