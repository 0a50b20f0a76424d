import { createHash } from 'node:crypto';
import { quarantinePrefix } from '../../config/delivery-prefixes';
import type { DatasetDeclaration } from '../../datasets/dataset';
import type { DeliveryReport, ObjectStoreApi, QuarantineEntry, QuarantineSink } from './ports';
import { PROCESSOR_DEFAULTS } from './processor-defaults';
import { isRetryable, waitBeforeRetry, type RetryPolicy } from '../../aws/retry';

export interface S3QuarantineSinkProps {
  readonly api: ObjectStoreApi;
  readonly bucket: string;
  readonly dataset: Pick<DatasetDeclaration, 'name'>;
  /** Shard id for the key, when the entries have none. @default 'batch' */
  readonly defaultShardId?: string;
  /** @default RETRY_DEFAULTS (aws/retry-defaults.ts) */
  readonly retry?: RetryPolicy;
  /** Told about each failed attempt, for logging. @default none */
  readonly onFailure?: (event: {
    readonly key: string;
    readonly attempt: number;
    readonly error: unknown;
    readonly willRetry: boolean;
  }) => void;
  /** A signal per attempt that aborts it when the invocation's time is up. @default none */
  readonly attemptSignal?: () => AbortSignal | undefined;
  /** Largest object body, in UTF-16 units; more entries are written in parts. @default PROCESSOR_DEFAULTS.maxQuarantineObjectChars */
  readonly maxObjectChars?: number;
}

/** What names an entry in the key hash: its sequence number, or its envelope when it has none. */
function identity(entry: QuarantineEntry): string {
  return entry.sequence_number ?? `envelope:${entry.envelope ?? entry.raw ?? ''}`;
}

/**
 * Object key of a quarantine batch: `invalid/<dataset>/dt=<quarantine date>/<shard>-<first seq>-<hash>.json`.
 * The hash covers the sequence numbers (not the content, which holds `quarantined_at`),
 * so a Lambda retry of the same records overwrites the object instead of duplicating it.
 * An entry without a sequence number is identified by its envelope.
 */
export function quarantineKey(dataset: Pick<DatasetDeclaration, 'name'>, entries: readonly QuarantineEntry[], shardId: string): string {
  const first = entries[0];
  if (first === undefined) throw new RangeError('quarantineKey needs at least one entry');
  const day = first.quarantined_at.slice(0, 10);
  const hash = createHash('sha256');
  for (const e of entries) hash.update(identity(e)).update('\n');
  return `${quarantinePrefix(dataset)}dt=${day}/${shardId}-${first.sequence_number ?? 'none'}-${hash.digest('hex').slice(0, 16)}.json`;
}

/** NDJSON body: one entry per line, trailing newline. */
export function quarantineBody(entries: readonly QuarantineEntry[]): string {
  let body = '';
  for (const e of entries) body += `${JSON.stringify(e)}\n`;
  return body;
}

/** One object's share of the batch: entries `[start, end)` and their NDJSON text. */
interface Part {
  readonly start: number;
  readonly end: number;
  readonly body: string;
}

/**
 * Splits the entries into consecutive parts whose bodies stay under `maxChars`
 * (an entry longer than that goes alone), so no body approaches V8's string limit.
 */
export function quarantineParts(entries: readonly QuarantineEntry[], maxChars: number): Part[] {
  const parts: Part[] = [];
  let start = 0;
  let body = '';
  entries.forEach((entry, i) => {
    const line = `${JSON.stringify(entry)}\n`;
    if (body.length > 0 && body.length + line.length > maxChars) {
      parts.push({ start, end: i, body });
      start = i;
      body = '';
    }
    body += line;
  });
  if (body.length > 0) parts.push({ start, end: entries.length, body });
  return parts;
}

/**
 * Writes one NDJSON object per batch to the quarantine bucket (in parts when the
 * batch is very large), retrying each within the policy's bound.
 */
export class S3QuarantineSink implements QuarantineSink {
  public constructor(private readonly props: S3QuarantineSinkProps) {}

  public async quarantine(entries: readonly QuarantineEntry[], shardId?: string): Promise<DeliveryReport> {
    if (entries.length === 0) return { undelivered: [] };
    const shard = shardId ?? this.props.defaultShardId ?? 'batch';
    const undelivered: number[] = [];
    for (const part of quarantineParts(entries, this.props.maxObjectChars ?? PROCESSOR_DEFAULTS.maxQuarantineObjectChars)) {
      const slice = entries.slice(part.start, part.end);
      // Never lose them: every entry of a failed part stays undelivered, so the batch is retried from the first.
      if (!(await this.write(quarantineKey(this.props.dataset, slice, shard), part.body))) {
        for (let i = part.start; i < part.end; i++) undelivered.push(i);
      }
    }
    return { undelivered };
  }

  private async write(key: string, body: string): Promise<boolean> {
    const policy = this.props.retry ?? {};
    for (let attempt = 0; ; attempt++) {
      try {
        await this.props.api.putObject(this.props.bucket, key, body, 'application/x-ndjson', this.props.attemptSignal?.());
        return true;
      } catch (error) {
        const willRetry = isRetryable(error) && (await waitBeforeRetry(policy, attempt));
        this.props.onFailure?.({ key, attempt, error, willRetry });
        if (!willRetry) return false;
      }
    }
  }
}
