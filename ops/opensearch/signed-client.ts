import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { OpenSearchRequestError, OpsUsageError } from '../errors';

export interface SignedClientOptions {
  /** `https://search-....es.amazonaws.com` (http only for a local test server). */
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Per-request timeout. @default 30000 */
  readonly timeoutMs?: number;
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

  constructor(options: SignedClientOptions) {
    try {
      this.url = new URL(options.endpoint.includes('://') ? options.endpoint : `https://${options.endpoint}`);
    } catch (cause) {
      throw new OpsUsageError(`--endpoint: '${options.endpoint}' is not a URL; expected https://<domain endpoint>`, { cause });
    }
    this.signer = new SignatureV4({ service: 'es', region: options.region, credentials: options.credentials, sha256: Sha256 });
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** Sends a request; statuses listed in `accept` are returned, any other throws. */
  async request(method: 'GET' | 'PUT' | 'POST' | 'DELETE', path: string, body?: unknown, accept: readonly number[] = [200, 201]): Promise<OpenSearchResponse> {
    const [pathname, search = ''] = path.split('?');
    const query = Object.fromEntries(new URLSearchParams(search));
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const signed = await this.signer.sign({
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
    const response = await fetch(target, { method, headers: signed.headers, body: payload, signal: AbortSignal.timeout(this.timeoutMs) });
    const text = await response.text();
    if (!accept.includes(response.status)) {
      const hint =
        response.status === 403 && pathname.startsWith('/_plugins/_security')
          ? 'Your IAM identity is not mapped to security_manager/all_access in OpenSearch: assume the domain\'s master role (opensearch.masterUserArn in config/environments.ts) and run again (docs/operations.md).'
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
}
