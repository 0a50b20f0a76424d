import { ExitCode } from '../cli/exit-codes';

/**
 * The one error of invalid construct props in stacks/: every problem of one
 * construct's props at once, each one line naming the construct, the prop and what
 * was expected (`CompactionJob.timeoutMinutes: 0; expected 1..2880`), so that a user
 * fixes them all in one synth. Validation refused the input: exit 3 at synth.
 */
export class ConstructPropsError extends Error {
  readonly exitCode = ExitCode.Refused;
  readonly problems: readonly string[];

  constructor(problems: readonly string[], options?: { cause?: unknown }) {
    super(
      problems.length === 1
        ? (problems[0] ?? '')
        : `${problems.length} construct props problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      options,
    );
    this.name = 'ConstructPropsError';
    this.problems = problems;
  }
}

/**
 * Gathers the problems of one construct's props, then throws them all in one
 * `ConstructPropsError` (the aws-solutions-constructs `CheckProps` way: check
 * everything, fail once). Validation comes first in a constructor, before any
 * resource exists.
 *
 *     const check = new PropsCheck('CompactionJob');
 *     check.expect(timeout >= 1 && timeout <= 2880, 'timeoutMinutes', `${timeout}; expected 1..2880`);
 *     check.throwIfAny();
 */
export class PropsCheck {
  private readonly problems: string[] = [];

  /** `construct` starts every line: the class name, with the construct id where several exist (`HardenedBucket[raw]`). */
  constructor(private readonly construct: string) {}

  /** Records `problem` about `prop` unless `ok`. */
  expect(ok: boolean, prop: string, problem: string): this {
    if (!ok) this.add(prop, problem);
    return this;
  }

  /** Records a problem about `prop`: what it is and what was expected. */
  add(prop: string, problem: string): this {
    this.problems.push(`${this.construct}.${prop}: ${problem}`);
    return this;
  }

  /** Adds lines already written in full (e.g. by a shared validator that names its own fields). */
  addLines(lines: readonly string[]): this {
    this.problems.push(...lines);
    return this;
  }

  get ok(): boolean {
    return this.problems.length === 0;
  }

  /** Throws one ConstructPropsError listing every problem recorded; does nothing when there is none. */
  throwIfAny(): void {
    if (this.problems.length > 0) throw new ConstructPropsError([...this.problems]);
  }
}
