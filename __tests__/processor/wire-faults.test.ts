import { FirehoseClient } from '@aws-sdk/client-firehose';
import { S3Client } from '@aws-sdk/client-s3';
import { awsClientConfig } from '../../aws/client-config';
import { createHandler, type HandlerLogger } from '../../functions/processor/create-handler';
import { EmfEmitter } from '../../functions/processor/emf-emitter';
import { sdkFirehoseApi, sdkObjectStoreApi } from '../../functions/processor/sdk-apis';
import { accessLog, jsonB64, kinesisEvent, recordingSleep, processorConfig } from './factories';
import { startLoopbackAws, type Fault, type LoopbackAws } from './loopback-aws';

const config = processorConfig();

const logger: HandlerLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** The Lambda's wiring (the factory's settings, one SDK attempt) against the loopback server. */
function handlerAgainst(aws: LoopbackAws) {
  const options = { region: 'eu-west-1', endpoint: aws.url, maxAttempts: 1, requestTimeoutMs: 5_000 };
  return createHandler({
    config,
    firehose: sdkFirehoseApi(new FirehoseClient(awsClientConfig(options))),
    objectStore: sdkObjectStoreApi(new S3Client({ ...awsClientConfig(options), forcePathStyle: true })),
    metrics: new EmfEmitter({ namespace: 'ns', output: () => undefined }),
    logger,
    retry: { sleep: recordingSleep().sleep, maxAttempts: 3 },
  });
}

describe('Function: processor handler, against a loopback AWS that injects transient faults', () => {
  let aws: LoopbackAws | undefined;
  afterEach(async () => {
    await aws?.close();
    aws = undefined;
  });

  it.each<[string, { firehose?: Fault[]; s3?: Fault[] }]>([
    // The SDK raises ECONNRESET with the 200 it had already read: the call got no usable answer.
    ['a Firehose answer cut mid-body by a reset (HTTP 200 already sent)', { firehose: ['half-body'] }],
    ['a Firehose connection reset before any answer', { firehose: ['reset'] }],
    // S3 answers RequestTimeout with HTTP 400; the SDK's own retry classes it as transient.
    ["S3's RequestTimeout (HTTP 400) on the quarantine write", { s3: ['s3-request-timeout'] }],
  ])(
    'retries %s and delivers everything',
    async (_case, script) => {
      // Prepare
      aws = await startLoopbackAws(script);
      const handler = handlerAgainst(aws);
      const event = kinesisEvent([jsonB64(accessLog()), 'not base64!', jsonB64(accessLog({ status_code: 404 }))]);
      // Act
      const response = await handler(event, { getRemainingTimeInMillis: () => 30_000 });
      // Assess: nothing left for Lambda to retry; both valid rows and the quarantine object arrived.
      expect(response.batchItemFailures).toEqual([]);
      expect(aws.firehoseRecords).toHaveLength(2);
      expect([...aws.objects.values()].join('').trim().split('\n')).toHaveLength(1);
      expect(aws.log.length).toBeGreaterThan(2);
    },
    20_000,
  );
  it('delivers within the shortest Lambda timeout the configuration allows (3 s): the margin is never all of the remaining time', async () => {
    // Prepare: the default margin (3 s) against an invocation with 2.9 s left, as a 3 s function has
    // after its init. A margin taken whole put the deadline in the past: every call was aborted
    // before it started, every invocation answered "retry from the first record", and the batch
    // could only end in the failure destination.
    aws = await startLoopbackAws({});
    const handler = handlerAgainst(aws);
    const event = kinesisEvent([jsonB64(accessLog()), 'not base64!']);
    const invokedAt = Date.now();
    // Act
    const response = await handler(event, { getRemainingTimeInMillis: () => 2_900 - (Date.now() - invokedAt) });
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(aws.firehoseRecords).toHaveLength(1);
    expect(aws.objects.size).toBe(1);
    expect(Date.now() - invokedAt).toBeLessThan(2_900);
  }, 20_000);
});
