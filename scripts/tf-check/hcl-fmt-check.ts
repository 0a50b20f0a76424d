import { resolve } from 'node:path';
import { runCommand } from './run-command';
import { TIMEOUTS } from './tf-check-defaults';

/**
 * `terraform fmt -check` over the HCL output: one problem naming the files that are not fmt-clean.
 * terraform prints the files relative to its working directory (`../fmt-x/a.tf` from a checkout
 * next to the folder), so it runs inside `dir` and the names are resolved against it: the message
 * names the same absolute files wherever the checkout lives.
 */
export async function hclFmtProblems(terraform: string, dir: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const result = await runCommand(terraform, ['fmt', '-check', '-recursive', '-no-color', '.'], { cwd: dir, env, timeoutMs: TIMEOUTS.fmt });
  if (result.code === 0) return [];
  const files = result.stdout
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => resolve(dir, l));
  const detail = files.join(', ') || result.stderr.trim().split('\n')[0] || `exit ${result.code}`;
  return [`the HCL output is not fmt-clean (${detail}); npm run synth formats it with terraform fmt`];
}
