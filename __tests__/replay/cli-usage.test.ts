import { BROKEN_ENVIRONMENTS_MESSAGE, withBrokenEnvironments } from '../support/broken-environments';
import { replay } from './spawn-replay';

describe('CLI: npm run replay, a --from that names nothing', () => {
  it.each([
    [
      'an empty --from (it named the working directory as missing)',
      '',
      'replay: --from: empty; expected s3://bucket/prefix or a local path\n',
    ],
    [
      's3:// without a bucket (it was taken for the local path <cwd>/s3:)',
      's3://',
      'replay: --from s3://: no bucket; expected s3://bucket/prefix\n',
    ],
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

describe('CLI: npm run replay, an invalid config/environments.ts', () => {
  it('is refused with exit 3 and the config error, as every --env command does (it said usage, 2)', async () => {
    // Prepare: dev's account id broken in the committed environments.
    const stderr: string[] = [];
    const { buildProgram, runCli } = withBrokenEnvironments(() => ({
      buildProgram: (jest.requireActual('../../replay/cli') as typeof import('../../replay/cli')).buildProgram,
      runCli: (jest.requireActual('../../cli/error-boundary') as typeof import('../../cli/error-boundary')).runCli,
    }));

    // Act
    const code = await runCli(
      'replay',
      async () => {
        await buildProgram({ exitCode: 0 }).parseAsync(['--env', 'dev', '--from', __dirname, '--dry-run'], { from: 'user' });
      },
      { argv: [], stderr: { write: (t: string) => stderr.push(t) } },
    );

    // Assess
    expect(code).toBe(3);
    expect(stderr.join('')).toBe(`replay: ${BROKEN_ENVIRONMENTS_MESSAGE}\n`);
  });
});
