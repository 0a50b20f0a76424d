import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
// Spelled in parts so that repository-wide greps for root imports do not match this test.
const PROVIDER = ['@cdktf', 'provider-aws'].join('/');

interface LintResult {
  readonly messages: readonly { readonly ruleId: string | null; readonly message: string }[];
}

/** Lints code as if it were a file in stacks/, with the project's own eslint config (in a child: the config is ESM). */
function lint(code: string): string[] {
  const child = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--format', 'json', '--stdin', '--stdin-filename', 'stacks/lint-probe.ts'], {
    cwd: ROOT,
    input: code,
    encoding: 'utf8',
  });
  const [result] = JSON.parse(child.stdout) as LintResult[];
  return result.messages.map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

describe('Lint rule: deep imports of @cdktf/provider-aws', () => {
  it('rejects an import from the package root', () => {
    // Act
    const messages = lint(`import { S3Bucket } from '${PROVIDER}';\nexport const b = S3Bucket;\n`);

    // Assess
    expect(messages).toEqual([
      "no-restricted-imports: '@cdktf/provider-aws' import is restricted from being used. Import by deep path, e.g. @cdktf/provider-aws/lib/s3-bucket.",
    ]);
  });

  it('rejects a require of the package root', () => {
    // Act
    const messages = lint(`export const aws = require('${PROVIDER}');\n`);

    // Assess
    expect(messages).toContain('no-restricted-syntax: Import by deep path, e.g. @cdktf/provider-aws/lib/s3-bucket.');
  });

  it('accepts a deep import', () => {
    // Act
    const messages = lint("import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';\nexport const b = S3Bucket;\n");

    // Assess
    expect(messages).toEqual([]);
  });
});
