import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Issue 20, item 1: the modules that generate code live together in
 * functions/processor/compiled/, each pointing to the reasons in docs/processor.md.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const COMPILED = path.join('functions', 'processor', 'compiled');
const POINTER = 'docs/processor.md#generated-code';

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

/** A line, not a comment, that makes code from text: `Function(` (with or without new, or through globalThis), `eval(`, or node:vm's `runIn*Context(`/`new Script(`. */
function generatesCode(text: string): boolean {
  return text
    .split('\n')
    .some(
      (line) =>
        !/^\s*(\/\/|\*)/.test(line) &&
        /(?<![\w$])(?:new\s+)?(?:globalThis\.)?Function\s*\(|\beval\s*\(|\brunIn(?:New|This)?Context\s*\(|\bnew\s+(?:vm\.)?Script\s*\(/.test(
          line,
        ),
    );
}

describe('Generated code (functions/processor/compiled/)', () => {
  const doc = readFileSync(path.join(ROOT, 'docs', 'processor.md'), 'utf8');
  const compiled = sources(COMPILED);

  it('holds the four generators', () => {
    expect(compiled.map((f) => path.basename(f)).sort()).toEqual([
      'derived-columns.ts',
      'metric-recorder.ts',
      'normalize-pass.ts',
      'row-serializer.ts',
    ]);
  });

  it.each(sources(COMPILED))(
    '%s starts with a header that points to the reasons, and the doc has that section and names the module',
    (file) => {
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      expect(text.slice(0, text.indexOf('*/') + 2)).toContain(POINTER);
      expect(doc).toMatch(/^## Generated code$/m);
      expect(doc).toContain(`| \`${path.basename(file)}\` |`);
    },
  );

  it('sees every way of making code from text, and not functions whose name ends in Function', () => {
    const makes = [
      "const f = Function('a', 'return a');",
      "const f = new globalThis.Function('return 1');",
      'const v = eval(text);',
      "vm.runInNewContext('1')",
      "const s = new vm.Script('1');",
      "const g = new Function('return 1');",
    ];
    const others = [
      'const d = ts.isFunctionDeclaration(node);',
      'compileFunction(x);',
      '// new Function( in a comment',
      'type F = Function;',
    ];
    expect([makes.map(generatesCode), others.map(generatesCode)]).toEqual([makes.map(() => true), others.map(() => false)]);
  });

  it('is the only place in functions/ that generates code', () => {
    const elsewhere = sources('functions').filter(
      (f) => !f.startsWith(COMPILED + path.sep) && generatesCode(readFileSync(path.join(ROOT, f), 'utf8')),
    );
    expect(elsewhere).toEqual([]);
    expect(compiled.every((f) => generatesCode(readFileSync(path.join(ROOT, f), 'utf8')))).toBe(true);
  });
});
