import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { DATASETS } from '../../datasets/registry';
import { composeApp } from '../../stacks/compose';
import { fixtureBundle, realEnvironments } from './factories';

const ROOT = join(__dirname, '..', '..');

type Blocks = Record<string, Record<string, unknown>>;

/** Parses HCL with cdktf's own parser (Go, as WebAssembly) in a child: its runtime keeps handles open in-process. */
function parseHcl(file: string): { resource?: Blocks } {
  const script = "require('@cdktf/hcl2json').parse(process.argv[1], require('fs').readFileSync(process.argv[1], 'utf8')).then((r) => process.stdout.write(JSON.stringify(r)), (e) => { console.error(String(e)); process.exit(1); })";
  const child = spawnSync(process.execPath, ['-e', script, file], { cwd: ROOT, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`invalid HCL in ${file}: ${child.stderr}`);
  return JSON.parse(child.stdout) as { resource?: Blocks };
}

function addresses(blocks: Blocks | undefined): string[] {
  return Object.entries(blocks ?? {})
    .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
    .sort();
}

describe('HCL output (the exit path)', () => {
  const out = mkdtempSync(join(tmpdir(), 'hcl-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('is valid HCL with the same resources as the JSON synth, for every stack', () => {
    // Prepare
    const stacks = composeApp(Testing.app(), {
      environments: realEnvironments(),
      datasets: DATASETS,
      githubRepository: 'logtel/realtime-pipeline',
      processorBundle: fixtureBundle(),
    });

    // Act: exactly what `npm run synth` runs for the HCL half
    const synth = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'cdktf-cli', 'bundle', 'bin', 'cdktf'), 'synth', '--hcl', '--output', out], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CHECKPOINT_DISABLE: '1', CI: 'true' },
    });

    // Assess
    expect(synth.status).toBe(0);
    for (const stack of [...stacks.pipelines, ...stacks.bootstraps]) {
      const file = join(out, 'stacks', stack.node.id, 'cdk.tf');
      const hcl = parseHcl(file);
      const json = JSON.parse(Testing.synth(stack)) as { resource?: Blocks };
      expect(addresses(hcl.resource)).toEqual(addresses(json.resource));
    }
  });
});
