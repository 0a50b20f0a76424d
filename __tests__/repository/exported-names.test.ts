import { join } from 'node:path';
import { duplicateExports, exportedNames, repositoryExports } from './exported-names';

const ROOT = join(__dirname, '..', '..');

/**
 * Names exported by several modules with the same meaning, and why each is allowed.
 * Every other exported class or function name has one home: a second export of the
 * same name, with another meaning, fails below (rename one), and so does an entry here
 * that no longer has duplicates (remove it).
 */
const SAME_MEANING: Readonly<Record<string, string>> = {
  // Each CLI builds its own commander program under this name (cli/error-boundary.ts conventions); no module imports two.
  buildProgram: 'the commander program of one CLI',
  // The entry point of a CLI, called when the module is run.
  main: 'the entry point of one CLI',
};

describe('Exported names: one meaning per name', () => {
  it('lists classes and functions exported after their declaration, class expressions and the names of .mjs modules', () => {
    // Prepare
    const code = [
      'class A {}',
      'function b(): void {}',
      'const c = class {};',
      'const d = 5;',
      'export { A, b as B, d };',
      'export const e = class E {};',
      'export { c };',
    ].join('\n');
    const mjs = ['export class Rule {}', 'function helper() {}', 'export { helper as ruleHelper };'].join('\n');

    // Act
    const names = [exportedNames(code), exportedNames(mjs, 'rule.mjs')];

    // Assess
    expect(names).toEqual([
      ['A', 'B', 'e', 'c'],
      ['Rule', 'ruleHelper'],
    ]);
  });

  it('lists exported classes, functions and function-valued constants, not re-exports', () => {
    // Prepare
    const code = [
      'export class A {}',
      'export function b(): void {}',
      'export const c = (): number => 1;',
      'export const d = function named(): number { return 1; };',
      'export const e = 5;',
      'export interface F {}',
      'class G {}',
      "export { h } from './h';",
      'export default function i(): void {}',
    ].join('\n');

    // Act
    const names = exportedNames(code);

    // Assess
    expect(names).toEqual(['A', 'b', 'c', 'd', 'i']);
  });

  it('finds a name exported by two files', () => {
    // Act
    const duplicates = duplicateExports([
      { path: 'a.ts', names: ['Clock', 'one'] },
      { path: 'b.ts', names: ['Clock'] },
      { path: 'c.ts', names: ['two'] },
    ]);

    // Assess
    expect([...duplicates]).toEqual([['Clock', ['a.ts', 'b.ts']]]);
  });

  it('the repository exports no class or function name twice, apart from the commented same-meaning ones', () => {
    // Prepare
    const files = repositoryExports(ROOT);

    // Act
    const duplicates = duplicateExports(files);
    const unexplained = [...duplicates].filter(([name]) => !(name in SAME_MEANING)).map(([name, paths]) => `${name}: ${paths.join(', ')}`);
    const stale = Object.keys(SAME_MEANING).filter((name) => !duplicates.has(name));

    // Assess
    expect(files.length).toBeGreaterThan(100);
    expect(unexplained).toEqual([]);
    expect(stale).toEqual([]);
  });
});
