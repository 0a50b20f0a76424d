import { request as httpRequest, Agent as HttpAgent } from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import { AwsEnvironmentError, AwsHttpError } from './errors';
import { signSigV4, type AwsCredentials } from './sigv4';

/**
 * A minimal SigV4-signed HTTPS client. The Lambda bundle has a 200 KB budget and
 * @aws-sdk/client-firehose alone minifies to ~450 KB (client-s3 ~590 KB), so the
 * Lambda makes its two calls (PutRecordBatch, PutObject) through this instead;
 * tests and the local run can use the SDK clients behind the same ports.
 */
export interface SignedHttpClientProps {
  /** Signing name, e.g. `firehose`, `s3`. */
  readonly service: string;
  readonly region: string;
  readonly credentials: () => AwsCredentials;
  /** Socket inactivity timeout, ms. @default 10 000 */
  readonly timeoutMs?: number;
}

export interface SignedRequest {
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Uint8Array;
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/** Lambda exports the execution role's credentials as these variables; read per call, since they rotate only with the container. */
export function credentialsFromEnv(env: NodeJS.ProcessEnv = process.env): () => AwsCredentials {
  return () => {
    const accessKeyId = env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
    if (accessKeyId === undefined || accessKeyId === '') throw new AwsEnvironmentError('AWS_ACCESS_KEY_ID');
    if (secretAccessKey === undefined || secretAccessKey === '') throw new AwsEnvironmentError('AWS_SECRET_ACCESS_KEY');
    const sessionToken = env.AWS_SESSION_TOKEN;
    return sessionToken === undefined || sessionToken === '' ? { accessKeyId, secretAccessKey } : { accessKeyId, secretAccessKey, sessionToken };
  };
}

export class SignedHttpClient {
  // Keep-alive: one TLS handshake per container, not per call.
  private readonly httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 16 });
  private readonly httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 16 });
  private readonly timeoutMs: number;

  public constructor(private readonly props: SignedHttpClientProps) {
    this.timeoutMs = props.timeoutMs ?? 10_000;
  }

  public async send(req: SignedRequest): Promise<HttpAnswer> {
    const { url } = req;
    const headers = signSigV4(
      { method: req.method, url, headers: req.headers, body: req.body },
      { service: this.props.service, region: this.props.region, credentials: this.props.credentials(), date: new Date() },
    );
    const secure = url.protocol === 'https:';
    const doRequest = secure ? httpsRequest : httpRequest;
    return new Promise<HttpAnswer>((resolve, reject) => {
      const outgoing = doRequest(
        {
          method: req.method,
          hostname: url.hostname,
          port: url.port === '' ? undefined : Number(url.port),
          path: url.pathname,
          headers: { ...headers, 'content-length': String(Buffer.byteLength(req.body)) },
          agent: secure ? this.httpsAgent : this.httpAgent,
          timeout: this.timeoutMs,
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (c: Buffer) => chunks.push(c));
          incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks).toString('utf8') }));
          incoming.on('error', (cause) => reject(new AwsHttpError(`${req.method} ${url.host}: response aborted`, 'ResponseAborted', undefined, { cause })));
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(new AwsHttpError(`${req.method} ${url.host}: no answer within ${this.timeoutMs} ms`, 'TimeoutError', undefined)));
      outgoing.on('error', (cause: NodeJS.ErrnoException) =>
        reject(cause instanceof AwsHttpError ? cause : new AwsHttpError(`${req.method} ${url.host}: ${cause.message}`, cause.code ?? 'NetworkError', undefined, { cause })),
      );
      outgoing.end(req.body);
    });
  }
}
