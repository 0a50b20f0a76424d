import { App } from 'cdktf';
import { runCli } from './cli/error-boundary';
import type { ExitCode } from './cli/exit-codes';
import { GITHUB_REPOSITORY } from './config/ci';
import { parseEnvironments } from './config/environment';
import { ENVIRONMENTS } from './config/environments';
import { DATASETS } from './datasets/registry';
import { composeApp } from './stacks/compose';

/**
 * Synthesizes the app from environment inputs, through the CLI error boundary: a
 * config error prints every problem in one message, without a stack trace, and
 * exits 3 (`cdktf synth` shows the app's stderr and fails).
 */
export function runSynth(environmentInputs: readonly unknown[]): Promise<ExitCode> {
  return runCli('synth', async () => {
    // main.ts only composes: validated config in, one stack per environment out.
    const app = new App();
    composeApp(app, {
      environments: parseEnvironments(
        environmentInputs,
        DATASETS.map((d) => d.name),
      ),
      datasets: DATASETS,
      githubRepository: GITHUB_REPOSITORY,
    });
    app.synth();
  });
}

if (require.main === module) void runSynth(ENVIRONMENTS);
