import { Command } from 'commander';
import { applyCliConventions, runCli } from '../../cli/error-boundary';
import { projectVersion } from '../../cli/version';
import { configuredEnvironments } from '../../config/environment-lookup';
import { planMatrix } from './plan-matrix';

async function main(argv: readonly string[]): Promise<void> {
  const program = new Command('plan:matrix')
    .description(
      "The pull-request plan jobs as one JSON line: each pipeline stack of the synth with its account, region and that account's plan role.",
    )
    .argument('[outdir]', 'the synth output directory', 'cdktf.out');
  applyCliConventions(program, projectVersion());
  program.parse([...argv], { from: 'user' });
  const outdir = program.args[0] ?? 'cdktf.out';
  process.stdout.write(`${JSON.stringify(planMatrix(outdir, configuredEnvironments()))}\n`);
}

if (require.main === module) {
  void runCli('plan:matrix', () => main(process.argv.slice(2)));
}
