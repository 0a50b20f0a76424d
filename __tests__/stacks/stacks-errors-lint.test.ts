import { lintAs } from './lint-probe';

const BARE_ERROR =
  'no-restricted-syntax: No bare Error in stacks/: gather props problems with PropsCheck (stacks/props-error.ts) and throw once, or throw a named error class.';
const DEEP_PATH = 'no-restricted-syntax: Import by deep path, e.g. @cdktf/provider-aws/lib/s3-bucket.';
// Spelled in parts so that repository-wide greps for root imports do not match this test.
const PROVIDER = ['@cdktf', 'provider-aws'].join('/');

const THROWS = "export function check(n: number): void {\n  if (n < 0) throw new Error('negative');\n}\n";

describe('Lint rule: no bare Error in stacks/', () => {
  it.each(['stacks/lint-probe.ts', 'stacks/search/lint-probe.ts'])('rejects `throw new Error` in %s', (file) => {
    // Act
    const messages = lintAs(file, THROWS);

    // Assess
    expect(messages).toEqual([BARE_ERROR]);
  });

  it.each([
    ["throw Error('x')", "export function check(): void {\n  throw Error('negative');\n}\n"],
    ['throw new globalThis.Error', "export function check(): void {\n  throw new globalThis.Error('negative');\n}\n"],
    [
      'an Error made first and thrown later',
      "export function check(): void {\n  const error = new Error('negative');\n  throw error;\n}\n",
    ],
    ['throw new RangeError', "export function check(): void {\n  throw new RangeError('negative');\n}\n"],
    [
      'Promise.reject(new TypeError(...))',
      "export function check(): Promise<never> {\n  return Promise.reject(new TypeError('negative'));\n}\n",
    ],
  ])('rejects the bare Error of %s', (_how, code) => {
    // Act
    const messages = lintAs('stacks/lint-probe.ts', code);

    // Assess
    expect(messages).toEqual([BARE_ERROR]);
  });

  it('still rejects a require of the provider root in stacks/ (the files-scoped block repeats that selector)', () => {
    // Act
    const messages = lintAs('stacks/lint-probe.ts', `export const aws = require('${PROVIDER}');\n`);

    // Assess
    expect(messages).toEqual([DEEP_PATH]);
  });

  it('accepts a PropsCheck and a named error class in stacks/', () => {
    // Prepare
    const code = [
      "import { PropsCheck } from './props-error';",
      "import { Annotations } from 'cdktf';",
      "import type { Construct } from 'constructs';",
      'class BundleError extends Error {}',
      "export function annotate(c: Construct): void {\n  Annotations.of(c).addError('reported at synth');\n}",
      'export function check(n: number): void {',
      "  new PropsCheck('Probe').expect(n >= 0, 'n', `${n}; expected at least 0`).throwIfAny();",
      "  if (n > 10) throw new BundleError('too big');",
      '}',
      '',
    ].join('\n');

    // Act
    const messages = lintAs('stacks/lint-probe.ts', code);

    // Assess
    expect(messages).toEqual([]);
  });

  it('leaves code outside stacks/ alone', () => {
    // Act
    const messages = lintAs('ops/lint-probe.ts', THROWS);

    // Assess
    expect(messages).toEqual([]);
  });
});

describe('Lint rule: max-lines-per-function in stacks/pipeline-stack.ts', () => {
  const longFunction = (lines: number): string =>
    `export function steps(): number {\n  let n = 0;\n${'  n += 1;\n'.repeat(lines - 4)}  return n;\n}\n`;

  it('rejects a function of 61 lines', () => {
    // Act
    const messages = lintAs('stacks/pipeline-stack.ts', longFunction(61));

    // Assess
    expect(messages).toEqual(["max-lines-per-function: Function 'steps' has too many lines (61). Maximum allowed is 60."]);
  });

  it('accepts 60 lines, and longer functions in other stacks/ files', () => {
    // Act / Assess
    expect(lintAs('stacks/pipeline-stack.ts', longFunction(60))).toEqual([]);
    expect(lintAs('stacks/bootstrap-stack.ts', longFunction(61))).toEqual([]);
  });
});
