import { Logger } from '@aws-lambda-powertools/logger';
import { SignedHttpClient, credentialsFromEnv } from '../shared/signed-http-client';
import { readProcessorConfig } from './config';
import { createHandler } from './create-handler';
import { EmfEmitter } from './emf-emitter';
import { FirehoseHttpApi } from './firehose-http-api';
import { S3HttpApi } from './s3-http-api';

// Cold start: configuration read once (fails fast, naming the variable), clients created once.
const config = readProcessorConfig(process.env);
const credentials = credentialsFromEnv(process.env);
const logger = new Logger({ serviceName: config.serviceName, persistentKeys: { dataset: config.dataset.name } });

export const handler = createHandler({
  config,
  firehose: new FirehoseHttpApi(
    new SignedHttpClient({ service: 'firehose', region: config.region, credentials }),
    config.region,
    process.env.AWS_ENDPOINT_URL_FIREHOSE,
  ),
  objectStore: new S3HttpApi(new SignedHttpClient({ service: 's3', region: config.region, credentials }), config.region, process.env.AWS_ENDPOINT_URL_S3),
  metrics: new EmfEmitter({ namespace: config.metricsNamespace }),
  logger,
});
