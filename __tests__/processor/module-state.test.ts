import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { sourceFiles } from '../repository/exported-names';

const ROOT = join(__dirname, '..', '..');
const PROCESSOR = join(ROOT, 'functions', 'processor');

/**
 * The composition root: configuration, logger and clients are created once per container
 * on purpose (docs/processor.md), and handed to createHandler.
 */
const COMPOSITION_ROOT = 'functions/processor/handler.ts';

/** Constants computed by a call that hold no state, and why. */
const COMPUTED_CONSTANTS: Readonly<Record<string, string>> = {
  'functions/processor/event-id.ts: NAMESPACE_BYTES': 'the UUID namespace as bytes, only read',
  'functions/processor/event-time.ts: MIN_EVENT_TIME_MS': 'a number (Date.UTC)',
  'functions/processor/line-arena.ts: EMPTY': 'a zero-length buffer: nothing can be written to it',
  'functions/processor/process-records.ts: EMPTY': 'a zero-length buffer: nothing can be written to it',
};

/**
 * Top-level state of a module: a `let` or `var`, or a `const` made by `new` or by a call
 * (a Map, a buffer, a cache). Constants written as literals, functions and classes are not state.
 */
function moduleState(code: string): string[] {
  const source = ts.createSourceFile('module.ts', code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  return source.statements.flatMap((statement) => {
    if (!ts.isVariableStatement(statement)) return [];
    const mutable = (statement.declarationList.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) !== ts.NodeFlags.Const;
    return statement.declarationList.declarations
      .filter((d) => {
        let init = d.initializer;
        while (init !== undefined && (ts.isAsExpression(init) || ts.isSatisfiesExpression(init) || ts.isParenthesizedExpression(init)))
          init = init.expression;
        return mutable || (init !== undefined && (ts.isNewExpression(init) || ts.isCallExpression(init)));
      })
      .map((d) => d.name.getText(source));
  });
}

describe('Processor modules: no hidden state', () => {
  it('finds let, var and constructed constants at the top level, not literals, functions or state inside them', () => {
    // Prepare
    const code = [
      'let a = 1;',
      'var b;',
      'const c = new Map();',
      'const d = Buffer.allocUnsafeSlow(8) as Buffer;',
      'const e = { x: 1 } as const;',
      'const f = 64 * 1024;',
      'const g = /x/;',
      'export function h(): void { let i = new Map(); i.clear(); }',
      'export class J { private k = new Map(); }',
      'const l = (): number => 1;',
    ].join('\n');

    // Act
    const state = moduleState(code);

    // Assess
    expect(state).toEqual(['a', 'b', 'c', 'd']);
  });

  it('functions/processor keeps no module-level state outside the composition root: each handler owns what it builds', () => {
    // Act
    const found = sourceFiles(ROOT, PROCESSOR)
      .filter((file) => file !== COMPOSITION_ROOT)
      .flatMap((file) => moduleState(readFileSync(join(ROOT, file), 'utf8')).map((name) => `${file}: ${name}`));

    // Assess
    expect(found.filter((place) => !(place in COMPUTED_CONSTANTS))).toEqual([]);
    expect(Object.keys(COMPUTED_CONSTANTS).filter((place) => !found.includes(place))).toEqual([]);
  });
});
