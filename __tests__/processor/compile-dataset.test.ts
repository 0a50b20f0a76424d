import { accessLogs } from '../../datasets/access-logs';
import { compileDataset, type CompiledDataset } from '../../functions/processor/compile-dataset';
import { createHandler } from '../../functions/processor/create-handler';
import { EmfEmitter } from '../../functions/processor/emf-emitter';
import { lineText } from '../../functions/processor/line-arena';
import type { OutboundRecord, QuarantineEntry } from '../../functions/processor/ports';
import { processRecords } from '../../functions/processor/process-records';
import { NOW_MS, accessLog, inputRecord, jsonB64, processorConfig } from './factories';

/** Runs the core on access-log payloads with a compiled dataset; returns the rows and the quarantine reasons. */
async function run(compiled: CompiledDataset, payloads: readonly Record<string, unknown>[]) {
  const delivered: OutboundRecord[] = [];
  const quarantined: QuarantineEntry[] = [];
  await processRecords(
    payloads.map((p) => inputRecord(jsonB64(p))),
    {
      compiled,
      processedSink: { deliver: async (records) => (delivered.push(...records), { undelivered: [] }) },
      quarantineSink: { quarantine: async (entries) => (quarantined.push(...entries), { undelivered: [] }) },
      metrics: new EmfEmitter({ namespace: 'test', output: () => undefined, now: () => NOW_MS }),
      clock: { now: () => NOW_MS },
    },
  );
  return { rows: delivered.map((d) => JSON.parse(lineText(d)) as Record<string, unknown>), reasons: quarantined.map((q) => q.reason) };
}

/** Twelve server errors within twelve seconds: a burst under the declaration's rule (ten within a minute). */
const serverErrors = Array.from({ length: 12 }, (_, i) =>
  accessLog({ status_code: 503, event_id: undefined, access_time: new Date(NOW_MS - 20_000 + i * 1000).toISOString() }),
);

describe('Function: compileDataset', () => {
  it('applies the skew it is given: ten minutes ahead is quarantined by default and accepted with 900 s', async () => {
    // Prepare
    const ahead = accessLog({ access_time: new Date(NOW_MS + 600_000).toISOString() });
    // Act
    const byDefault = await run(compileDataset(accessLogs), [ahead]);
    const lenient = await run(compileDataset(accessLogs, { maxFutureSkewSeconds: 900 }), [ahead]);
    // Assess
    expect(byDefault.reasons).toEqual(["field 'access_time': is more than 300 s in the future"]);
    expect(lenient.rows).toHaveLength(1);
  });

  it("takes the declaration's burst rule by default, and none when told null", async () => {
    // Act
    const declared = await run(compileDataset(accessLogs), serverErrors);
    const off = await run(compileDataset(accessLogs, { burstRule: null }), serverErrors);
    // Assess
    expect(new Set(declared.rows.map((r) => r.critical_reason))).toEqual(new Set(['5xx burst: 10+ within 60 s']));
    expect(off.rows.every((r) => r.is_critical === false)).toBe(true);
  });

  it('gives the same rows for every batch it is reused for (nothing carried over between batches)', async () => {
    // Prepare
    const compiled = compileDataset(accessLogs);
    // Act
    const first = await run(compiled, serverErrors);
    const second = await run(compiled, serverErrors);
    // Assess
    expect(second.rows).toEqual(first.rows);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses a skew of %s, naming the option', (skew) => {
    // Act / Assess
    expect(() => compileDataset(accessLogs, { maxFutureSkewSeconds: skew })).toThrow(
      new RangeError(`compileDataset 'access-logs': maxFutureSkewSeconds must be a finite number >= 0, got ${skew}`),
    );
  });

  it('runs in createHandler, so a declaration the compilers refuse fails the init, not the first batch', () => {
    // Prepare: a metric dimension whose declared values lack `other`.
    const broken = { ...accessLogs, dimensionValues: { ...accessLogs.dimensionValues, Region: ['eu-west'] } };
    const runtime = {
      config: processorConfig({ dataset: broken }),
      firehose: { putRecordBatch: () => Promise.reject(new Error('not reached')) },
      objectStore: { putObject: () => Promise.reject(new Error('not reached')) },
      metrics: new EmfEmitter({ namespace: 'test', output: () => undefined }),
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    };
    // Act / Assess
    expect(() => createHandler(runtime)).toThrow("dataset 'access-logs': dimensionValues.Region: must include 'other'");
  });
});
