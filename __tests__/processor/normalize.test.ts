import fc from 'fast-check';
import { accessLogs } from '../../datasets/access-logs';
import type { BurstRule } from '../../datasets/dataset';
import { detectBursts } from '../../functions/processor/burst';
import { canonicalIp } from '../../functions/processor/canonical-ip';
import { parseCanonicalIso, parseEventTime } from '../../functions/processor/event-time';

describe('Function: parseCanonicalIso', () => {
  it('reads every canonical UTC time as Date does, leap days and centuries included', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2400, 11, 31, 23, 59, 59, 999) }), (ms) => {
        expect(parseCanonicalIso(new Date(ms).toISOString())).toBe(ms);
      }),
      { numRuns: 5000 },
    );
    expect(parseCanonicalIso('2000-02-29T12:00:00.000Z')).toBe(Date.UTC(2000, 1, 29, 12));
    expect(parseCanonicalIso('2100-02-29T12:00:00.000Z')).toBeNaN();
  });
});

describe('Function: parseEventTime', () => {
  it.each([
    ['2026-11-24T10:00:00.250Z', Date.UTC(2026, 10, 24, 10, 0, 0, 250)],
    ['2026-11-24T10:00:00Z', Date.UTC(2026, 10, 24, 10)],
    ['2026-11-24T12:00:00.123456+02:00', Date.UTC(2026, 10, 24, 10, 0, 0, 123)],
    ['2026-11-24 05:30-0430', Date.UTC(2026, 10, 24, 10)],
    ['2024-02-29T00:00:00.000Z', Date.UTC(2024, 1, 29)],
    [Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1)],
  ])('reads %s', (input, expected) => {
    // Act
    const ms = parseEventTime(input);
    // Assess
    expect(ms).toBe(expected);
  });

  it.each(['2026-02-30T00:00:00.000Z', '2025-02-29T00:00:00Z', '2026-11-24T24:00:00Z', '2026-11-24T10:00:00', 'Nov 24 2026', 1.5])(
    'rejects %s with a reason',
    (input) => {
      // Act
      const result = parseEventTime(input);
      // Assess
      expect(typeof result).toBe('string');
    },
  );
});

describe('Function: canonicalIp', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['2001:DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['::ffff:192.0.2.1', '::ffff:c000:201'],
    ['010.0.0.1', null],
    ['fe80::1%eth0', null],
    ['not an ip', null],
    ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
    ['1:0:0:2:0:0:3:4', '1::2:0:0:3:4'],
    ['1:2:3:4:5:6:7:0', '1:2:3:4:5:6:7:0'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['::', '::'],
    ['::1.2.3.4', '::102:304'],
  ])('%s -> %s', (input, expected) => {
    // Act / Assess
    expect(canonicalIp(input)).toBe(expected);
  });

  it('writes every IPv6 address as the WHATWG URL host serializer does', () => {
    // The serializer (RFC 5952, embedded IPv4 in hex) is the reference; the processor avoids its cost per record.
    const viaUrl = (text: string): string => new URL(`http://[${text}]/`).hostname.slice(1, -1);
    const padded = (ip: string): string =>
      ip
        .split(':')
        .map((g) => (g === '' || g.includes('.') ? g : g.padStart(4, '0')))
        .join(':');
    const spellings = fc.ipV6().chain((ip) => fc.constantFrom(ip, ip.toUpperCase(), padded(ip)));
    fc.assert(
      fc.property(spellings, (ip) => {
        expect(canonicalIp(ip)).toBe(viaUrl(ip));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('Function: detectBursts', () => {
  // The access-logs declaration's 5xx rule (ten within a minute).
  const SERVER_ERROR_BURST = accessLogs.burstRule as BurstRule;
  const at = (seconds: number, status = '5xx') => ({ record: { status_class: status, t: seconds * 1000 } });
  const time = (r: Readonly<Record<string, unknown>>): number => Number(r.t);

  it('marks the records of a window holding the threshold, not the ones outside it', () => {
    // Prepare: 10 5xx within 50 s, one 5xx 5 minutes later, 2xx in between.
    const items = [...Array.from({ length: 10 }, (_, i) => at(i * 5)), at(20, '2xx'), at(350)];
    // Act
    const marked = detectBursts(items, SERVER_ERROR_BURST, time);
    // Assess
    expect([...marked].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('finds no burst when the 5xx are spread wider than the window', () => {
    // Prepare
    const items = Array.from({ length: 20 }, (_, i) => at(i * 7));
    // Act
    const marked = detectBursts(items, SERVER_ERROR_BURST, time);
    // Assess
    expect(marked.size).toBe(0);
  });
});
