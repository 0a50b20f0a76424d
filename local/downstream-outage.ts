import { DownstreamError } from '../functions/processor/errors';
import type { Clock, FirehoseApi, OutboundRecord, PutRecordBatchEntryResult } from '../functions/processor/ports';
import type { LocalFirehoseApi } from './processed-delivery-stream';

export interface DownstreamOutageProps {
  /** Simulated epoch ms from which calls fail. */
  readonly fromMs: number;
  /** Simulated epoch ms from which calls succeed again. */
  readonly toMs: number;
}

/**
 * Wraps a Firehose API so every call fails with a retryable 503 while the
 * simulated clock is inside the outage: the processor's downstream "fails for a
 * while". Used by the fault test and by `npm run local -- --firehose-outage`.
 */
export class DownstreamOutage implements FirehoseApi {
  private failures = 0;

  public constructor(
    private readonly inner: LocalFirehoseApi,
    private readonly clock: Clock,
    private readonly props: DownstreamOutageProps,
  ) {}

  /** Calls refused so far. */
  public get failedCalls(): number {
    return this.failures;
  }

  public putRecordBatch(
    deliveryStreamName: string,
    records: readonly OutboundRecord[],
  ): Promise<{ readonly FailedPutCount: number; readonly RequestResponses: readonly PutRecordBatchEntryResult[] }> {
    const now = this.clock.now();
    if (now >= this.props.fromMs && now < this.props.toMs) {
      this.failures += 1;
      return Promise.reject(
        new DownstreamError(`Firehose ${deliveryStreamName}: service unavailable (simulated outage)`, 'ServiceUnavailableException', true, {
          httpStatus: 503,
        }),
      );
    }
    return this.inner.putRecordBatch(deliveryStreamName, records);
  }
}
