import { Command } from 'commander';
import { applyCliConventions, runCli } from '../../cli/error-boundary';
import { projectVersion } from '../../cli/version';
import { deployerPermissions, renderPermissions } from './deployer-permissions';
import { synthesizeApp } from './synth-stacks';

async function main(argv: readonly string[]): Promise<void> {
  const program = new Command('deployer:permissions')
    .description(
      'The AWS services and IAM action patterns the deploying principal needs, per stack, from the synthesized resource types (Markdown).',
    )
    .option('--json', 'print JSON instead of Markdown');
  applyCliConventions(program, projectVersion());
  program.parse([...argv], { from: 'user' });
  const permissions = deployerPermissions(synthesizeApp());
  process.stdout.write(
    program.opts<{ json?: boolean }>().json === true ? `${JSON.stringify(permissions, null, 2)}\n` : renderPermissions(permissions),
  );
}

if (require.main === module) {
  void runCli('deployer:permissions', () => main(process.argv.slice(2)));
}
