import * as path from 'node:path';
import { App, Testing } from 'cdktf';
import { DATASETS } from '../../datasets/registry';
import { composeApp } from '../../stacks/compose';
import { fixtureBundle, realEnvironments } from './factories';

/** The local backend path of each bootstrap stack of an app with the given outdir. */
function bootstrapStatePaths(outdir: string | undefined): Map<string, string> {
  const app = outdir === undefined ? Testing.app() : new App({ outdir, skipValidation: true });
  const { bootstraps } = composeApp(app, {
    environments: realEnvironments(),
    datasets: DATASETS,
    githubRepository: 'logtel/realtime-pipeline',
    processorBundle: fixtureBundle(),
  });
  return new Map(
    bootstraps.map((stack) => {
      const json = JSON.parse(Testing.synth(stack)) as { terraform: { backend: { local: { path: string } } } };
      return [stack.node.id, json.terraform.backend.local.path];
    }),
  );
}

describe('Local state of the bootstrap stacks', () => {
  // Terraform runs a stack in <outdir>/stacks/<id>/ and resolves a relative local-backend path
  // from there: the state must land in the project root, not in the build folder.
  it.each([['cdktf.out'], [path.join('cdktf.out', 'hcl')]])('lands in the project root when the outdir is %s', (outdir) => {
    const paths = bootstrapStatePaths(path.join(process.cwd(), outdir));
    // One bootstrap per account; the ids follow config/environments.ts, placeholders or real.
    expect(paths.size).toBe(new Set(realEnvironments().map((e) => e.accountId)).size);
    for (const [id, statePath] of paths) {
      expect(path.resolve(process.cwd(), outdir, 'stacks', id, statePath)).toBe(path.join(process.cwd(), `terraform.${id}.tfstate`));
    }
  });

  it('is the same relative path for a temporary outdir (deterministic snapshots)', () => {
    for (const [id, statePath] of bootstrapStatePaths(undefined)) expect(statePath).toBe(`../../../terraform.${id}.tfstate`);
  });
});
