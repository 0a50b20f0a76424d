import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DATASETS } from '../../datasets/registry';

/**
 * Proof 3 of issue 19: the generic processor holds no dataset knowledge. The burst rule
 * and the event-id field are properties of the declaration; nothing in
 * `functions/processor/` may name a declared field.
 */
const PROCESSOR_DIR = path.resolve(__dirname, '..', '..', 'functions', 'processor');
// Recursive: the generated-code modules live in compiled/.
const sources = readdirSync(PROCESSOR_DIR, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: f, text: readFileSync(path.join(PROCESSOR_DIR, f), 'utf8') }));
const fieldNames = [...new Set(DATASETS.flatMap((d) => [...d.fields, ...d.derivedFields].map((f) => f.name)))];

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `'name'`, `"name"`, `` `name` ``, or a property access `.name` (record.status_class). */
function uses(text: string, name: string): string[] {
  const pattern = new RegExp(`(['"\`])${escape(name)}\\1|\\b(?:record|row|r|rec|item)\\.${escape(name)}\\b`, 'g');
  return [...text.matchAll(pattern)].map((m) => m[0]);
}

describe('The generic processor (functions/processor/)', () => {
  it('has sources to scan, the generated code included', () => {
    expect(sources.length).toBeGreaterThan(10);
    expect(sources.map((s) => s.file)).toContain(path.join('compiled', 'row-serializer.ts'));
    expect(fieldNames).toEqual(expect.arrayContaining(['status_class', 'event_id', 'turbine_id', 'access_time']));
  });

  it.each(['status_class', 'event_id'])('never spells %s, not even in a comment', (word) => {
    const hits = sources.filter((s) => s.text.includes(word)).map((s) => s.file);
    expect(hits).toEqual([]);
  });

  it('names no declared field as a string literal or a record property', () => {
    const hits = sources.flatMap((s) => fieldNames.flatMap((name) => uses(s.text, name).map((use) => `${s.file}: ${use}`)));
    expect(hits).toEqual([]);
  });

  it('catches a field name when one is there (the scan itself works)', () => {
    expect(uses("return record.status_class === '5xx';", 'status_class')).toEqual(['record.status_class']);
    expect(uses("dataset.fields.some((f) => f.name === 'event_id')", 'event_id')).toEqual(["'event_id'"]);
  });
});
