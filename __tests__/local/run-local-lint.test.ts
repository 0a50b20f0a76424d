import { lintAs } from '../stacks/lint-probe';

/** A function of `lines` lines, none blank or a comment. */
const longFunction = (lines: number): string =>
  `export function stage(): number {\n  let n = 0;\n${'  n += 1;\n'.repeat(lines - 4)}  return n;\n}\n`;

describe('Lint rule: max-lines-per-function in local/run-local.ts', () => {
  it('rejects a stage function of 61 lines', () => {
    // Act
    const messages = lintAs('local/run-local.ts', longFunction(61));

    // Assess
    expect(messages).toEqual(["max-lines-per-function: Function 'stage' has too many lines (61). Maximum allowed is 60."]);
  });

  it('accepts 60 lines, and longer functions in other local/ files', () => {
    // Act
    const messages = [lintAs('local/run-local.ts', longFunction(60)), lintAs('local/run-stages.ts', longFunction(61))];

    // Assess
    expect(messages).toEqual([[], []]);
  });
});
