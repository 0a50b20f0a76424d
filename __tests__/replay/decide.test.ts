import fc from 'fast-check';
import { accessLogs } from '../../datasets/access-logs';
import { turbineTelemetry } from '../../datasets/turbine-telemetry';
import { EmfEmitter } from '../../functions/processor/emf-emitter';
import { contentEventId } from '../../functions/processor/event-id';
import { lineText } from '../../functions/processor/line-arena';
import type { OutboundRecord, QuarantineEntry } from '../../functions/processor/ports';
import { compileDataset, type CompiledDataset } from '../../functions/processor/compile-dataset';
import { processRecords } from '../../functions/processor/process-records';
import { buildRecordValidator } from '../../functions/processor/record-schema';
import { epochSecondsToMs, parseFixRules, trimStrings } from '../../replay/fix-rules';
import { decide } from '../../replay/run-replay';
import { accessLog, inputRecord, jsonB64, NOW_MS, turbineReading } from '../processor/factories';

/** Compiled once, as the handler compiles its dataset at cold start. */
const compiledAccessLogs = compileDataset(accessLogs);
const validator = (d: typeof accessLogs) => buildRecordValidator(d, { maxFutureSkewMs: 300_000 });

/** The processor's own verdict on a payload: the event_id of its processed row, or the quarantine reason. */
async function processorVerdict(compiled: CompiledDataset, payload: unknown): Promise<{ eventId?: string; reason?: string }> {
  const delivered: OutboundRecord[] = [];
  const quarantined: QuarantineEntry[] = [];
  await processRecords([inputRecord(jsonB64(payload))], {
    compiled,
    processedSink: { deliver: async (records) => (delivered.push(...records), { undelivered: [] }) },
    quarantineSink: { quarantine: async (entries) => (quarantined.push(...entries), { undelivered: [] }) },
    metrics: new EmfEmitter({ namespace: 'test', output: () => undefined, now: () => NOW_MS }),
    clock: { now: () => NOW_MS },
  });
  const row = delivered[0];
  if (row !== undefined) return { eventId: (JSON.parse(lineText(row)) as { event_id: string }).event_id };
  return { reason: quarantined[0]?.reason ?? 'nothing' };
}

function failed(payload: unknown, raw?: string) {
  return {
    kind: 'failed' as const,
    key: 'k',
    streamArn: 'arn',
    condition: 'RetryAttemptsExhausted',
    sequenceNumber: '1',
    partitionKey: 'p',
    data: raw ?? jsonB64(payload),
  };
}
function quarantined(payload: unknown, reason = 'r') {
  return {
    kind: 'quarantined' as const,
    key: 'k',
    location: 'invalid/access-logs/k',
    sequenceNumber: '1',
    partitionKey: 'p',
    data: jsonB64(payload),
    reason,
  };
}

describe('Function: fix rules', () => {
  it('epoch-seconds-to-ms multiplies an event time in epoch seconds, and leaves milliseconds and ISO text alone', () => {
    const seconds = Math.floor(NOW_MS / 1000) - 60;
    expect(epochSecondsToMs.apply(accessLog({ access_time: seconds }), accessLogs)).toEqual(accessLog({ access_time: seconds * 1000 }));
    expect(epochSecondsToMs.apply(accessLog({ access_time: String(seconds) }), accessLogs)?.access_time).toBe(seconds * 1000);
    expect(epochSecondsToMs.apply(turbineReading({ reading_time: 1_700_000_000.5 }), turbineTelemetry)?.reading_time).toBe(
      1_700_000_000_500,
    );
    expect(epochSecondsToMs.apply(accessLog({ access_time: NOW_MS }), accessLogs)).toBeUndefined();
    expect(epochSecondsToMs.apply(accessLog(), accessLogs)).toBeUndefined();
    expect(epochSecondsToMs.apply(accessLog({ access_time: 12 }), accessLogs)).toBeUndefined();
  });

  it('epoch-seconds-to-ms: every time in 2000..2100 as seconds becomes the same instant in milliseconds (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 946_684_800, max: 4_102_444_799 }), (s) => {
        const fixed = epochSecondsToMs.apply({ access_time: s }, accessLogs);
        expect(new Date(Number(fixed?.access_time)).getTime()).toBe(s * 1000);
      }),
    );
  });

  it('trim-strings trims declared string fields only, and does not apply when nothing needs it', () => {
    const fixed = trimStrings.apply({ ...accessLog({ client_ip: ' 203.0.113.7 ', request_path: '/x\t' }), extra: ' kept ' }, accessLogs);
    expect(fixed).toEqual({ ...accessLog({ client_ip: '203.0.113.7', request_path: '/x' }), extra: ' kept ' });
    expect(trimStrings.apply(accessLog(), accessLogs)).toBeUndefined();
  });

  it('parseFixRules takes repeated and comma-separated names and names the unknown ones', () => {
    expect(parseFixRules(['epoch-seconds-to-ms,trim-strings']).map((r) => r.name)).toEqual(['epoch-seconds-to-ms', 'trim-strings']);
    expect(() => parseFixRules(['trim', 'epoch-seconds-to-ms', 'x'])).toThrow(
      /^--fix trim, x: unknown rule; expected epoch-seconds-to-ms \(.*\) or trim-strings \(/,
    );
  });
});

describe('Function: decide (what replay sends)', () => {
  it('sends an on-failure batch record byte for byte when the producer gave it an id', () => {
    const raw = Buffer.from(
      `{ "event_id": "3F2B8C1E-9A7D-4E21-8B6F-0C5D4E3A2B1C",${JSON.stringify(accessLog()).slice(1).replace('"event_id":"3f2b8c1e-9a7d-4e21-8b6f-0c5d4e3a2b1c",', '')}`,
    ).toString('base64');
    const decision = decide(failed(undefined, raw), accessLogs, validator(accessLogs), [], NOW_MS);
    expect(decision).toEqual({
      send: true,
      eventId: '3f2b8c1e-9a7d-4e21-8b6f-0c5d4e3a2b1c',
      data: Buffer.from(raw, 'base64'),
      why: 'on-failure batch (RetryAttemptsExhausted)',
    });
  });

  it('sets the content id the processor computes when the producer gave none, so a re-send de-duplicates', async () => {
    const payload = accessLog({ event_id: undefined, client_ip: '2001:DB8:0:0:0:0:0:1' });
    const decision = decide(failed(payload), accessLogs, validator(accessLogs), [], NOW_MS);
    if (!decision.send) throw new Error(decision.reason);
    const original = await processorVerdict(compiledAccessLogs, payload);
    expect(decision.eventId).toBe(original.eventId);
    const sent = JSON.parse(Buffer.from(decision.data).toString('utf8')) as Record<string, unknown>;
    expect(sent).toEqual({ ...payload, event_id: original.eventId });
    // The processor keeps the id it is given: the replayed record lands with the original's id.
    expect(await processorVerdict(compiledAccessLogs, sent)).toEqual({ eventId: original.eventId });
  });

  it('skips an on-failure batch record the processor would quarantine, with its reason', () => {
    expect(decide(failed(accessLog({ status_code: 999 })), accessLogs, validator(accessLogs), [], NOW_MS)).toEqual({
      send: false,
      reason: "on-failure batch record the processor would quarantine: field 'status_code': must be <= 599, got 999",
    });
    expect(decide(failed(undefined, 'bm90IGpzb24='), accessLogs, validator(accessLogs), [], NOW_MS)).toMatchObject({
      send: false,
      reason: expect.stringMatching(/payload: not JSON/),
    });
  });

  it('skips quarantined records without --fix, when no rule applies, and when the fix leaves them invalid', async () => {
    const seconds = Math.floor(NOW_MS / 1000) - 60;
    const epoch = accessLog({ access_time: seconds });
    const { reason } = await processorVerdict(compiledAccessLogs, epoch);
    expect(reason).toMatch(/access_time/);
    const v = validator(accessLogs);
    expect(decide(quarantined(epoch, reason), accessLogs, v, [], NOW_MS)).toEqual({
      send: false,
      reason: `quarantined: ${reason} (no --fix given)`,
    });
    expect(decide(quarantined(accessLog({ status_code: 999 }), 'status'), accessLogs, v, [epochSecondsToMs], NOW_MS)).toEqual({
      send: false,
      reason: 'quarantined: status (--fix epoch-seconds-to-ms does not apply)',
    });
    expect(decide(quarantined({ ...epoch, status_code: 999 }, 'both'), accessLogs, v, [epochSecondsToMs], NOW_MS)).toEqual({
      send: false,
      reason: "quarantined: both; still invalid after --fix epoch-seconds-to-ms: field 'status_code': must be <= 599, got 999",
    });
  });

  it('sends a quarantined record a rule fixes, with the producer id or the content id of the fixed record', async () => {
    const seconds = Math.floor(NOW_MS / 1000) - 60;
    const v = validator(accessLogs);
    const withId = decide(quarantined(accessLog({ access_time: seconds })), accessLogs, v, [epochSecondsToMs], NOW_MS);
    expect(withId).toMatchObject({
      send: true,
      eventId: '3f2b8c1e-9a7d-4e21-8b6f-0c5d4e3a2b1c',
      why: 'quarantined (r), fixed by epoch-seconds-to-ms',
    });
    const noId = accessLog({ event_id: undefined, access_time: seconds });
    const decision = decide(quarantined(noId), accessLogs, v, [epochSecondsToMs, trimStrings], NOW_MS);
    if (!decision.send) throw new Error(decision.reason);
    const fixed = accessLog({ event_id: undefined, access_time: seconds * 1000 });
    const valid = v.validate(fixed, NOW_MS);
    if (!valid.ok) throw new Error(valid.reason);
    expect(decision.eventId).toBe(contentEventId(accessLogs.fields, 'event_id', valid.record));
    expect(await processorVerdict(compiledAccessLogs, JSON.parse(Buffer.from(decision.data).toString('utf8')))).toEqual({
      eventId: decision.eventId,
    });
  });
});
