import { Testing, type TerraformStack } from 'cdktf';
import { parseEnvironments, type EnvironmentConfig, type EnvironmentInput } from '../../config/environment';
import { ENVIRONMENTS } from '../../config/environments';
import { DATASETS } from '../../datasets/registry';
import { bundleLambda, type LambdaBundle } from '../../stacks/ingest/lambda-bundle';

/** The real environments, parsed as synth parses them. */
export function realEnvironments(): EnvironmentConfig[] {
  return parseEnvironments(
    ENVIRONMENTS,
    DATASETS.map((d) => d.name),
  );
}

export function environment(name: 'dev' | 'prod', overrides: Partial<EnvironmentInput> = {}): EnvironmentConfig {
  const base = ENVIRONMENTS.find((e) => e.name === name);
  if (!base) throw new Error(`no environment ${name}`);
  const [env] = parseEnvironments(
    [{ ...base, ...overrides }],
    DATASETS.map((d) => d.name),
  );
  return env;
}

/** A tiny handler bundle, so stack tests do not depend on the processor's code. */
export function fixtureBundle(): LambdaBundle {
  return bundleLambda({ entry: '__tests__/fixtures/tiny-handler.ts' });
}

export interface SynthesizedResource {
  readonly [key: string]: unknown;
}

/** The synthesized resources of one type, keyed by their logical id. */
export function resourcesOf(stack: TerraformStack, type: string): Record<string, SynthesizedResource> {
  const json = JSON.parse(Testing.synth(stack)) as { resource?: Record<string, Record<string, SynthesizedResource>> };
  return json.resource?.[type] ?? {};
}

export interface Statement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Principal?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

export function statementsOf(policyJson: unknown): Statement[] {
  if (typeof policyJson !== 'string') throw new Error('policy is not a string');
  return (JSON.parse(policyJson) as { Statement: Statement[] }).Statement;
}

export function asArray(value: string | string[]): string[] {
  return typeof value === 'string' ? [value] : value;
}
