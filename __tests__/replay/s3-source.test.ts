import { GetObjectCommand, ListObjectsV2Command, S3Client, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { Readable } from 'node:stream';
import { awsClientConfig } from '../../aws/client-config';
import { findEnvironment } from '../../config/environment-lookup';
import { parseS3Prefix, s3Files } from '../../replay/replay-sources';
import { runReplay } from '../../replay/run-replay';
import { accessLog, jsonB64, NOW_MS } from '../processor/factories';
import { onFailureRecord } from './factories';

/** A streamed object body as the SDK hands it over (a Node Readable). */
const body = (text: string): GetObjectCommandOutput['Body'] => Readable.from([text]) as unknown as GetObjectCommandOutput['Body'];

describe('Function: replay from an S3 prefix', () => {
  const s3 = mockClient(S3Client);
  afterEach(() => s3.reset());

  it('parses s3://bucket/prefix and leaves local paths alone', () => {
    expect(parseS3Prefix('s3://b/aws/lambda/')).toEqual({ bucket: 'b', prefix: 'aws/lambda/' });
    expect(parseS3Prefix('s3://b')).toEqual({ bucket: 'b', prefix: '' });
    expect(parseS3Prefix('.local/s3/b')).toBeUndefined();
  });

  it('lists every page and streams each object (dry run over a paginated listing)', async () => {
    // Prepare: two pages, one quarantine object and one on-failure record.
    const entry = {
      reason: "field 'access_time': is before 2000-01-01",
      raw: jsonB64(accessLog({ access_time: 1_700_000_000 })),
      sequence_number: '7',
      partition_key: 'pk',
      approximate_arrival_time: 'x',
      quarantined_at: 'y',
    };
    const failure = onFailureRecord([{ data: jsonB64(accessLog()), partitionKey: 'pk', sequenceNumber: '8' }], 'RecordAgeExceeded');
    s3.on(ListObjectsV2Command, { ContinuationToken: undefined })
      .resolves({ Contents: [{ Key: 'invalid/access-logs/dt=2026-11-24/a.json' }], IsTruncated: true, NextContinuationToken: 't1' })
      .on(ListObjectsV2Command, { ContinuationToken: 't1' })
      .resolves({ Contents: [{ Key: 'aws/lambda/u/shardId-0/2026/11/24/b' }, { Key: 'aws/lambda/' }], IsTruncated: false });
    s3.on(GetObjectCommand, { Key: 'invalid/access-logs/dt=2026-11-24/a.json' }).resolves({ Body: body(`${JSON.stringify(entry)}\n`) });
    s3.on(GetObjectCommand, { Key: 'aws/lambda/u/shardId-0/2026/11/24/b' }).resolves({ Body: body(JSON.stringify(failure)) });
    const client = new S3Client(awsClientConfig({ region: 'us-east-1' }));
    const lines: string[] = [];

    // Act
    const result = await runReplay({
      env: findEnvironment('dev'),
      files: s3Files(client, 'q', ''),
      dryRun: true,
      fixes: [],
      out: (l) => lines.push(l),
      now: () => NOW_MS,
    });

    // Assess
    expect(s3.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input)).toEqual([
      { Bucket: 'q', Prefix: '' },
      { Bucket: 'q', Prefix: '', ContinuationToken: 't1' },
    ]);
    expect(result.files).toBe(2);
    expect(result.datasets['access-logs']).toEqual({ fromFailureBatches: 1, fixed: 0, skipped: 1 });
    expect(lines[0]).toBe(
      "skip  access-logs  invalid/access-logs/dt=2026-11-24/a.json seq=7: quarantined: field 'access_time': is before 2000-01-01 (no --fix given)",
    );
    expect(lines[1]).toBe(
      'send  access-logs  aws/lambda/u/shardId-0/2026/11/24/b seq=8 event_id=3f2b8c1e-9a7d-4e21-8b6f-0c5d4e3a2b1c: on-failure batch (RecordAgeExceeded)',
    );
  });
});
