import {
  ProvisionedThroughputExceededException,
  ResourceNotFoundException,
  type KinesisClient,
  type PutRecordsCommandInput,
  type PutRecordsCommandOutput,
  type PutRecordsResultEntry,
} from '@aws-sdk/client-kinesis';
import { SeededRandom } from '../../../producers/seeded-random';

export interface ThrottlingPlan {
  /** Share of entries (0..1) answered with ProvisionedThroughputExceededException and NOT written. */
  readonly entryFailureShare?: number;
  /** Share of whole PutRecords calls that throw ProvisionedThroughputExceededException (nothing written). */
  readonly callFailureShare?: number;
  /** 1-based numbers of the PutRecords calls that throw ProvisionedThroughputExceededException (nothing written). */
  readonly failCalls?: readonly number[];
  /** Every call throws this non-retryable error instead. */
  readonly nonRetryable?: boolean;
  readonly seed?: number;
}

export interface ThrottlingStats {
  calls: number;
  entriesAttempted: number;
  entriesFailed: number;
  callsFailed: number;
}

/**
 * Sits on the SDK client's middleware stack (initialize step, before
 * serialization) and behaves as Kinesis does under throttling: a failed entry is
 * not written and comes back with ErrorCode/ErrorMessage in its position, and
 * FailedRecordCount counts them; a failed call writes nothing.
 */
export function injectThrottling(client: KinesisClient, plan: ThrottlingPlan): ThrottlingStats {
  const random = new SeededRandom(plan.seed ?? 7);
  const stats: ThrottlingStats = { calls: 0, entriesAttempted: 0, entriesFailed: 0, callsFailed: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'PutRecordsCommand') return next(args);
      const input = args.input as PutRecordsCommandInput;
      const records = input.Records ?? [];
      stats.calls += 1;
      stats.entriesAttempted += records.length;
      const $metadata = { httpStatusCode: 400, attempts: 1, totalRetryDelay: 0 };
      if (plan.nonRetryable) {
        stats.callsFailed += 1;
        throw new ResourceNotFoundException({ message: `Stream ${input.StreamName} under account 000000000000 not found.`, $metadata });
      }
      if (random.chance(plan.callFailureShare ?? 0) || (plan.failCalls ?? []).includes(stats.calls)) {
        stats.callsFailed += 1;
        throw new ProvisionedThroughputExceededException({ message: 'Rate exceeded for stream.', $metadata });
      }
      const failing = records.map(() => random.chance(plan.entryFailureShare ?? 0));
      const forwarded = records.filter((_, i) => !failing[i]);
      let written: PutRecordsResultEntry[] = [];
      let response: unknown = {};
      if (forwarded.length > 0) {
        const result = await next({ ...args, input: { ...input, Records: forwarded } });
        written = (result.output as PutRecordsCommandOutput).Records ?? [];
        response = result.response;
      }
      let w = 0;
      const merged = records.map((_, i): PutRecordsResultEntry => {
        if (failing[i]) {
          stats.entriesFailed += 1;
          return {
            ErrorCode: 'ProvisionedThroughputExceededException',
            ErrorMessage: 'Rate exceeded for shard shardId-000000000000 in stream.',
          };
        }
        return written[w++];
      });
      const output: PutRecordsCommandOutput = {
        FailedRecordCount: merged.filter((m) => m.ErrorCode !== undefined).length,
        Records: merged,
        $metadata: { httpStatusCode: 200 },
      };
      return { output: output as never, response };
    },
    { step: 'initialize', name: 'injectThrottling' },
  );
  return stats;
}
