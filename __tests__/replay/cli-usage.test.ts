import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

/** Runs `npm run replay -- <args>` the way npm does (tsx), bounded by a timeout. */
async function replay(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--require', require.resolve('tsx/cjs'), join(ROOT, 'replay', 'cli.ts'), ...args], { cwd: ROOT, timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; code?: number };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('CLI: npm run replay, a --from that names nothing', () => {
  it.each([
    ['an empty --from (it named the working directory as missing)', '', 'replay: --from: empty; expected s3://bucket/prefix or a local path\n'],
    ['s3:// without a bucket (it was taken for the local path <cwd>/s3:)', 's3://', 'replay: --from s3://: no bucket; expected s3://bucket/prefix\n'],
    ['s3:/ typed with one slash', 's3:/bucket/x', 'replay: --from s3:/bucket/x: no bucket; expected s3://bucket/prefix\n'],
  ])('refuses %s with exit 2 and one line', async (_what, from, stderr) => {
    // Act
    const result = await replay(['--env', 'dev', '--from', from, '--dry-run']);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(stderr);
    expect(result.stdout).toBe('');
  });
});
