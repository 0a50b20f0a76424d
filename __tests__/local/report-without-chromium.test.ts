import { spawnCommand } from '../support/spawn-command';

describe('the report test on a machine without Chromium', () => {
  it('fails with the way out, and its teardown does not throw', async () => {
    // Act: the report test alone, pointed at a Chromium that does not exist
    const result = await spawnCommand(
      process.execPath,
      [require.resolve('jest/bin/jest'), '__tests__/local/report.test.ts', '--maxWorkers=1', '-t', 'renders one chart'],
      {
        timeoutMs: 120_000,
        env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium' },
      },
    );
    const output = `${result.stdout}${result.stderr}`;

    // Assess
    expect(result.code).toBe(1);
    expect(output).toContain('Chromium not found at /nonexistent/chromium: install it (apt-get install -y chromium) or set CHROMIUM_PATH');
    expect(output).not.toContain("Cannot read properties of undefined (reading 'close')");
  }, 130_000);
});
