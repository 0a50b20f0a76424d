import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { EnvironmentConfig } from '../config/environment';
import { quarantinePrefix } from '../config/delivery-prefixes';
import { streamName } from '../config/resource-names';
import type { DatasetDeclaration } from '../datasets/dataset';
import { DATASETS } from '../datasets/registry';
import { decodePayload } from '../functions/processor/decode-payload';
import { contentEventId } from '../functions/processor/event-id';
import { buildRecordValidator, type RecordValidator } from '../functions/processor/record-schema';
import {
  KinesisBatchSender,
  type KinesisBatchSenderProps,
  type SendTotals,
  type StreamUnavailable,
} from '../producers/kinesis-batch-sender';
import type { FixRule } from './fix-rules';
import { readItems, type ReplayItem } from './replay-items';
import type { SourceFile } from './replay-sources';

export interface ReplayOptions {
  readonly env: EnvironmentConfig;
  readonly files: AsyncIterable<SourceFile>;
  /** List what would be sent and why each other record is skipped; send nothing. */
  readonly dryRun: boolean;
  /** Rules quarantined records may be fixed with, tried in order; none: quarantined records are skipped. */
  readonly fixes: readonly FixRule[];
  /** From createKinesisClient (the shared factory, SDK retries off); needed unless dryRun. */
  readonly kinesis?: KinesisClient;
  /** One line of the listing or the totals, without newline. */
  readonly out: (line: string) => void;
  /** @default Date.now (the future-skew check of the processor) */
  readonly now?: () => number;
  /** @default DATASETS */
  readonly datasets?: readonly DatasetDeclaration[];
  /** Passed to each sender (tests shorten the backoff). @default the sender's defaults */
  readonly sender?: Pick<KinesisBatchSenderProps, 'maxAttempts' | 'baseDelayMs' | 'maxDelayMs' | 'sleep'>;
}

export interface DatasetReplayTotals {
  /** Records of on-failure batches to send (sent, in a real run, or failed: see `send`). */
  readonly fromFailureBatches: number;
  /** Quarantined records a --fix rule made valid. */
  readonly fixed: number;
  readonly skipped: number;
  /** The sender's totals; absent in a dry run or when nothing was sent. */
  readonly send?: SendTotals;
}

export interface ReplayResult {
  readonly dryRun: boolean;
  readonly files: number;
  /** Files or entries that are neither an on-failure batch nor a quarantine entry. */
  readonly unreadable: number;
  readonly datasets: Readonly<Record<string, DatasetReplayTotals>>;
  /** Records handed to Kinesis and not written after the sender's bounded retries. */
  readonly failed: number;
  /** Streams given up on: a whole batch got nothing written (a dead or silent endpoint, no credentials), with the last error. */
  readonly unavailable: readonly (StreamUnavailable & { readonly stream: string })[];
}

/** What replay does with one record. */
export type Decision =
  | { readonly send: true; readonly eventId: string; readonly data: Uint8Array; readonly why: string }
  | { readonly send: false; readonly reason: string };

/**
 * The record to send with its declared event-id field set explicitly, so that downstream
 * de-duplication holds: the producer's id when there was one (as the processor
 * normalizes it), otherwise the content id of the normalized payload, computed by
 * the processor's own `contentEventId`. A payload that already carries its id is
 * sent byte for byte as it was.
 */
function withEventId(
  dataset: DatasetDeclaration,
  payload: Record<string, unknown>,
  record: Record<string, string | number | boolean | null>,
  original: Uint8Array | undefined,
): { eventId: string; data: Uint8Array } | undefined {
  const { eventIdField } = dataset;
  if (eventIdField === undefined) return undefined;
  const given = record[eventIdField];
  const producerId = typeof given === 'string' ? given : undefined;
  const eventId = producerId ?? contentEventId(dataset.fields, eventIdField, record);
  if (producerId !== undefined && original !== undefined) return { eventId, data: original };
  return { eventId, data: Buffer.from(JSON.stringify({ ...payload, [eventIdField]: eventId }), 'utf8') };
}

/**
 * Decides one record: on-failure batch records are sent unchanged (with their
 * event-id field set) when the processor would accept them; quarantined records only
 * when a --fix rule applies and makes them valid.
 */
export function decide(
  item: Extract<ReplayItem, { kind: 'failed' | 'quarantined' }>,
  dataset: DatasetDeclaration,
  validator: RecordValidator,
  fixes: readonly FixRule[],
  nowMs: number,
): Decision {
  const decoded = decodePayload(item.data);
  if (item.kind === 'failed') {
    if (!decoded.ok) return { send: false, reason: `on-failure batch record the processor would quarantine: ${decoded.reason}` };
    const valid = validator.validate(decoded.payload, nowMs);
    if (!valid.ok) return { send: false, reason: `on-failure batch record the processor would quarantine: ${valid.reason}` };
    const payload = decoded.payload;
    const withId = withEventId(dataset, payload, valid.record, Buffer.from(item.data, 'base64'));
    if (withId === undefined)
      return { send: true, eventId: '-', data: Buffer.from(item.data, 'base64'), why: `on-failure batch (${item.condition})` };
    return { send: true, ...withId, why: `on-failure batch (${item.condition})` };
  }
  if (fixes.length === 0) return { send: false, reason: `quarantined: ${item.reason} (no --fix given)` };
  if (!decoded.ok) return { send: false, reason: `quarantined: ${item.reason} (no rule fixes a payload that is not a JSON object)` };
  let payload: Record<string, unknown> = decoded.payload;
  const applied: string[] = [];
  for (const rule of fixes) {
    const fixed = rule.apply(payload, dataset);
    if (fixed !== undefined) {
      payload = fixed;
      applied.push(rule.name);
    }
  }
  if (applied.length === 0)
    return { send: false, reason: `quarantined: ${item.reason} (--fix ${fixes.map((r) => r.name).join(',')} does not apply)` };
  const valid = validator.validate(payload, nowMs);
  if (!valid.ok)
    return { send: false, reason: `quarantined: ${item.reason}; still invalid after --fix ${applied.join(',')}: ${valid.reason}` };
  const withId = withEventId(dataset, payload, valid.record, undefined);
  const data = withId?.data ?? Buffer.from(JSON.stringify(payload), 'utf8');
  return { send: true, eventId: withId?.eventId ?? '-', data, why: `quarantined (${item.reason}), fixed by ${applied.join(',')}` };
}

interface Counter {
  fromFailureBatches: number;
  fixed: number;
  skipped: number;
}

/**
 * `npm run replay`: reads on-failure batches and quarantine objects file by file
 * (never all at once), decides each record (see `decide`), and sends what it may
 * through the producers' batching sender, one per dataset stream: at most one
 * request's worth of records is buffered, retries are bounded, and the client
 * comes from the shared factory (timeouts that raise). Lists every record with
 * what happens to it, then the totals.
 */
export async function runReplay(options: ReplayOptions): Promise<ReplayResult> {
  const datasets = options.datasets ?? DATASETS;
  const now = options.now ?? Date.now;
  if (!options.dryRun && options.kinesis === undefined) throw new TypeError('runReplay: a Kinesis client is needed unless dryRun');
  // The skew the environment's processor is deployed with (processorEnvironment), not the default: replay decides as it would.
  const validators = new Map(
    datasets.map((d) => [d.name, buildRecordValidator(d, { maxFutureSkewMs: options.env.processor.maxFutureSkewSeconds * 1000 })]),
  );
  const counters = new Map<string, Counter>(datasets.map((d) => [d.name, { fromFailureBatches: 0, fixed: 0, skipped: 0 }]));
  const senders = new Map<string, KinesisBatchSender>();
  const byStream = new Map(datasets.map((d) => [streamName(options.env, d), d]));
  let files = 0;
  let unreadable = 0;
  let rejected = 0;

  const senderFor = (dataset: DatasetDeclaration): KinesisBatchSender => {
    let sender = senders.get(dataset.name);
    if (sender === undefined) {
      // Fail fast once a whole batch got nothing through: with a silent endpoint every
      // later batch would otherwise cost a full request timeout (30 s each by default).
      sender = new KinesisBatchSender({
        client: options.kinesis as KinesisClient,
        streamName: streamName(options.env, dataset),
        failFastWhenUnavailable: true,
        ...options.sender,
      });
      senders.set(dataset.name, sender);
    }
    return sender;
  };

  for await (const file of options.files) {
    files += 1;
    for await (const item of readItems(file.key, file.location, await file.open())) {
      if (item.kind === 'unreadable') {
        unreadable += 1;
        options.out(`skip  -  ${item.key}: ${item.reason}`);
        continue;
      }
      const dataset =
        item.kind === 'failed'
          ? byStream.get(item.streamArn.slice(item.streamArn.lastIndexOf('/') + 1))
          : datasets.find((d) => `/${item.location}`.includes(`/${quarantinePrefix(d)}`));
      if (dataset === undefined) {
        unreadable += 1;
        const why =
          item.kind === 'failed'
            ? `stream ${item.streamArn} is not a stream of environment ${options.env.name}`
            : `not under ${datasets.map((d) => quarantinePrefix(d)).join(' or ')}`;
        options.out(`skip  -  ${item.key} seq=${item.sequenceNumber}: ${why}`);
        continue;
      }
      const counter = counters.get(dataset.name) as Counter;
      const decision = decide(item, dataset, validators.get(dataset.name) as RecordValidator, options.fixes, now());
      if (!decision.send) {
        counter.skipped += 1;
        options.out(`skip  ${dataset.name}  ${item.key} seq=${item.sequenceNumber}: ${decision.reason}`);
        continue;
      }
      if (!options.dryRun) {
        try {
          await senderFor(dataset).add({ id: decision.eventId, partitionKey: item.partitionKey, data: decision.data });
        } catch (error) {
          // A record Kinesis would refuse (too large, bad key): reported, never sent.
          rejected += 1;
          options.out(`fail  ${dataset.name}  ${item.key} seq=${item.sequenceNumber}: ${(error as Error).message}`);
          continue;
        }
      }
      if (item.kind === 'failed') counter.fromFailureBatches += 1;
      else counter.fixed += 1;
      options.out(`send  ${dataset.name}  ${item.key} seq=${item.sequenceNumber} event_id=${decision.eventId}: ${decision.why}`);
    }
  }

  const totals: Record<string, DatasetReplayTotals> = {};
  let failed = rejected;
  const unavailable: (StreamUnavailable & { stream: string })[] = [];
  for (const dataset of datasets) {
    const counter = counters.get(dataset.name) as Counter;
    const sender = senders.get(dataset.name);
    const send = sender === undefined ? undefined : await sender.close();
    if (sender?.unavailable !== undefined) unavailable.push({ stream: streamName(options.env, dataset), ...sender.unavailable });
    for (const f of send?.failedRecords ?? []) options.out(`fail  ${dataset.name}  event_id=${f.id}: ${f.errorCode}: ${f.errorMessage}`);
    failed += send?.failed ?? 0;
    totals[dataset.name] = { ...counter, ...(send !== undefined ? { send } : {}) };
  }
  const result: ReplayResult = { dryRun: options.dryRun, files, unreadable, datasets: totals, failed, unavailable };
  for (const line of formatTotals(result)) options.out(line);
  return result;
}

export function formatTotals(result: ReplayResult): string[] {
  const lines = ['', result.dryRun ? '== Totals (dry run: nothing sent)' : '== Totals'];
  let toSend = 0;
  let skipped = result.unreadable;
  for (const [name, t] of Object.entries(result.datasets)) {
    const n = t.fromFailureBatches + t.fixed;
    toSend += n;
    skipped += t.skipped;
    const sent = t.send === undefined ? '' : `; sent ${t.send.sent}, failed ${t.send.failed}`;
    lines.push(
      `${name}: ${result.dryRun ? 'would send' : 'to send'} ${n} (${t.fromFailureBatches} from on-failure batches, ${t.fixed} fixed quarantined), skipped ${t.skipped}${sent}`,
    );
  }
  lines.push(
    `${result.files} files; ${result.dryRun ? 'would send' : 'handed to Kinesis'} ${toSend}, skipped ${skipped} (${result.unreadable} neither an on-failure record nor a quarantine entry)` +
      (result.dryRun ? '' : `, failed ${result.failed}`),
  );
  return lines;
}
