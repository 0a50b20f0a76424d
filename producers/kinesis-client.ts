import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';

export interface KinesisClientOptions {
  readonly region: string;
  /** A local Kinesis API such as kinesalite, e.g. http://127.0.0.1:4567. @default AWS */
  readonly endpoint?: string;
}

/**
 * One client per process. SDK retries are off (`maxAttempts: 1`) because the
 * batch sender retries only the failed entries itself; both would multiply.
 * HTTP/1.1 (`NodeHttpHandler`) works with AWS and with kinesalite alike. A local
 * endpoint gets dummy credentials: kinesalite does not check signatures.
 */
export function createKinesisClient(options: KinesisClientOptions): KinesisClient {
  return new KinesisClient({
    region: options.region,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: 30_000 }),
    ...(options.endpoint !== undefined
      ? { endpoint: options.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
}
