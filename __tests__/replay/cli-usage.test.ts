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
