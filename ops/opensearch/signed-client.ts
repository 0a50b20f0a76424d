import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { isRetryable, withRetries, type RetryPolicy } from '../../aws/retry';
import { OpenSearchConnectionError, OpenSearchRequestError, OpsUsageError } from '../errors';

export interface SignedClientOptions {
  /** `https://search-....es.amazonaws.com` (http only for a local test server). */
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Per-attempt timeout; when it passes, the attempt fails with a TimeoutError (retried within the bound). @default 30000 */
  readonly timeoutMs?: number;
  /**
   * Bounded retry of whole requests (aws/retry.ts: full jitter) for throttling (429),
   * 5xx, timeouts and network errors. Every request this client makes (GET, PUT of
   * templates, policies and role mappings) is idempotent, so another attempt is safe.
   * @default { maxAttempts: 3 }
   */
  readonly retry?: RetryPolicy;
}

export interface OpenSearchResponse {
  readonly status: number;
  readonly body: unknown;
}

/** Minimal REST client for an OpenSearch domain, signing each request with SigV4 (service `es`). */
export class SignedOpenSearchClient {
  private readonly url: URL;
  private readonly signer: SignatureV4;
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;

  constructor(options: SignedClientOptions) {
    try {
      this.url = new URL(options.endpoint.includes('://') ? options.endpoint : `https://${options.endpoint}`);
    } catch (cause) {
      throw new OpsUsageError(`--endpoint: '${options.endpoint}' is not a URL; expected https://<domain endpoint>`, { cause });
    }
    // Checked before any request: an ftp:// endpoint otherwise failed at the first call as a runtime error (exit 1), or as missing credentials.
    if (this.url.protocol !== 'https:' && this.url.protocol !== 'http:') {
      throw new OpsUsageError(
        `--endpoint: '${options.endpoint}' has the scheme ${this.url.protocol.replace(/:$/, '')}; expected https://<domain endpoint>`,
      );
    }
    this.signer = new SignatureV4({ service: 'es', region: options.region, credentials: options.credentials, sha256: Sha256 });
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retry = options.retry ?? { maxAttempts: 3 };
  }

  /**
   * Sends a request; statuses listed in `accept` are returned, any other throws.
   * Throttling, 5xx, timeouts and network errors are retried within the retry bound.
   */
  async request(
    method: 'GET' | 'PUT' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
    accept: readonly number[] = [200, 201],
  ): Promise<OpenSearchResponse> {
    return withRetries(() => this.attempt(method, path, body, accept), this.retry, retryableRequest);
  }

  /** One signed attempt, bounded by `timeoutMs` (headers and body alike). */
  private async attempt(
    method: 'GET' | 'PUT' | 'POST' | 'DELETE',
    path: string,
    body: unknown,
    accept: readonly number[],
  ): Promise<OpenSearchResponse> {
    const [pathname, search = ''] = path.split('?');
    const query = Object.fromEntries(new URLSearchParams(search));
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const signed = await this.sign({
      method,
      protocol: this.url.protocol,
      hostname: this.url.hostname,
      port: this.url.port ? Number(this.url.port) : undefined,
      path: pathname,
      query,
      headers: { host: this.url.host, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
      body: payload,
    });
    const target = new URL(pathname, this.url);
    target.search = search;
    let response: Response;
    let text: string;
    try {
      // One signal for the whole attempt: it also bounds reading the body, not only the headers.
      response = await fetch(target, { method, headers: signed.headers, body: payload, signal: AbortSignal.timeout(this.timeoutMs) });
      text = await response.text();
    } catch (error) {
      throw new OpenSearchConnectionError(`${method} ${this.url.origin}${pathname}: ${connectionProblem(error, this.timeoutMs)}`, {
        cause: error,
      });
    }
    if (!accept.includes(response.status)) {
      const hint =
        response.status === 403 && pathname.startsWith('/_plugins/_security')
          ? "Your IAM identity is not mapped to security_manager/all_access in OpenSearch: assume the domain's master role (opensearch.masterUserArn in config/environments.ts) and run again (docs/operations.md)."
          : '';
      throw new OpenSearchRequestError(method, path, response.status, text, hint);
    }
    let parsed: unknown = text;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      // Not JSON: keep the text.
    }
    return { status: response.status, body: parsed };
  }

  /** Signs a request; no credentials is a one-line error with the way out, not the provider chain's trace. */
  private async sign(request: Parameters<SignatureV4['sign']>[0]): Promise<{ headers: Record<string, string> }> {
    try {
      return await this.signer.sign(request);
    } catch (error) {
      const message = error instanceof Error ? (error.message.split('\n', 1)[0] ?? '') : String(error);
      throw new OpenSearchConnectionError(
        `no AWS credentials to sign with (${message}); set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, for a role mapped in OpenSearch`,
        { cause: error },
      );
    }
  }
}

/**
 * What a failed fetch means for the user, in one line. fetch wraps the socket error
 * as `cause` (a TLS failure carries the whole peer certificate there, which is what
 * used to be dumped); the code names the problem.
 */
export function connectionProblem(error: unknown, timeoutMs: number): string {
  // Duck-typed: fetch's TimeoutError is a DOMException, which may come from another realm (jest's vm contexts), so instanceof Error is unreliable.
  const rawName = (error as { name?: unknown } | null)?.name;
  const name = typeof rawName === 'string' ? rawName : '';
  if (name === 'TimeoutError' || name === 'AbortError')
    return `no answer within ${timeoutMs / 1000} s; check --endpoint and that this machine can reach the domain (VPC, security group), or raise --timeout`;
  const cause = (error as { cause?: unknown } | null)?.cause;
  const code = typeof (cause as { code?: unknown } | null)?.code === 'string' ? String((cause as { code: string }).code) : '';
  const reason = cause instanceof Error ? (cause.message.split('\n', 1)[0] ?? '') : error instanceof Error ? error.message : String(error);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return `host name does not resolve (${code}); check --endpoint (the stack output opensearch_endpoint)`;
  if (code === 'ECONNREFUSED') return `connection refused (${code}); nothing listens there; check --endpoint`;
  if (/CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
    return `TLS failed (${code}: ${reason}); check that --endpoint is the domain endpoint (https://search-....es.amazonaws.com or its custom endpoint)`;
  }
  return `${code !== '' ? `${code}: ` : ''}${reason}; check --endpoint and the network`;
}

/** An error answer is retried only for throttling and 5xx; a thrown error (timeout, network) by the shared rule. */
function retryableRequest(error: unknown): boolean {
  if (error instanceof OpenSearchRequestError) return error.status === 429 || error.status >= 500;
  // A connection error is judged by what failed underneath: missing credentials are not retried.
  if (error instanceof OpenSearchConnectionError) return isRetryable(error.cause);
  return isRetryable(error);
}
