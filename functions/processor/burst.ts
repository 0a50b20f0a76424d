import type { DatasetDeclaration, NormalizedRecord } from '../../datasets/dataset';

/**
 * A burst: `threshold` or more matching records whose event times fall within
 * `windowMs` of each other, inside one batch. Every record of such a window is
 * marked critical, so it counts in CriticalErrors and the critical-errors alarm.
 */
export interface BurstRule {
  readonly label: string;
  readonly matches: (record: NormalizedRecord) => boolean;
  /** @default 10 for 5xx */
  readonly threshold: number;
  /** @default 60 000 for 5xx */
  readonly windowMs: number;
}

/** The 5xx rule: applies to any dataset whose enrichment derives `status_class`. */
export const SERVER_ERROR_BURST: BurstRule = {
  label: '5xx burst',
  matches: (record) => record.status_class === '5xx',
  threshold: 10,
  windowMs: 60_000,
};

/** The burst rule for a dataset, or null when its records have no HTTP status class. */
export function burstRuleFor(dataset: Pick<DatasetDeclaration, 'derivedFields'>): BurstRule | null {
  return dataset.derivedFields.some((f) => f.name === 'status_class') ? SERVER_ERROR_BURST : null;
}

/**
 * Indices (into `items`) of matching records that belong to at least one burst window.
 * Sliding window over the matches sorted by event time: O(n log n).
 */
export function detectBursts(
  items: readonly { readonly record: NormalizedRecord }[],
  rule: BurstRule,
  eventTimeMs: (record: NormalizedRecord) => number,
): Set<number> {
  const matching: { index: number; time: number }[] = [];
  items.forEach((item, index) => {
    if (rule.matches(item.record)) matching.push({ index, time: eventTimeMs(item.record) });
  });
  const inBurst = new Set<number>();
  if (matching.length < rule.threshold) return inBurst;
  matching.sort((a, b) => a.time - b.time);
  let start = 0;
  let markedUpTo = -1;
  for (let end = 0; end < matching.length; end++) {
    const endTime = (matching[end] as { time: number }).time;
    while (endTime - (matching[start] as { time: number }).time > rule.windowMs) start++;
    if (end - start + 1 >= rule.threshold) {
      for (let k = Math.max(start, markedUpTo + 1); k <= end; k++) inBurst.add((matching[k] as { index: number }).index);
      markedUpTo = end;
    }
  }
  return inBurst;
}
