import fc from 'fast-check';
import { streamAccessLogs } from '../../producers/access-log-generator';
import { SeededRandom } from '../../producers/seeded-random';
import { mergeAscending, sortedUniformTimes } from '../../producers/sorted-times';
import { streamTurbine } from '../../producers/turbine-simulator';

const START = new Date('2026-03-02T00:00:00.000Z');

describe('Function: sortedUniformTimes', () => {
  it('yields n times inside [from, to), ascending, for any n and seed', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 1, max: 120_000 }), (seed, n, width) => {
        const times = [...sortedUniformTimes(new SeededRandom(seed), n, 1000, 1000 + width)];
        expect(times).toHaveLength(n);
        expect(times.every((t, i) => t >= 1000 && t < 1000 + width && (i === 0 || (times[i - 1] ?? 0) <= t))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('is uniform: each tenth of the range gets about a tenth of 100,000 times', () => {
    const buckets = new Array<number>(10).fill(0);
    for (const t of sortedUniformTimes(new SeededRandom(7), 100_000, 0, 1_000_000))
      buckets[Math.floor(t / 100_000)] = (buckets[Math.floor(t / 100_000)] ?? 0) + 1;
    for (const b of buckets) expect(Math.abs(b - 10_000)).toBeLessThan(500);
  });
});

describe('Function: mergeAscending', () => {
  it('equals sorting the concatenation (stable: earlier source first on ties)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 30 }), { maxLength: 5 }), (lists) => {
        const sources = lists.map((l, s) => [...l].sort((a, b) => a - b).map((v) => ({ v, s })));
        const merged = [
          ...mergeAscending(
            sources.map((l) => l[Symbol.iterator]()),
            (x) => x.v,
          ),
        ];
        const reference = sources.flat().sort((a, b) => a.v - b.v || a.s - b.s);
        expect(merged).toEqual(reference);
      }),
      { numRuns: 100 },
    );
  });
});

describe('Function: streamAccessLogs / streamTurbine', () => {
  it('yield exactly the planned records in event-time order, the same on every iteration', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 3000 }), fc.subarray(['outage', 'spike'] as const), (seed, count, scenarios) => {
        const stream = streamAccessLogs({ seed, count, start: START, simulatedDurationMs: 3_600_000, scenarios });
        const first = [...stream.records];
        expect(first).toHaveLength(stream.planned);
        expect(first.every((r, i) => i === 0 || (first[i - 1]?.access_time ?? '') <= r.access_time)).toBe(true);
        expect([...stream.records]).toEqual(first);
      }),
      { numRuns: 12 },
    );
    const turbine = streamTurbine({
      turbineId: 'WT-003',
      seed: 1,
      start: START,
      simulatedDurationMs: 3_600_000,
      count: 1000,
      scenarios: ['silent'],
    });
    const readings = [...turbine.records];
    expect(readings).toHaveLength(turbine.planned);
    expect(turbine.planned).toBeLessThan(1000);
  });

  it('generates lazily: a 20-million-record run yields its first records without building the run', () => {
    const stream = streamAccessLogs({ seed: 1, count: 20_000_000, start: START, simulatedDurationMs: 3_600_000 });
    const before = process.memoryUsage().heapUsed;
    const iterator = stream.records[Symbol.iterator]();
    let last = '';
    for (let i = 0; i < 10_000; i++) {
      const next = iterator.next();
      if (next.done === true) throw new Error('ended early');
      expect(next.value.access_time >= last).toBe(true);
      last = next.value.access_time;
    }
    expect(stream.planned).toBe(20_000_000);
    // 20 M records would be ~10 GB; 10,000 of them and the generator's state stay far below 100 MB.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(100 * 1024 * 1024);
  });
});
