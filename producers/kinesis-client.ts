import { KinesisClient } from '@aws-sdk/client-kinesis';
import { awsClientConfig } from '../aws/client-config';

export interface KinesisClientOptions {
  readonly region: string;
  /** A local Kinesis API such as kinesalite, e.g. http://127.0.0.1:4567. @default AWS */
  readonly endpoint?: string;
  /** Time for one request to answer before it raises. @default AWS_CLIENT_DEFAULTS.requestTimeoutMs */
  readonly requestTimeoutMs?: number;
}

/**
 * One client per process, from the shared client factory (timeouts that raise).
 * SDK retries are off (`maxAttempts: 1`) because the batch sender retries only the
 * failed entries itself; both would multiply.
 */
export function createKinesisClient(options: KinesisClientOptions): KinesisClient {
  return new KinesisClient(
    awsClientConfig({
      region: options.region,
      maxAttempts: 1,
      ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
      ...(options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    }),
  );
}
