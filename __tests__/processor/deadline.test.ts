import { FirehoseClient } from '@aws-sdk/client-firehose';
import { S3Client } from '@aws-sdk/client-s3';
import { awsClientConfig } from '../../aws/client-config';
import { createHandler, type HandlerLogger } from '../../functions/processor/create-handler';
import { EmfEmitter } from '../../functions/processor/emf-emitter';
import { sdkFirehoseApi, sdkObjectStoreApi } from '../../functions/processor/sdk-apis';
import { startSilentServer } from '../aws/silent-server';
import { accessLog, jsonB64, kinesisEvent, processorConfig } from './factories';

const config = processorConfig({ searchDeliveryStream: 'dev-access-logs-search' });

const logger: HandlerLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('Function: processor handler, against endpoints that never answer', () => {
  it('5. returns its partial batch response before the Lambda timeout, with a margin: each attempt is bounded by the remaining time', async () => {
    // Prepare: real SDK clients (the factory's settings, one attempt, a request timeout far
    // beyond the invocation) against a loopback server that accepts and never answers.
    const silent = await startSilentServer();
    const clientOptions = { region: 'eu-west-1', endpoint: silent.url, maxAttempts: 1, requestTimeoutMs: 60_000 };
    const handler = createHandler({
      config,
      firehose: sdkFirehoseApi(new FirehoseClient(awsClientConfig(clientOptions))),
      objectStore: sdkObjectStoreApi(new S3Client({ ...awsClientConfig(clientOptions), forcePathStyle: true })),
      metrics: new EmfEmitter({ namespace: 'ns', output: () => undefined }),
      logger,
      deadlineMarginMs: 2_000,
    });
    // Seconds, not milliseconds: a loaded 2-core machine delays timers by a few hundred ms,
    // which a 250 ms slack did not survive. The handler aims to answer 2 s before the timeout.
    const timeoutMs = 8_000;
    const invokedAt = Date.now();
    const event = kinesisEvent([jsonB64(accessLog()), 'bad!', jsonB64(accessLog())]);
    try {
      // Act
      const response = await handler(event, { getRemainingTimeInMillis: () => timeoutMs - (Date.now() - invokedAt) });
      const elapsed = Date.now() - invokedAt;
      // Assess: answered in time, naming the first record; processed, search and quarantine calls all reached the server.
      expect(response.batchItemFailures).toEqual([{ itemIdentifier: event.Records[0]?.kinesis.sequenceNumber }]);
      expect(elapsed).toBeLessThan(timeoutMs - 1_000);
      expect(silent.connections()).toBeGreaterThanOrEqual(3);
    } finally {
      await silent.close();
    }
  }, 20_000);
});
