import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, type KinesisClient, type _Record } from '@aws-sdk/client-kinesis';
import { LocalServiceError } from './errors';

/** GetRecords returns at most 10,000 records per call. */
const MAX_RECORDS_PER_CALL = 10_000;

/** Shard ids of a stream, in order. */
export async function listShardIds(client: KinesisClient, streamName: string): Promise<string[]> {
  const { Shards = [] } = await client.send(new ListShardsCommand({ StreamName: streamName }));
  return Shards.map((s) => s.ShardId).filter((id): id is string => typeof id === 'string');
}

/**
 * Reads one shard from TRIM_HORIZON with GetShardIterator/GetRecords, as a
 * consumer (the event source mapping, the raw Firehose) does. The local run
 * produces before it consumes, so the tip of the shard is its end: `read` returns
 * an empty page and `atTip` turns true once a call comes back empty and 0 ms behind.
 */
export class ShardReader {
  private iterator: string | undefined;
  private started = false;
  private tip = false;

  public constructor(
    private readonly client: KinesisClient,
    private readonly streamName: string,
    public readonly shardId: string,
  ) {}

  public get atTip(): boolean {
    return this.tip;
  }

  /** The next page of records (up to `limit`); empty at the tip. */
  public async read(limit = MAX_RECORDS_PER_CALL): Promise<_Record[]> {
    if (this.tip) return [];
    if (!this.started) {
      const out = await this.client.send(
        new GetShardIteratorCommand({ StreamName: this.streamName, ShardId: this.shardId, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      this.iterator = out.ShardIterator;
      this.started = true;
    }
    if (this.iterator === undefined) {
      this.tip = true;
      return [];
    }
    try {
      const page = await this.client.send(
        new GetRecordsCommand({ ShardIterator: this.iterator, Limit: Math.min(limit, MAX_RECORDS_PER_CALL) }),
      );
      const records = page.Records ?? [];
      this.iterator = page.NextShardIterator;
      if (records.length === 0 && (page.MillisBehindLatest ?? 0) === 0) this.tip = true;
      return records;
    } catch (error) {
      throw new LocalServiceError(
        `GetRecords on ${this.streamName}/${this.shardId}: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }

  /** Every record up to the tip (bounded by the shard's contents). */
  public async readAll(): Promise<_Record[]> {
    const all: _Record[] = [];
    while (!this.tip) all.push(...(await this.read()));
    return all;
  }
}
