import { runCommand } from './run-command';
import { TIMEOUTS } from './tf-check-defaults';

/** `terraform fmt -check` over the HCL output: one problem naming the files that are not fmt-clean. */
export async function hclFmtProblems(terraform: string, dir: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const result = await runCommand(terraform, ['fmt', '-check', '-recursive', '-no-color', dir], { cwd: process.cwd(), env, timeoutMs: TIMEOUTS.fmt });
  if (result.code === 0) return [];
  const files = result.stdout.trim().split('\n').filter((l) => l !== '');
  const detail = files.join(', ') || result.stderr.trim().split('\n')[0] || `exit ${result.code}`;
  return [`the HCL output is not fmt-clean (${detail}); npm run synth formats it with terraform fmt`];
}
