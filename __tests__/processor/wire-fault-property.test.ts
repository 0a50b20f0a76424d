import { randomUUID } from 'node:crypto';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { S3Client } from '@aws-sdk/client-s3';
import fc from 'fast-check';
import { awsClientConfig } from '../../aws/client-config';
import { createHandler } from '../../functions/processor/create-handler';
import { EmfEmitter } from '../../functions/processor/emf-emitter';
import { sdkFirehoseApi, sdkObjectStoreApi } from '../../functions/processor/sdk-apis';
import { accessLog, jsonB64, kinesisEvent, processorConfig, recordingSleep } from './factories';
import { FAULTS, startLoopbackAws } from './loopback-aws';

const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('Function: processor handler against a loopback AWS with random faults (property)', () => {
  it('loses nothing: every record before the one the response names is delivered or quarantined, and with no name all are', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: 1, maxLength: 12 }),
        fc.array(fc.constantFrom(...FAULTS), { maxLength: 8 }),
        fc.array(fc.constantFrom(...FAULTS), { maxLength: 4 }),
        async (validity, firehoseFaults, s3Faults) => {
          // Prepare: real SDK clients (one attempt each, the sinks retry 3 times) against the faulty server.
          const aws = await startLoopbackAws({ firehose: firehoseFaults, s3: s3Faults });
          const options = { region: 'eu-west-1', endpoint: aws.url, maxAttempts: 1, requestTimeoutMs: 5_000 };
          const firehose = new FirehoseClient(awsClientConfig(options));
          const s3 = new S3Client({ ...awsClientConfig(options), forcePathStyle: true });
          const handler = createHandler({
            config: processorConfig(),
            firehose: sdkFirehoseApi(firehose),
            objectStore: sdkObjectStoreApi(s3),
            metrics: new EmfEmitter({ namespace: 'ns', output: () => undefined }),
            logger,
            retry: { sleep: recordingSleep().sleep, maxAttempts: 3 },
          });
          const ids = validity.map(() => randomUUID());
          const event = kinesisEvent(
            validity.map((valid, i) => (valid ? jsonB64(accessLog({ event_id: ids[i], access_time: Date.now() - 1000 })) : `bad ${i}`)),
          );
          const sequence = event.Records.map((r) => r.kinesis.sequenceNumber);
          try {
            // Act
            const response = await handler(event, { getRemainingTimeInMillis: () => 30_000 });
            // Assess
            const delivered = new Set(aws.firehoseRecords.map((line) => String((JSON.parse(line) as { event_id: unknown }).event_id)));
            const quarantined = new Set(
              [...aws.objects.values()].flatMap((body) =>
                body
                  .trim()
                  .split('\n')
                  .map((line) => String((JSON.parse(line) as { sequence_number: unknown }).sequence_number)),
              ),
            );
            const safe = (i: number): boolean => (validity[i] === true ? delivered.has(ids[i] ?? '') : quarantined.has(sequence[i] ?? ''));
            expect(response.batchItemFailures.length).toBeLessThanOrEqual(1);
            const named = response.batchItemFailures[0]?.itemIdentifier;
            const upTo = named === undefined ? validity.length : sequence.indexOf(named);
            expect(upTo).toBeGreaterThanOrEqual(0);
            for (let i = 0; i < upTo; i++) expect(safe(i)).toBe(true);
            // The one named is really not delivered (the response is not needlessly early).
            if (named !== undefined) expect(safe(upTo)).toBe(false);
          } finally {
            firehose.destroy();
            s3.destroy();
            await aws.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});
