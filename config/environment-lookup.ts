import { UsageError } from '../cli/cli-errors';
import { DATASETS } from '../datasets/registry';
import { validateDatasets } from '../datasets/validate-dataset';
import { parseEnvironments, type EnvironmentConfig } from './environment';
import { ENVIRONMENTS } from './environments';

/**
 * The one way a command finds an environment by name (`--env`): every CLI lists the
 * same choices in the same words, and only the error type (its area's usage error,
 * exit 2) differs.
 */

/** The environments of `config/environments.ts`, validated against the registered datasets (an EnvironmentConfigError lists every problem). */
export function configuredEnvironments(): EnvironmentConfig[] {
  // The declarations first: every command that takes --env refuses a bad one (exit 3, every
  // problem listed) before it reads the environments or touches anything.
  validateDatasets(DATASETS);
  return parseEnvironments(
    ENVIRONMENTS,
    DATASETS.map((d) => d.name),
  );
}

/**
 * The environment called `name`. When none is, throws what `unknown` makes of the
 * detail `unknown environment 'qa'; expected one of dev, prod` (the caller adds its option name).
 */
export function environmentNamed<E extends { readonly name: string }>(
  name: string,
  environments: readonly E[],
  unknown: (detail: string) => Error,
): E {
  const found = environments.find((e) => e.name === name);
  if (found === undefined) throw unknown(`unknown environment '${name}'; expected one of ${environments.map((e) => e.name).join(', ')}`);
  return found;
}

/**
 * A CLI's `--env <name>`: the environment called `name`, or a UsageError (exit 2)
 * `--env: unknown environment 'qa'; expected one of dev, prod`.
 * @param environments where to look, e.g. migrate's, validated with the datasets first. @default configuredEnvironments()
 */
export function findEnvironment(name: string, environments: readonly EnvironmentConfig[] = configuredEnvironments()): EnvironmentConfig {
  return environmentNamed(name, environments, (detail) => new UsageError(`--env: ${detail}`));
}
