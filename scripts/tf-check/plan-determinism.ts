import { isDeepStrictEqual } from 'node:util';
import type { TerraformPlan } from './plan-json';

/**
 * A plan document with what legitimately differs between two runs removed: the `timestamp`,
 * and the order of `relevant_attributes` (terraform emits it in map order).
 */
export function normalizePlan(plan: TerraformPlan): unknown {
  const { timestamp: _timestamp, relevant_attributes, ...rest } = plan;
  void _timestamp;
  const sorted = [...(relevant_attributes ?? [])]
    .map((r) => JSON.stringify(r))
    .sort()
    .map((r) => JSON.parse(r) as unknown);
  return { ...rest, relevant_attributes: sorted };
}

/** Paths where two JSON values differ (at most `limit`). */
export function jsonDifferences(a: unknown, b: unknown, limit = 10, at = '$'): string[] {
  if (isDeepStrictEqual(a, b)) return [];
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return [at];
  const out: string[] = [];
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return [`${at} (length ${a.length} vs ${b.length})`];
    for (let i = 0; i < a.length && out.length < limit; i += 1) out.push(...jsonDifferences(a[i], b[i], limit - out.length, `${at}[${i}]`));
    return out;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const key of [...new Set([...Object.keys(x), ...Object.keys(y)])].sort()) {
    if (out.length >= limit) break;
    out.push(...jsonDifferences(x[key], y[key], limit - out.length, `${at}.${key}`));
  }
  return out;
}

/** `source_code_hash` of every aws_lambda_function, by address. */
export function lambdaSourceHashes(plan: TerraformPlan): Record<string, unknown> {
  const hashes: Record<string, unknown> = {};
  for (const rc of plan.resource_changes ?? []) {
    if (rc.type !== 'aws_lambda_function' || rc.mode !== 'managed') continue;
    const after = rc.change.after as Record<string, unknown> | undefined;
    hashes[rc.address] = after?.source_code_hash;
  }
  return hashes;
}

/** Why two plans of the same stack from two synths are not the same (empty when they are). */
export function determinismProblems(first: TerraformPlan, second: TerraformPlan): string[] {
  const problems = jsonDifferences(normalizePlan(first), normalizePlan(second)).map((p) => `plans differ at ${p}`);
  const a = lambdaSourceHashes(first);
  const b = lambdaSourceHashes(second);
  for (const address of Object.keys(a)) {
    if (typeof a[address] !== 'string' || a[address] !== b[address])
      problems.push(`${address}.source_code_hash differs (${String(a[address])} vs ${String(b[address])})`);
  }
  return problems;
}
