import type { SeededRandom } from './seeded-random';

/**
 * `n` uniformly distributed times in [fromMs, toMs), yielded in ascending order
 * without drawing them all first and sorting: the largest of k uniforms is
 * U^(1/k), the next largest is that times U'^(1/(k-1)), and so on (order
 * statistics), so the descending sequence of maxima is built one value at a time.
 * Mirrored (1 - x) it ascends. Memory: O(1), whatever `n`.
 */
export function* sortedUniformTimes(r: SeededRandom, n: number, fromMs: number, toMs: number): Generator<number> {
  const width = toMs - fromMs;
  let max = 1;
  for (let k = n; k >= 1; k--) {
    max *= r.next() ** (1 / k);
    yield Math.min(toMs - 1, fromMs + Math.floor((1 - max) * width));
  }
}

/**
 * Merges ascending sources into one ascending sequence (ties: the earlier source
 * first). Each source is pulled one item at a time, so nothing is buffered beyond
 * one head per source.
 */
export function* mergeAscending<T>(sources: readonly Iterator<T>[], key: (item: T) => number): Generator<T> {
  const heads = sources.map((s) => s.next());
  for (;;) {
    let best = -1;
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i];
      if (head === undefined || head.done === true) continue;
      const current = best >= 0 ? heads[best] : undefined;
      if (current === undefined || current.done === true || key(head.value) < key(current.value)) best = i;
    }
    const chosen = heads[best];
    if (best < 0 || chosen === undefined || chosen.done === true) return;
    yield chosen.value;
    heads[best] = (sources[best] as Iterator<T>).next();
  }
}
