import { createHash } from 'node:crypto';
import { quarantinePrefix } from '../../config/resource-names';
import type { DatasetDeclaration } from '../../datasets/dataset';
import type { DeliveryReport, ObjectStoreApi, QuarantineEntry, QuarantineSink } from './ports';
import { isRetryable, waitBeforeRetry, type RetryPolicy } from '../../aws/retry';

export interface S3QuarantineSinkProps {
  readonly api: ObjectStoreApi;
  readonly bucket: string;
  readonly dataset: Pick<DatasetDeclaration, 'name'>;
  /** Shard id for the key, when the entries have none. @default 'batch' */
  readonly defaultShardId?: string;
  /** @default DEFAULT_RETRY_POLICY */
  readonly retry?: RetryPolicy;
  /** Told about each failed attempt, for logging. @default none */
  readonly onFailure?: (event: { readonly key: string; readonly attempt: number; readonly error: unknown; readonly willRetry: boolean }) => void;
}

/**
 * Object key of a quarantine batch: `invalid/<dataset>/dt=<quarantine date>/<shard>-<first seq>-<hash>.json`.
 * The hash covers the sequence numbers (not the content, which holds `quarantined_at`),
 * so a Lambda retry of the same records overwrites the object instead of duplicating it.
 */
export function quarantineKey(
  dataset: Pick<DatasetDeclaration, 'name'>,
  entries: readonly QuarantineEntry[],
  shardId: string,
): string {
  const first = entries[0];
  if (first === undefined) throw new RangeError('quarantineKey needs at least one entry');
  const day = first.quarantined_at.slice(0, 10);
  const hash = createHash('sha256');
  for (const e of entries) hash.update(e.sequence_number).update('\n');
  return `${quarantinePrefix(dataset)}dt=${day}/${shardId}-${first.sequence_number}-${hash.digest('hex').slice(0, 16)}.json`;
}

/** NDJSON body: one entry per line, trailing newline. */
export function quarantineBody(entries: readonly QuarantineEntry[]): string {
  let body = '';
  for (const e of entries) body += `${JSON.stringify(e)}\n`;
  return body;
}

/** Writes one NDJSON object per batch to the quarantine bucket, retrying within the policy's bound. */
export class S3QuarantineSink implements QuarantineSink {
  public constructor(private readonly props: S3QuarantineSinkProps) {}

  public async quarantine(entries: readonly QuarantineEntry[], shardId?: string): Promise<DeliveryReport> {
    if (entries.length === 0) return { undelivered: [] };
    const key = quarantineKey(this.props.dataset, entries, shardId ?? this.props.defaultShardId ?? 'batch');
    const body = quarantineBody(entries);
    const policy = this.props.retry ?? {};
    for (let attempt = 0; ; attempt++) {
      try {
        await this.props.api.putObject(this.props.bucket, key, body, 'application/x-ndjson');
        return { undelivered: [] };
      } catch (error) {
        const willRetry = isRetryable(error) && (await waitBeforeRetry(policy, attempt));
        this.props.onFailure?.({ key, attempt, error, willRetry });
        // Never lose them: every entry stays undelivered, so the batch is retried from the first.
        if (!willRetry) return { undelivered: entries.map((_, i) => i) };
      }
    }
  }
}
