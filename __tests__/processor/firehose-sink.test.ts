import { FIREHOSE_LIMITS, FirehoseSink, entryFailure } from '../../functions/processor/firehose-sink';
import type { FirehoseApi, OutboundRecord, PutRecordBatchEntryResult } from '../../functions/processor/ports';
import fc from 'fast-check';
import { recordingSleep } from './factories';

function outbound(bytes: number): OutboundRecord {
  return { chunk: Buffer.alloc(bytes, 'x'), offset: 0, bytes };
}

/** Firehose stand-in that records every call and answers with `answer(callNumber, size)`. */
function fakeFirehose(answer: (call: number, size: number) => PutRecordBatchEntryResult[] | Error) {
  const calls: number[][] = [];
  const api: FirehoseApi = {
    async putRecordBatch(_stream, records) {
      calls.push(records.map((r) => r.bytes));
      const result = answer(calls.length, records.length);
      if (result instanceof Error) throw result;
      return { FailedPutCount: result.filter((r) => r.ErrorCode !== undefined).length, RequestResponses: result };
    },
  };
  return { api, calls };
}

const ok = (n: number): PutRecordBatchEntryResult[] => Array.from({ length: n }, (_, i) => ({ RecordId: String(i) }));

describe('Class: FirehoseSink', () => {
  it('splits calls at 500 records and at 4 MiB, keeping order', async () => {
    // Prepare
    const { api, calls } = fakeFirehose((_, n) => ok(n));
    const sink = new FirehoseSink({ api, deliveryStreamName: 's', concurrency: 1 });
    const small = Array.from({ length: 1001 }, () => outbound(10));
    const big = Array.from({ length: 9 }, () => outbound(1000 * 1024));
    // Act
    const report = await sink.deliver([...small, ...big]);
    // Assess
    expect(report.undelivered).toEqual([]);
    expect(calls.map((c) => c.length)).toEqual([500, 500, 5, 4, 1]);
    for (const c of calls) expect(c.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(FIREHOSE_LIMITS.maxBytesPerCall);
  });

  it('never sends a record over 1000 KiB and reports it undelivered', async () => {
    // Prepare
    const { api, calls } = fakeFirehose((_, n) => ok(n));
    const sink = new FirehoseSink({ api, deliveryStreamName: 's' });
    // Act
    const report = await sink.deliver([outbound(10), outbound(FIREHOSE_LIMITS.maxBytesPerRecord + 1)]);
    // Assess
    expect(report.undelivered).toEqual([1]);
    expect(calls).toEqual([[10]]);
  });

  it('gives up at once on a non-retryable error', async () => {
    // Prepare
    const notFound = Object.assign(new Error('Stream s not found'), {
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 400 },
    });
    const { api, calls } = fakeFirehose(() => notFound);
    const events: string[] = [];
    const sink = new FirehoseSink({ api, deliveryStreamName: 's', onFailure: (e) => events.push(`${e.errorCode}:${e.willRetry}`) });
    // Act
    const report = await sink.deliver([outbound(1), outbound(1)]);
    // Assess
    expect(report.undelivered).toEqual([0, 1]);
    expect(calls).toHaveLength(1);
    expect(events).toEqual(['ResourceNotFoundException:false']);
  });

  it('stops retrying at the attempt bound and when the deadline would pass', async () => {
    // Prepare
    const timeout = Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
    const bounded = fakeFirehose(() => timeout);
    const { sleep, delays } = recordingSleep();
    const byAttempts = new FirehoseSink({
      api: bounded.api,
      deliveryStreamName: 's',
      retry: { maxAttempts: 3, sleep, random: () => 0.99 },
    });
    const late = fakeFirehose(() => timeout);
    // Jitter fixed: with Math.random a small draw fits under the deadline and the call count varies.
    const byDeadline = new FirehoseSink({
      api: late.api,
      deliveryStreamName: 's',
      retry: { sleep, now: () => 1000, deadline: () => 1010, random: () => 0.5 },
    });
    // Act
    const first = await byAttempts.deliver([outbound(1)]);
    const second = await byDeadline.deliver([outbound(1)]);
    // Assess
    expect(first.undelivered).toEqual([0]);
    expect(bounded.calls).toHaveLength(3);
    expect(delays.slice(0, 2)).toEqual([49, 99]);
    expect(second.undelivered).toEqual([0]);
    // The first backoff (25 ms) would end past the deadline (10 ms away): no retry.
    expect(late.calls).toHaveLength(1);
  });

  it.each([
    [{ RecordId: 'r' }, null],
    [{}, 'MissingRecordId'],
    [{ RecordId: '' }, 'MissingRecordId'],
    [{ RecordId: 'r', ErrorCode: 'ServiceUnavailableException' }, 'ServiceUnavailableException'],
    [{ ErrorCode: 'InternalFailure', ErrorMessage: 'x' }, 'InternalFailure'],
    [{ RecordId: 'r', ErrorCode: '' }, null],
  ])('judges the entry %j by itself: %s', (entry, failure) => {
    // Assess
    expect(entryFailure(entry)).toBe(failure);
  });

  it('gives each call the signal of its attempt', async () => {
    // Prepare
    const signals: (AbortSignal | undefined)[] = [];
    const api: FirehoseApi = {
      async putRecordBatch(_s, records, signal) {
        signals.push(signal);
        return { FailedPutCount: 0, RequestResponses: ok(records.length) };
      },
    };
    const made: AbortSignal[] = [];
    const sink = new FirehoseSink({ api, deliveryStreamName: 's', attemptSignal: () => made[made.push(new AbortController().signal) - 1] });
    // Act
    await sink.deliver(Array.from({ length: 501 }, () => outbound(1)));
    // Assess: two calls, each with its own signal.
    expect(signals).toEqual(made);
    expect(made).toHaveLength(2);
  });

  it('under any mix of entry failures, lying counts and failed calls: delivers each record at most once per success, reports exactly the unacknowledged ones, within the attempt bound', async () => {
    const entryAnswer = fc.constantFrom('ok', 'error', 'no-id', 'empty-id');
    const callFault = fc.constantFrom('none', 'none', 'none', 'throttled', 'not-found');
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 30 }),
        fc.func(entryAnswer),
        fc.func(callFault),
        fc.func(fc.nat({ max: 3 })),
        async (n, answerFor, faultFor, lieFor) => {
          // Prepare: record i is the 1-byte line i; the fake answers by record, attempt and call.
          const records = Array.from({ length: n }, (_, i) => ({ chunk: Buffer.from([i]), offset: 0, bytes: 1 }));
          const sent = new Map<number, number>();
          const acknowledged = new Set<number>();
          let calls = 0;
          let failedCalls = 0;
          const api: FirehoseApi = {
            async putRecordBatch(_s, batch) {
              calls += 1;
              const ids = batch.map((r) => r.chunk[r.offset] ?? -1);
              for (const id of ids) sent.set(id, (sent.get(id) ?? 0) + 1);
              const fault = faultFor(calls);
              if (fault === 'throttled') {
                failedCalls += 1;
                throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
              }
              if (fault === 'not-found') {
                failedCalls += 1;
                throw Object.assign(new Error('no stream'), { name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 400 } });
              }
              const responses = ids.map((id) => {
                const answer = answerFor(id, sent.get(id));
                if (answer === 'ok') acknowledged.add(id);
                if (answer === 'error') return { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'x' };
                if (answer === 'no-id') return {};
                if (answer === 'empty-id') return { RecordId: '' };
                return { RecordId: `r-${id}` };
              });
              // FailedPutCount is whatever the fake likes: the sink must not read it.
              return { FailedPutCount: lieFor(calls), RequestResponses: responses };
            },
          };
          const { sleep } = recordingSleep();
          const sink = new FirehoseSink({ api, deliveryStreamName: 's', concurrency: 1, retry: { maxAttempts: 3, sleep } });
          // Act
          const report = await sink.deliver(records);
          // Assess
          const unacknowledged = records.map((_, i) => i).filter((i) => !acknowledged.has(i));
          expect(report.undelivered).toEqual(unacknowledged);
          for (const [id, times] of sent) {
            expect(times).toBeLessThanOrEqual(3);
            // Once acknowledged, never sent again: the last send of an acknowledged record is the one that succeeded.
            if (acknowledged.has(id)) expect(answerFor(id, times)).toBe('ok');
          }
          expect(failedCalls).toBeLessThanOrEqual(calls);
        },
      ),
      { numRuns: 200 },
    );
  });
});
