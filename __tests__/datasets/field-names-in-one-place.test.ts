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
 * literal, SQL text included; a one-word name (`region`, `status`, `severity`) is an
 * ordinary English and AWS word, so it is flagged only when it is the whole literal.
 * Not checked: identifiers (object keys, property accesses), which a scan cannot tell
 * from AWS's `region` or HTTP's `status`; the local run's hand-written invalid access-log
 * record (local/run-local.ts) still names fields as keys, typed by the producer's record type.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const SCANNED = ['functions', 'stacks', 'ops', 'local'];

/**
 * Literals allowed to contain a field name, as `file: name` (no line number, so moving
 * code or formatting keeps the entry), each with why. Keep it short.
 */
const ALLOWLIST: ReadonlyMap<string, string> = new Map<string, string>([
  // DataKey's own prop `region` (the regional CloudWatch Logs principal of the key policy),
  // named in its PropsCheck problem line; not the access-log field of the same name.
  ['stacks/storage/data-key.ts: region', 'construct prop name'],
]);

/** `file:line: name` → `file: name`, the allowlist's key. */
function allowlistKey(hit: string): string {
  return hit.replace(/:\d+: /, ': ');
}

const fieldNames = [...new Set(DATASETS.flatMap((d) => [...d.fields, ...d.derivedFields].map((f) => f.name)))];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function mentions(text: string, name: string): boolean {
  return name.includes('_') ? new RegExp(`\\b${name}\\b`).test(text) : text === name;
}

/** `file:line: name` for every string literal (or template part) that names a declared field. */
function fieldLiterals(fileName: string, source: string, names: readonly string[]): string[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true);
  const hits: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isLiteralTypeNode(node)) return;
    if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      for (const name of names) if (mentions(node.text, name)) hits.push(`${fileName}:${line}: ${name}`);
    }
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
    expect(hits.filter((h) => !ALLOWLIST.has(allowlistKey(h)))).toEqual([]);
    // Every entry still names a literal that exists: a stale entry would hide a future one.
    expect([...ALLOWLIST.keys()].filter((k) => !hits.some((h) => allowlistKey(h) === k))).toEqual([]);
  });

  it('flags literals and SQL text naming a field, not types or prose with a common word', () => {
    // Prepare
    const source = [
      "const a = record['status_code'];",
      'const sql = `SELECT count(DISTINCT event_id) FROM t WHERE ${x}`;',
      "type K = Pick<Env, 'region'>;",
      "const prose = 'cluster status is red';",
      "const whole = 'severity';",
    ].join('\n');

    // Act
    const hits = fieldLiterals('x.ts', source, fieldNames);

    // Assess
    expect(hits).toEqual(['x.ts:1: status_code', 'x.ts:2: event_id', 'x.ts:5: severity']);
  });
});
