import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { DATASETS } from '../../datasets/registry';
import { composeApp } from '../../stacks/compose';
import { formatHclOutput } from '../../scripts/tf-check/format-hcl-output';
import { locateTerraform } from '../../scripts/tf-check/terraform-binary';
import { ROOT, spawnCommand } from '../support/spawn-command';
import { fixtureBundle, realEnvironments } from './factories';

type Blocks = Record<string, Record<string, unknown>>;

/** Parses HCL with cdktf's own parser (Go, as WebAssembly) in a child: its runtime keeps handles open in-process. */
async function parseHcl(file: string): Promise<{ resource?: Blocks }> {
  const script =
    "require('@cdktf/hcl2json').parse(process.argv[1], require('fs').readFileSync(process.argv[1], 'utf8')).then((r) => process.stdout.write(JSON.stringify(r)), (e) => { console.error(String(e)); process.exit(1); })";
  const child = await spawnCommand(process.execPath, ['-e', script, file]);
  if (child.code !== 0) throw new Error(`invalid HCL in ${file}: ${child.stderr}`);
  return JSON.parse(child.stdout) as { resource?: Blocks };
}

function addresses(blocks: Blocks | undefined): string[] {
  return Object.entries(blocks ?? {})
    .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
    .sort();
}

/**
 * The entries of a `${tomap({ "k" = "v", "k2" = resource.attr })}` expression (terraformMap's HCL
 * form), with references written back as `${resource.attr}` as the JSON synth writes them.
 */
function tomapEntries(expression: string): Record<string, string> | undefined {
  if (!expression.startsWith('${tomap({')) return undefined;
  const entries: Record<string, string> = {};
  for (const m of expression.matchAll(/"((?:[^"\\]|\\.)*)"\s*=\s*("(?:[^"\\]|\\.)*"|[A-Za-z0-9_.-]+)/g)) {
    const [, key = '', value = ''] = m;
    entries[key] = value.startsWith('"') ? (JSON.parse(value) as string) : `\${${value}}`;
  }
  return entries;
}

/**
 * String values of the JSON synth that the HCL output does not carry unchanged, as `address.path`.
 * Skipped: `jsonencode(...)` expressions (terraformJson's HCL form, the same value written as HCL)
 * and the trailing newline of heredocs (multi-line strings).
 */
function alteredStrings(json: unknown, hcl: unknown, at: string): string[] {
  if (typeof json === 'string') {
    if (typeof hcl === 'string' && (hcl.startsWith('${jsonencode(') || hcl === json || hcl === `${json}\n`)) return [];
    // depends_on / ignore_changes entries, unquoted by npm run synth: the same reference as an expression.
    if (typeof hcl === 'string' && /\.(depends_on|ignore_changes)\[\d+\]$/.test(at) && hcl === `\${${json}}`) return [];
    return [at];
  }
  if (Array.isArray(json)) {
    const list: unknown[] = Array.isArray(hcl) ? hcl : [];
    return json.flatMap((item, i) => alteredStrings(item, list[i], `${at}[${i}]`));
  }
  if (typeof json === 'object' && json !== null) {
    const entries = typeof hcl === 'string' ? tomapEntries(hcl) : undefined;
    if (entries !== undefined) return Object.entries(json).flatMap(([key, value]) => (entries[key] === value ? [] : [`${at}.${key}`]));
    // hcl2json gives every block as a list of blocks.
    const block = Array.isArray(hcl) && hcl.length === 1 ? (hcl[0] as unknown) : hcl;
    const record = typeof block === 'object' && block !== null ? (block as Record<string, unknown>) : {};
    return Object.entries(json).flatMap(([key, value]) => (key === '//' ? [] : alteredStrings(value, record[key], `${at}.${key}`)));
  }
  return [];
}

/** Differences that are expected, each with its reason. Anything else fails. */
const ACCEPTED_DIFFERENCES: readonly { readonly path: RegExp; readonly reason: string }[] = [
  {
    path: /\.aws_lambda_function\.[^.]+\.(filename|source_code_hash)$/,
    reason: 'in-process synth uses the fixture bundle, the CLI the real one',
  },
];

describe('HCL output (the exit path)', () => {
  const out = mkdtempSync(join(tmpdir(), 'hcl-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('is valid HCL with the same resources as the JSON synth, for every stack', async () => {
    // Prepare
    const stacks = composeApp(Testing.app(), {
      environments: realEnvironments(),
      datasets: DATASETS,
      githubRepository: 'logtel/realtime-pipeline',
      processorBundle: fixtureBundle(),
    });

    // Act: exactly what `npm run synth` runs for the HCL half
    const synth = await spawnCommand(
      process.execPath,
      [join(ROOT, 'node_modules', 'cdktf-cli', 'bundle', 'bin', 'cdktf'), 'synth', '--hcl', '--output', out],
      {
        env: { ...process.env, CHECKPOINT_DISABLE: '1', CI: 'true', TF_CLI_CONFIG_FILE: join(ROOT, 'scripts', 'empty-cli-config.tfrc') },
      },
    );

    const terraform = locateTerraform(process.env);
    const formatted = formatHclOutput(out, terraform, {
      ...process.env,
      TF_CLI_CONFIG_FILE: join(ROOT, 'scripts', 'empty-cli-config.tfrc'),
    });

    // Assess
    expect(synth.code).toBe(0);
    expect(formatted.unquoted).toBeGreaterThan(0);
    // tf:check requires a terraform binary, and so does this: fmt is part of the output.
    expect(formatted.formatted).toBe(true);
    for (const stack of [...stacks.pipelines, ...stacks.bootstraps]) {
      const file = join(out, 'stacks', stack.node.id, 'cdk.tf');
      const text = readFileSync(file, 'utf8');
      // No deprecated quoted references left (Terraform warns on `depends_on = ["aws_x.y"]`).
      expect(text.match(/^\s+"(data\.)?aws_[a-z0-9_]+\.[A-Za-z0-9_-]+",?$/gm) ?? []).toEqual([]);
      const hcl = await parseHcl(file);
      const json = JSON.parse(Testing.synth(stack)) as { resource?: Blocks };
      expect(addresses(hcl.resource)).toEqual(addresses(json.resource));
      // Attribute-level: e.g. escaped quotes in JSON text that the HCL writer turns into bare ones.
      const altered = alteredStrings(json.resource, hcl.resource, stack.node.id);
      expect(altered.filter((at) => !ACCEPTED_DIFFERENCES.some((d) => d.path.test(at)))).toEqual([]);
    }
  }, 120_000);
});
