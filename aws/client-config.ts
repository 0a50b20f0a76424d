import { NodeHttpHandler } from '@smithy/node-http-handler';
import { AWS_CLIENT_DEFAULTS } from './client-defaults';

/** Static credentials (tests and local APIs); real runs use the SDK's default chain. */
export interface StaticCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** Settings every AWS SDK v3 client of the project is built from. */
export interface AwsClientOptions {
  readonly region: string;
  /**
   * A local endpoint such as kinesalite (`http://127.0.0.1:4567`) or a test server.
   * It gets dummy credentials unless `credentials` is given: local APIs do not check signatures.
   * @default the AWS endpoint of `region`
   */
  readonly endpoint?: string;
  /** @default the SDK's default chain (environment, profile, SSO, container, instance) */
  readonly credentials?: StaticCredentials;
  /** Time to open a connection. @default AWS_CLIENT_DEFAULTS.connectionTimeoutMs */
  readonly connectionTimeoutMs?: number;
  /** Time for one HTTP request to answer; exceeding it RAISES (`throwOnRequestTimeout`). @default AWS_CLIENT_DEFAULTS.requestTimeoutMs */
  readonly requestTimeoutMs?: number;
  /**
   * Attempts the SDK makes per call, the first included (its standard retry mode:
   * throttling, 5xx and network errors, with jittered backoff). Pass 1 where the caller
   * retries itself (failed entries of a batch), so that both retries do not multiply.
   * @default AWS_CLIENT_DEFAULTS.maxAttempts
   */
  readonly maxAttempts?: number;
}

/** The constructor input of any SDK v3 client: `new KinesisClient(awsClientConfig({...}))`. */
export interface AwsClientConfig {
  readonly region: string;
  readonly maxAttempts: number;
  readonly retryMode: 'standard';
  readonly requestHandler: NodeHttpHandler;
  readonly endpoint?: string;
  readonly credentials?: StaticCredentials;
}

/**
 * The one client factory: every AWS client (Lambda, producers, runner, local run, ops)
 * is built from it, so that no call can hang and no retry is unbounded.
 *
 * - HTTP/1.1 through `NodeHttpHandler`: works with AWS and with kinesalite alike.
 * - `throwOnRequestTimeout: true`: without it the SDK's request timeout only logs a
 *   warning, and an endpoint that accepts the connection and never answers hangs the
 *   call forever. With it the call fails with a `TimeoutError`.
 * - A bounded number of attempts in the SDK's standard retry mode.
 */
export function awsClientConfig(options: AwsClientOptions): AwsClientConfig {
  const connectionTimeout = options.connectionTimeoutMs ?? AWS_CLIENT_DEFAULTS.connectionTimeoutMs;
  const requestTimeout = options.requestTimeoutMs ?? AWS_CLIENT_DEFAULTS.requestTimeoutMs;
  const maxAttempts = options.maxAttempts ?? AWS_CLIENT_DEFAULTS.maxAttempts;
  const problems = [
    ...positiveInteger('connectionTimeoutMs', connectionTimeout),
    ...positiveInteger('requestTimeoutMs', requestTimeout),
    ...positiveInteger('maxAttempts', maxAttempts),
  ];
  if (problems.length > 0) throw new RangeError(`AWS client options: ${problems.join('; ')}`);
  const credentials = options.credentials ?? (options.endpoint !== undefined ? localCredentials() : undefined);
  return {
    region: options.region,
    maxAttempts,
    retryMode: 'standard',
    requestHandler: new NodeHttpHandler({ connectionTimeout, requestTimeout, throwOnRequestTimeout: true }),
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
    ...(credentials !== undefined ? { credentials } : {}),
  };
}

/** A new object per client: the SDK writes into the credentials it is given (`$source`). */
function localCredentials(): StaticCredentials {
  return { accessKeyId: 'local', secretAccessKey: 'local' };
}

function positiveInteger(name: string, value: number): string[] {
  return Number.isInteger(value) && value > 0 ? [] : [`${name} is ${value}; expected a positive integer`];
}
