// `npm run synth`: Terraform JSON, then HCL, for every stack. When stdout is not a
// terminal (piped, redirected, CI logs) cdktf is told so through CI=1: its spinner
// otherwise writes cursor-movement escape codes into the output, dozens of lines of
// them. What remains is the list of stacks and any policy finding.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const cdktf = require.resolve('cdktf-cli/bundle/bin/cdktf');
const env = { ...process.env, CHECKPOINT_DISABLE: '1', ...(process.stdout.isTTY ? {} : { CI: '1' }) };

for (const args of [['synth'], ['synth', '--hcl', '--output', 'cdktf.out/hcl']]) {
  const result = spawnSync(process.execPath, [cdktf, ...args], { stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
