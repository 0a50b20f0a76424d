import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

describe('the report test on a machine without Chromium', () => {
  it('fails with the way out, and its teardown does not throw', async () => {
    // Act: the report test alone, pointed at a Chromium that does not exist
    let output = '';
    let code = 0;
    try {
      await run(process.execPath, [require.resolve('jest/bin/jest'), '__tests__/local/report.test.ts', '--maxWorkers=1', '-t', 'renders one chart'], {
        cwd: ROOT,
        timeout: 120_000,
        env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium' },
      });
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; code?: number };
      code = typeof e.code === 'number' ? e.code : -1;
      output = `${e.stdout ?? ''}${e.stderr ?? ''}`;
    }

    // Assess
    expect(code).toBe(1);
    expect(output).toContain('Chromium not found at /nonexistent/chromium: install it (apt-get install -y chromium) or set CHROMIUM_PATH');
    expect(output).not.toContain("Cannot read properties of undefined (reading 'close')");
  }, 130_000);
});
