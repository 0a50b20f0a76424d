import { execFile } from 'node:child_process';
import path, { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/**
 * Runs `npm run migrate -- <args>` the way npm does (tsx), without npm's startup
 * cost. AWS credentials are cleared unless `env` sets them, so the default
 * engine is the local one. Bounded by `timeoutMs`.
 */
export async function migrate(args: readonly string[], env: Readonly<Record<string, string>> = {}, timeoutMs = 60_000): Promise<CliResult> {
  const started = Date.now();
  const environment = { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '', AWS_ENDPOINT_URL: '', ...env };
  try {
    const { stdout, stderr } = await run(process.execPath, ['--require', require.resolve('tsx/cjs'), join(ROOT, 'migrate', 'cli.ts'), ...args], { cwd: ROOT, timeout: timeoutMs, env: environment });
    return { code: 0, stdout, stderr, ms: Date.now() - started };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '', ms: Date.now() - started };
  }
}
