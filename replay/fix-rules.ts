import type { DatasetDeclaration } from '../datasets/dataset';

/**
 * The transformations `npm run replay -- --fix <rule>` may apply to a quarantined
 * record before re-sending it. Each is declared here, small, and tested
 * (__tests__/replay/decide.test.ts). A rule returns the fixed payload, or
 * undefined when it does not apply to the record (the record is then skipped).
 * Rules never touch the declared event-id field: replay sets it after the fix.
 */
export interface FixRule {
  readonly name: string;
  readonly description: string;
  apply(
    payload: Readonly<Record<string, unknown>>,
    dataset: Pick<DatasetDeclaration, 'fields' | 'eventTimeField'>,
  ): Record<string, unknown> | undefined;
}

/** 2000-01-01 and 2100-01-01 in epoch seconds: an event time in that range as a number is seconds, not milliseconds. */
const SECONDS_FROM = 946_684_800;
const SECONDS_TO = 4_102_444_800;

/** Event time in epoch seconds (the processor wants milliseconds or ISO-8601): times 1000. */
export const epochSecondsToMs: FixRule = {
  name: 'epoch-seconds-to-ms',
  description: 'the event-time field as epoch seconds (2000..2100) becomes epoch milliseconds',
  apply(payload, dataset) {
    const value = payload[dataset.eventTimeField];
    const seconds = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < SECONDS_FROM || seconds >= SECONDS_TO) return undefined;
    return { ...payload, [dataset.eventTimeField]: Math.round(seconds * 1000) };
  },
};

/** Leading or trailing whitespace around declared string fields (an IP or UUID with a stray space fails its format). */
export const trimStrings: FixRule = {
  name: 'trim-strings',
  description: 'leading and trailing whitespace is removed from the declared string and timestamp fields',
  apply(payload, dataset) {
    const fixed: Record<string, unknown> = { ...payload };
    let changed = false;
    for (const field of dataset.fields) {
      const value = payload[field.name];
      if ((field.type === 'string' || field.type === 'timestamp') && typeof value === 'string' && value.trim() !== value) {
        fixed[field.name] = value.trim();
        changed = true;
      }
    }
    return changed ? fixed : undefined;
  },
};

export const FIX_RULES: readonly FixRule[] = [epochSecondsToMs, trimStrings];

/** The rules named by `--fix` (repeatable or comma-separated), in order; throws naming the unknown ones. */
export function parseFixRules(names: readonly string[]): FixRule[] {
  const wanted = names
    .flatMap((n) => n.split(','))
    .map((n) => n.trim())
    .filter((n) => n.length > 0);
  const unknown = wanted.filter((n) => !FIX_RULES.some((r) => r.name === n));
  if (unknown.length > 0) {
    throw new RangeError(
      `--fix ${unknown.join(', ')}: unknown rule; expected ${FIX_RULES.map((r) => `${r.name} (${r.description})`).join(' or ')}`,
    );
  }
  return wanted.map((n) => FIX_RULES.find((r) => r.name === n) as FixRule);
}
