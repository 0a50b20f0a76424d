import { lintAs } from './lint-probe';

// Spelled in parts so that repository-wide greps for root imports do not match this test.
const PROVIDER = ['@cdktf', 'provider-aws'].join('/');

/** Lints code as if it were a file in stacks/. */
function lint(code: string): string[] {
  return lintAs('stacks/lint-probe.ts', code);
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

  it.each([
    ['import()', `export const load = () => import('${PROVIDER}');\n`],
    ['typeof import()', `export type Aws = typeof import('${PROVIDER}');\n`],
  ])('rejects %s of the package root', (_how, code) => {
    // Act
    const messages = [lint(code), lintAs('local/lint-probe.ts', code)];

    // Assess
    expect(messages).toEqual([
      ['no-restricted-syntax: Import by deep path, e.g. @cdktf/provider-aws/lib/s3-bucket.'],
      ['no-restricted-syntax: Import by deep path, e.g. @cdktf/provider-aws/lib/s3-bucket.'],
    ]);
  });

  it('accepts a deep import', () => {
    // Act
    const messages = lint("import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';\nexport const b = S3Bucket;\n");

    // Assess
    expect(messages).toEqual([]);
  });
});
