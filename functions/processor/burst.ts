import type { BurstRule, DatasetDeclaration, NormalizedRecord } from '../../datasets/dataset';

export type { BurstRule } from '../../datasets/dataset';

/** The burst rule a dataset declares, or null: the processor knows no dataset's fields. */
export function burstRuleFor(dataset: Pick<DatasetDeclaration, 'burstRule'>): BurstRule | null {
  return dataset.burstRule ?? null;
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
