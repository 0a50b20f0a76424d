import { FirehoseClient } from '@aws-sdk/client-firehose';
import { S3Client } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import { awsClientConfig } from '../../aws/client-config';
import { readProcessorConfig } from './config';
import { createHandler } from './create-handler';
import { EmfEmitter } from './emf-emitter';
import { PROCESSOR_DEFAULTS } from './processor-defaults';
import { sdkFirehoseApi, sdkObjectStoreApi } from './sdk-apis';

// Cold start: configuration read once (fails fast, naming the variable), clients created once
// per container and reused by every invocation (their connections stay open between them).
const config = readProcessorConfig(process.env);
const logger = new Logger({ serviceName: config.serviceName, persistentKeys: { dataset: config.dataset.name } });
// One SDK attempt per call: the sinks own the retry (see PROCESSOR_DEFAULTS.sdkMaxAttempts).
// Credentials come from the SDK's default chain (Lambda's environment); endpoints from
// the SDK's own resolution, which honours AWS_ENDPOINT_URL_FIREHOSE / AWS_ENDPOINT_URL_S3.
const clientOptions = {
  region: config.region,
  maxAttempts: PROCESSOR_DEFAULTS.sdkMaxAttempts,
  requestTimeoutMs: PROCESSOR_DEFAULTS.requestTimeoutMs,
};

export const handler = createHandler({
  config,
  firehose: sdkFirehoseApi(new FirehoseClient(awsClientConfig(clientOptions))),
  objectStore: sdkObjectStoreApi(new S3Client(awsClientConfig(clientOptions))),
  metrics: new EmfEmitter({ namespace: config.metricsNamespace }),
  logger,
});
