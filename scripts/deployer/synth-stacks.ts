import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Testing } from 'cdktf';
import { GITHUB_REPOSITORY } from '../../config/ci';
import { configuredEnvironments } from '../../config/environment-lookup';
import { DATASETS } from '../../datasets/registry';
import { composeApp } from '../../stacks/compose';
import type { LambdaBundle } from '../../stacks/ingest/lambda-bundle';
import type { SynthesizedStack } from './deployer-permissions';

/** The app's stacks as `npm run synth` builds them (same config, same composition), synthesized in memory. */
export function synthesizeApp(options: { readonly processorBundle?: LambdaBundle } = {}): SynthesizedStack[] {
  const outdir = mkdtempSync(join(tmpdir(), 'logtel-synth-'));
  try {
    const app = new App({ outdir, skipValidation: true });
    const { pipelines, bootstraps } = composeApp(app, {
      environments: configuredEnvironments(),
      datasets: DATASETS,
      githubRepository: GITHUB_REPOSITORY,
      processorBundle: options.processorBundle,
    });
    return [...bootstraps, ...pipelines].map((stack) => ({
      name: stack.node.id,
      json: JSON.parse(Testing.synth(stack)) as SynthesizedStack['json'],
    }));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
