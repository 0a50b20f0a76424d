import { GetObjectCommand, ListObjectsV2Command, S3Client, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { Readable } from 'node:stream';
import { awsClientConfig } from '../../aws/client-config';
import type { EnvironmentConfig } from '../../config/environment';
import { findEnvironment } from '../../config/environment-lookup';
import { s3Files } from '../../replay/replay-sources';
import { runReplay } from '../../replay/run-replay';
import { accessLog, jsonB64, NOW_MS } from '../processor/factories';

const body = (text: string): GetObjectCommandOutput['Body'] => Readable.from([text]) as unknown as GetObjectCommandOutput['Body'];

/** The dev environment with its processor accepting event times up to `seconds` ahead. */
function devWithSkew(seconds: number): EnvironmentConfig {
  const dev = findEnvironment('dev');
  return { ...dev, processor: { ...dev.processor, maxFutureSkewSeconds: seconds } };
}

describe('Function: runReplay decides as the environment’s processor does', () => {
  const s3 = mockClient(S3Client);
  afterEach(() => s3.reset());

  it.each([
    [3600, 'send'],
    [300, 'skip'],
  ])('with the processor allowing %i s of future skew, an on-failure record 20 minutes ahead is a %s', async (skewSeconds, verdict) => {
    // Prepare: one on-failure record whose event time lies 20 minutes after now.
    const ahead = accessLog({ access_time: new Date(NOW_MS + 20 * 60_000).toISOString() });
    const failure = {
      requestContext: { condition: 'RetryAttemptsExhausted' },
      KinesisBatchInfo: { streamArn: 'arn:aws:kinesis:us-east-1:111111111111:stream/logtel-dev-access-logs' },
      payload: JSON.stringify({ Records: [{ kinesis: { data: jsonB64(ahead), partitionKey: 'pk', sequenceNumber: '8' } }] }),
    };
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'aws/lambda/u/shardId-0/2026/11/24/b' }], IsTruncated: false });
    s3.on(GetObjectCommand).resolves({ Body: body(JSON.stringify(failure)) });
    const lines: string[] = [];

    // Act
    await runReplay({
      env: devWithSkew(skewSeconds),
      files: s3Files(new S3Client(awsClientConfig({ region: 'us-east-1' })), 'q', ''),
      dryRun: true,
      fixes: [],
      out: (l) => lines.push(l),
      now: () => NOW_MS,
    });

    // Assess
    expect(lines[0]?.split(' ')[0]).toBe(verdict);
  });
});
