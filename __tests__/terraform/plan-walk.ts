import { isDeepStrictEqual } from 'node:util';
import type { ExpressionValue, Expressions } from './plans';

/** Keys of a resource's configuration that are Terraform meta-arguments, not provider attributes. */
export const META_ARGUMENTS: ReadonlySet<string> = new Set([
  '//',
  'depends_on',
  'lifecycle',
  'provider',
  'count',
  'for_each',
  'connection',
  'provisioner',
]);

/** A literal the synth sets and what the plan says about it. */
export interface LiteralFinding {
  readonly path: string;
  readonly expected: unknown;
  readonly actual: unknown;
  readonly unknown: boolean;
  readonly ok: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isExpression(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

/**
 * The provider's normalization of a literal, documented per case: numbers the synth writes as
 * strings (and back), and JSON text (policies) that the provider compares as JSON.
 */
export function sameLiteral(expected: unknown, actual: unknown): boolean {
  if (expected === actual) return true;
  if (typeof expected === 'number' && typeof actual === 'string') return String(expected) === actual;
  if (typeof expected === 'string' && typeof actual === 'number') return expected === String(actual);
  // JSON-text attributes (policies, dashboard body, crawler configuration): the provider
  // normalizes the text (key order, whitespace), so compare the JSON values.
  if (typeof expected === 'string' && typeof actual === 'string' && /^\s*[[{]/.test(expected)) {
    const parse = (text: string): unknown => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return undefined;
      }
    };
    const a = parse(expected);
    return a !== undefined && isDeepStrictEqual(a, parse(actual));
  }
  return false;
}

function containsExpression(value: unknown): boolean {
  if (isExpression(value)) return true;
  if (Array.isArray(value)) return value.some(containsExpression);
  if (isRecord(value)) return Object.values(value).some(containsExpression);
  return false;
}

/**
 * Walks a synthesized configuration value against the plan's `after` / `after_unknown`:
 * one finding per literal leaf (strings with `${` are references, checked elsewhere).
 * Blocks the synth writes as an object are a one-element list in the plan; lists of
 * blocks are matched in order, else as a set (the provider sorts some sets).
 */
export function literalFindings(synth: unknown, after: unknown, unknownMask: unknown, path: string): LiteralFinding[] {
  if (synth === null || synth === undefined || isExpression(synth)) return [];
  if (typeof synth !== 'object') {
    const unknown = unknownMask === true;
    return [{ path, expected: synth, actual: after, unknown, ok: !unknown && sameLiteral(synth, after) }];
  }
  if (Array.isArray(synth)) {
    const list = Array.isArray(after) ? after : [];
    const masks = Array.isArray(unknownMask) ? unknownMask : [];
    const inOrder = synth.flatMap((item, i) => literalFindings(item, list[i], masks[i] ?? unknownMask === true, `${path}[${i}]`));
    if (inOrder.every((f) => f.ok)) return inOrder;
    // Set semantics: each synthesized element must match some planned element entirely.
    return synth.flatMap((item, i) => {
      for (let j = 0; j < list.length; j += 1) {
        const attempt = literalFindings(item, list[j], masks[j] ?? false, `${path}[${i}]`);
        if (attempt.every((f) => f.ok)) return attempt;
      }
      return literalFindings(item, list[i], masks[i] ?? unknownMask === true, `${path}[${i}]`);
    });
  }
  if (Array.isArray(after) && after.length === 1) {
    const masks = Array.isArray(unknownMask) ? unknownMask : [];
    return literalFindings(synth, after[0], masks[0] ?? unknownMask === true, path);
  }
  const record = isRecord(after) ? after : {};
  const masks = isRecord(unknownMask) ? unknownMask : {};
  return Object.entries(synth).flatMap(([key, value]) =>
    key === '//' ? [] : literalFindings(value, record[key], masks[key] ?? unknownMask === true, `${path}.${key}`),
  );
}

const REFERENCE = /\b((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)/g;

/** Resource addresses referenced inside the `${...}` parts of a synthesized value. */
export function referencedAddresses(value: unknown): string[] {
  const found = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      for (const expr of v.matchAll(/\$\{([^}]*)\}/g)) {
        for (const m of (expr[1] ?? '').matchAll(REFERENCE)) {
          const address = m[1] ?? '';
          if (/^(data\.)?aws_/.test(address) || address.startsWith('data.')) found.add(address);
        }
      }
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (isRecord(v)) Object.values(v).forEach(visit);
  };
  visit(value);
  return [...found].sort();
}

export interface ReferenceFinding {
  readonly path: string;
  readonly expected: readonly string[];
  readonly references: readonly string[];
  readonly ok: boolean;
}

function isExpressionValue(value: unknown): value is ExpressionValue {
  return isRecord(value) && ('references' in value || 'constant_value' in value);
}

/**
 * Walks a synthesized value against the plan's `configuration...expressions`: wherever the synth
 * refers to a resource, the expression's `references` must name it.
 */
export function referenceFindings(synth: unknown, expression: unknown, path: string): ReferenceFinding[] {
  if (!containsExpression(synth)) return [];
  if (isExpressionValue(expression) || expression === undefined) {
    const expected = referencedAddresses(synth);
    const references = isExpressionValue(expression) ? [...(expression.references ?? [])] : [];
    return [{ path, expected, references, ok: expected.length > 0 && expected.every((a) => references.includes(a)) }];
  }
  if (Array.isArray(expression)) {
    const blocks = expression as readonly Expressions[];
    const items = Array.isArray(synth) ? synth : [synth];
    return items.flatMap((item, i) => referenceFindings(item, blocks[i], `${path}[${i}]`));
  }
  if (isRecord(synth) && isRecord(expression)) {
    return Object.entries(synth).flatMap(([key, value]) =>
      key === '//' ? [] : referenceFindings(value, expression[key], `${path}.${key}`),
    );
  }
  return [{ path, expected: referencedAddresses(synth), references: [], ok: false }];
}
