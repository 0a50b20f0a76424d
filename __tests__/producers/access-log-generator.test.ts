import fc from 'fast-check';
import { accessLogs, CRITICAL_ERROR_CODES } from '../../datasets/access-logs';
import { generateAccessLogs, type AccessLogRecord } from '../../producers/access-log-generator';
import { InvalidProducerOptionError } from '../../producers/errors';
import { recordShapeProblems } from '../../producers/record-shape';
import { SCENARIO_SHAPE } from '../../producers/scenarios';

const START = new Date('2026-03-02T00:00:00.000Z');
const HOUR = 3_600_000;

function perMinute(records: readonly AccessLogRecord[], predicate: (r: AccessLogRecord) => boolean = () => true): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of records) if (predicate(r)) counts.set(r.access_time.slice(0, 16), (counts.get(r.access_time.slice(0, 16)) ?? 0) + 1);
  return counts;
}
const isCritical = (r: AccessLogRecord): boolean => r.error_code !== undefined && CRITICAL_ERROR_CODES.includes(r.error_code);

describe('Function: generateAccessLogs', () => {
  it('produces exactly the declared fields and types, for any seed', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        // Act
        const { records } = generateAccessLogs({ seed, count: 300, start: START, simulatedDurationMs: HOUR, scenarios: ['outage'] });

        // Assess
        for (const record of records) expect(recordShapeProblems(accessLogs, record)).toEqual([]);
      }),
      { numRuns: 15 },
    );
  });

  it('is deterministic per seed and keeps event times sorted inside the simulated span', () => {
    // Act
    const a = generateAccessLogs({ seed: 42, count: 2000, start: START, simulatedDurationMs: HOUR });
    const b = generateAccessLogs({ seed: 42, count: 2000, start: START, simulatedDurationMs: HOUR });
    const c = generateAccessLogs({ seed: 43, count: 2000, start: START, simulatedDurationMs: HOUR });

    // Assess
    expect(a.records).toEqual(b.records);
    expect(c.records[0].event_id).not.toBe(a.records[0].event_id);
    expect(new Set(a.records.map((r) => r.event_id)).size).toBe(2000);
    const times = a.records.map((r) => r.access_time);
    expect([...times].sort()).toEqual(times);
    expect(times[0] >= START.toISOString()).toBe(true);
    expect(times[times.length - 1] < new Date(START.getTime() + HOUR).toISOString()).toBe(true);
  });

  it('looks like real traffic: every source, IPv4 and IPv6, a diurnal curve and a long latency tail', () => {
    // Prepare: one simulated day
    const { records } = generateAccessLogs({ seed: 5, count: 24_000, start: START, simulatedDurationMs: 24 * HOUR });

    // Act
    const devices = new Set(records.map((r) => r.device_type));
    const v6 = records.filter((r) => r.client_ip.includes(':')).length / records.length;
    const byHour = (h: number): number => records.filter((r) => new Date(r.access_time).getUTCHours() === h).length;
    const latencies = records.map((r) => r.latency_ms).sort((x, y) => x - y);
    const p50 = latencies[Math.floor(latencies.length * 0.5)];
    const p99 = latencies[Math.floor(latencies.length * 0.99)];

    // Assess
    expect([...devices].sort()).toEqual(['console', 'mobile', 'server', 'smart_tv', 'tablet', 'web']);
    expect(v6).toBeGreaterThan(0.2);
    expect(v6).toBeLessThan(0.4);
    expect(byHour(20)).toBeGreaterThan(3 * byHour(8));
    expect(p99).toBeGreaterThan(8 * p50);
    expect(new Set(records.map((r) => r.status_code)).size).toBeGreaterThan(8);
  });

  it('without scenarios stays far below the critical-errors alarm (20 a minute)', () => {
    // Prepare: the CLI default, 200 records/s for 60 s over one simulated hour
    const { records, windows } = generateAccessLogs({ seed: 1, count: 12_000, start: START, simulatedDurationMs: HOUR });

    // Act
    const worstMinute = Math.max(0, ...perMinute(records, isCritical).values());

    // Assess
    expect(windows).toEqual([]);
    expect(worstMinute).toBeLessThan(5);
  });

  it('outage: at least 20 critical records a minute from one region, for every minute of its window and only there', () => {
    // Prepare
    const { records, windows } = generateAccessLogs({
      seed: 9,
      count: 12_000,
      start: START,
      simulatedDurationMs: HOUR,
      scenarios: ['outage'],
      outageRegion: 'sa-east',
    });
    const [outage] = windows;

    // Act
    const critical = perMinute(records, (r) => isCritical(r) && r.region === 'sa-east');
    const inside = [...critical.entries()].filter(([m]) => m >= outage.from.slice(0, 16) && m < outage.to.slice(0, 16));
    const outsideWorst = Math.max(
      0,
      ...[...critical.entries()].filter(([m]) => m < outage.from.slice(0, 16) || m >= outage.to.slice(0, 16)).map(([, n]) => n),
    );

    // Assess
    expect(outage).toEqual({ scenario: 'outage', region: 'sa-east', from: '2026-03-02T00:50:00.000Z', to: '2026-03-02T00:55:00.000Z' });
    expect(inside).toHaveLength(SCENARIO_SHAPE.outageMinutes);
    for (const [, n] of inside) expect(n).toBeGreaterThanOrEqual(20);
    expect(outsideWorst).toBeLessThan(5);
    for (const r of records.filter(
      (x) => isCritical(x) && x.region === 'sa-east' && x.access_time >= outage.from && x.access_time < outage.to,
    )) {
      expect(r).toMatchObject({ error_severity: 'critical' });
      expect(r.status_code).toBeGreaterThanOrEqual(500);
    }
  });

  it('spike: at least 4x the usual curve for 20 simulated minutes', () => {
    // Prepare
    const base = generateAccessLogs({ seed: 4, count: 12_000, start: START, simulatedDurationMs: HOUR });
    const spiked = generateAccessLogs({ seed: 4, count: 12_000, start: START, simulatedDurationMs: HOUR, scenarios: ['spike'] });
    const [spike] = spiked.windows;

    // Act
    const before = perMinute(base.records);
    const after = perMinute(spiked.records);
    const spikeMinutes = [...after.keys()].filter((m) => m >= spike.from.slice(0, 16) && m < spike.to.slice(0, 16));

    // Assess
    expect(spike.scenario).toBe('spike');
    expect(Date.parse(spike.to) - Date.parse(spike.from)).toBe(20 * 60_000);
    expect(spikeMinutes).toHaveLength(20);
    for (const m of spikeMinutes) expect((after.get(m) ?? 0) / (before.get(m) ?? 1)).toBeGreaterThanOrEqual(4);
    const outside = [...after.keys()].filter((m) => !spikeMinutes.includes(m));
    for (const m of outside) expect(after.get(m)).toBe(before.get(m));
  });

  it('rejects a span too short for the scenarios, naming the option', () => {
    // Act
    const act = (): unknown =>
      generateAccessLogs({ seed: 1, count: 10, start: START, simulatedDurationMs: 10 * 60_000, scenarios: ['spike'] });

    // Assess
    expect(act).toThrow(InvalidProducerOptionError);
    expect(act).toThrow('simulatedDurationMs: got 10 simulated minutes; scenarios need at least 30');
  });
});
