import type { App } from 'cdktf';
import type { EnvironmentConfig } from '../config/environment';
import type { DatasetDeclaration } from '../datasets/dataset';
import { BootstrapStack } from './bootstrap-stack';
import type { LambdaBundle } from './ingest/lambda-bundle';
import { PipelineStack } from './pipeline-stack';
import { applyPolicyChecks } from './policy/policy-aspect';

export interface ComposeProps {
  readonly environments: readonly EnvironmentConfig[];
  readonly datasets: readonly DatasetDeclaration[];
  readonly githubRepository: string;
  /** @default bundled from source */
  readonly processorBundle?: LambdaBundle;
}

export interface ComposedStacks {
  readonly pipelines: readonly PipelineStack[];
  readonly bootstraps: readonly BootstrapStack[];
}

/**
 * The app's stacks: `pipeline-<env>` for every environment, and `bootstrap-<account>`
 * for each account whose environments keep state in S3, all under the policy checks.
 */
export function composeApp(app: App, props: ComposeProps): ComposedStacks {
  const pipelines = props.environments.map(
    (env) => new PipelineStack(app, `pipeline-${env.name}`, { env, datasets: props.datasets, processorBundle: props.processorBundle }),
  );
  const byAccount = new Map<string, EnvironmentConfig[]>();
  for (const env of props.environments) {
    if (env.backend.kind !== 's3') continue;
    byAccount.set(env.accountId, [...(byAccount.get(env.accountId) ?? []), env]);
  }
  const bootstraps = [...byAccount.entries()].map(
    ([account, envs]) => new BootstrapStack(app, `bootstrap-${account}`, { envs, githubRepository: props.githubRepository }),
  );
  // Every JSON synth checks every stack; a violation fails synth with the resource path
  // and the rule. The HCL synth renders policies as jsonencode(...) expressions the
  // checks cannot read, so it relies on the JSON synth that `npm run synth` runs first.
  if (!app.hclOutput) for (const stack of [...pipelines, ...bootstraps]) applyPolicyChecks(stack);
  return { pipelines, bootstraps };
}
