// `npm run synth`: Terraform JSON, then HCL, for every stack. When stdout is not a
// terminal (piped, redirected, CI logs) cdktf is told so through CI=1: its spinner
// otherwise writes cursor-movement escape codes into the output, dozens of lines of
// them. What remains is the list of stacks and any policy finding.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const require = createRequire(import.meta.url);
const cdktf = require.resolve('cdktf-cli/bundle/bin/cdktf');
// An empty project CLI config: without one, terraform (asked for its version by cdktf)
// warns on every call that ~/.terraformrc does not exist.
const cliConfig = fileURLToPath(new URL('./empty-cli-config.tfrc', import.meta.url));
const env = { ...process.env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: cliConfig, ...(process.stdout.isTTY ? {} : { CI: '1' }) };

// The declarations first: the app refuses a bad one with exit 3, but cdktf turns every
// failed app into its own exit 1 (and prints the line twice), so it is checked here, as
// the CLIs check it. A plain esbuild bundle: no transpiler hook, a few tens of ms.
buildSync({
  entryPoints: ['scripts/check-datasets.ts'],
  bundle: true,
  packages: 'external',
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: '.gen/check-datasets.js',
  logLevel: 'warning',
});
const checked = spawnSync(process.execPath, ['.gen/check-datasets.js'], { stdio: 'inherit' });
if (checked.status !== 0) process.exit(checked.status ?? 1);

for (const args of [['synth'], ['synth', '--hcl', '--output', 'cdktf.out/hcl']]) {
  const result = spawnSync(process.execPath, [cdktf, ...args], { stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
// Unquotes the HCL's deprecated quoted references and runs `terraform fmt` over it.
const tsx = require.resolve('tsx/cli');
const formatted = spawnSync(process.execPath, [tsx, fileURLToPath(new URL('./format-hcl.ts', import.meta.url)), 'cdktf.out/hcl'], {
  stdio: 'inherit',
  env,
});
if (formatted.status !== 0) process.exit(formatted.status ?? 1);
