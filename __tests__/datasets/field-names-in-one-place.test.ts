import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { DATASETS } from '../../datasets/registry';

/**
 * Proof 5 of issue 19: field names live in one place. Outside `datasets/`, `sql/` and
 * `__tests__/`, no string literal in `functions/`, `stacks/`, `ops/` or `local/` names a
 * declared field; code reaches fields through the declaration (`eventTimeField`,
 * `eventIdField`, `fields`, the typed functions). String-literal *types* are exempt:
 * they are typed by definition (e.g. `Pick<EnvironmentConfig, 'region'>`).
 *
 * A name with an underscore (`status_code`) is distinctive and is flagged anywhere in a
 * literal, SQL text included, and as an identifier (a property access `r.status_code`, an
 * object key `{ turbine_id: ... }`); a one-word name (`region`, `status`, `severity`) is an
 * ordinary English and AWS word, so it is flagged only when it is the whole literal, and
 * never as an identifier (a scan cannot tell it from AWS's `region` or HTTP's `status`).
 */
const ROOT = path.resolve(__dirname, '..', '..');
const SCANNED = ['functions', 'stacks', 'ops', 'local'];

/**
 * Literals allowed to be a field name, as `file: name` (no line number: an edit above it
 * must not break the test), each with why. Every entry must still match (the second test),
 * so none outlives its reason. A dataset whose one-word field is a common word (`state`)
 * may add one here, or take a snake_case name.
 */
const ALLOWLIST: ReadonlyMap<string, string> = new Map<string, string>([
  // The DataKey construct's own prop name in its PropsCheck message (the AWS region of the
  // CloudWatch Logs principal), not access-logs' `region` field.
  ['stacks/storage/data-key.ts: region', 'a construct prop name'],
]);

const fieldNames = [...new Set(DATASETS.flatMap((d) => [...d.fields, ...d.derivedFields].map((f) => f.name)))];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** `file:line: name` -> `file: name`, the allowlist's key. */
function withoutLine(hit: string): string {
  return hit.replace(/:\d+: /, ': ');
}

function mentions(text: string, name: string): boolean {
  return name.includes('_') ? new RegExp(`\\b${name}\\b`).test(text) : text === name;
}

/** `file:line: name` for every string literal (or template part), and identifier, that names a declared field. */
function fieldLiterals(fileName: string, source: string, names: readonly string[]): string[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true);
  const hits: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isLiteralTypeNode(node)) return;
    const line = (): number => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      for (const name of names) if (mentions(node.text, name)) hits.push(`${fileName}:${line()}: ${name}`);
    }
    if (ts.isIdentifier(node) && node.text.includes('_') && names.includes(node.text)) hits.push(`${fileName}:${line()}: ${node.text}`);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return hits;
}

describe('Declared field names outside datasets/', () => {
  it('appear in no string literal of functions/, stacks/, ops/ or local/ (but the allowlist)', () => {
    // Prepare
    const sources = SCANNED.flatMap((dir) => files(path.join(ROOT, dir)));
    expect(sources.length).toBeGreaterThan(50);

    // Act
    const hits = sources.flatMap((file) => fieldLiterals(path.relative(ROOT, file), readFileSync(file, 'utf8'), fieldNames));

    // Assess
    expect(hits.filter((h) => !ALLOWLIST.has(withoutLine(h)))).toEqual([]);
  });

  it('has no allowlist entry without a literal it still excuses', () => {
    // Prepare
    const sources = SCANNED.flatMap((dir) => files(path.join(ROOT, dir)));

    // Act
    const used = new Set(
      sources.flatMap((file) => fieldLiterals(path.relative(ROOT, file), readFileSync(file, 'utf8'), fieldNames)).map(withoutLine),
    );

    // Assess
    expect([...ALLOWLIST.keys()].filter((entry) => !used.has(entry))).toEqual([]);
  });

  it('flags literals and SQL text naming a field, not types or prose with a common word', () => {
    // Prepare
    const source = [
      "const a = record['status_code'];",
      'const sql = `SELECT count(DISTINCT event_id) FROM t WHERE ${x}`;',
      "type K = Pick<Env, 'region'>;",
      "const prose = 'cluster status is red';",
      "const whole = 'severity';",
      "const burst = record.status_class === '5xx';",
      "const row = { turbine_id: 'WT-001', region: 'eu-west' };",
    ].join('\n');

    // Act
    const hits = fieldLiterals('x.ts', source, fieldNames);

    // Assess: identifiers with an underscore too; the one-word key `region` is not flagged.
    expect(hits).toEqual(['x.ts:1: status_code', 'x.ts:2: event_id', 'x.ts:5: severity', 'x.ts:6: status_class', 'x.ts:7: turbine_id']);
  });
});
