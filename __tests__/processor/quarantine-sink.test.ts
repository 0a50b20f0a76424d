import type { ObjectStoreApi, QuarantineEntry } from '../../functions/processor/ports';
import { S3QuarantineSink, quarantineBody, quarantineParts } from '../../functions/processor/quarantine-sink';
import { recordingSleep } from './factories';

function entry(i: number, rawLength = 10): QuarantineEntry {
  return {
    reason: 'payload: not valid base64',
    raw: 'x'.repeat(rawLength),
    sequence_number: String(1000 + i),
    partition_key: 'pk',
    approximate_arrival_time: '2026-11-24T09:59:58.500Z',
    quarantined_at: '2026-11-24T10:00:00.000Z',
  };
}

/** An object store that keeps what it gets and fails the keys `fails` accepts. */
function memoryStore(fails: (key: string, call: number) => boolean = () => false) {
  const puts: { key: string; body: string; signal: AbortSignal | undefined }[] = [];
  const api: ObjectStoreApi = {
    async putObject(_bucket, key, body, _type, signal) {
      puts.push({ key, body, signal });
      if (fails(key, puts.length))
        throw Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    },
  };
  return { api, puts };
}

describe('Class: S3QuarantineSink', () => {
  it('writes a batch whose body would pass the bound in parts, every entry once and in order, each part its own key', async () => {
    // Prepare
    const entries = Array.from({ length: 10 }, (_, i) => entry(i, i === 6 ? 2000 : 100));
    const { api, puts } = memoryStore();
    const sink = new S3QuarantineSink({ api, bucket: 'q', dataset: { name: 'access-logs' }, maxObjectChars: 700 });
    // Act
    const report = await sink.quarantine(entries, 'shardId-1');
    // Assess
    expect(report.undelivered).toEqual([]);
    expect(puts.length).toBeGreaterThan(2);
    expect(puts.map((p) => p.body).join('')).toBe(quarantineBody(entries));
    for (const put of puts) if (put.body.split('\n').length > 2) expect(put.body.length).toBeLessThanOrEqual(700);
    expect(new Set(puts.map((p) => p.key)).size).toBe(puts.length);
  });

  it('reports only the entries of a failed part undelivered', async () => {
    // Prepare
    const entries = Array.from({ length: 6 }, (_, i) => entry(i, 100));
    const { api } = memoryStore((_key, call) => call === 2);
    const { sleep } = recordingSleep();
    const sink = new S3QuarantineSink({
      api,
      bucket: 'q',
      dataset: { name: 'access-logs' },
      maxObjectChars: 2 * quarantineBody([entry(0, 100)]).length,
      retry: { sleep },
    });
    // Act
    const report = await sink.quarantine(entries);
    // Assess: parts of two entries; the second part's write is refused (not retryable).
    expect(report.undelivered).toEqual([2, 3]);
  });

  it('puts an entry longer than the bound alone in its part', () => {
    // Act
    const parts = quarantineParts([entry(0), entry(1, 5000), entry(2)], 1000);
    // Assess
    expect(parts.map((p) => [p.start, p.end])).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
  });

  it('hands each attempt the signal that bounds it', async () => {
    // Prepare
    const { api, puts } = memoryStore();
    const signal = new AbortController().signal;
    const sink = new S3QuarantineSink({ api, bucket: 'q', dataset: { name: 'access-logs' }, attemptSignal: () => signal });
    // Act
    await sink.quarantine([entry(0)]);
    // Assess
    expect(puts[0]?.signal).toBe(signal);
  });
});
