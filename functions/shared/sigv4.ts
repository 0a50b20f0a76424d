import { createHash, createHmac } from 'node:crypto';

/** AWS credentials as Lambda exports them. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface SigV4Request {
  readonly method: string;
  readonly url: URL;
  /** Headers to send and sign (lower-case names). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Uint8Array;
}

export interface SigV4Options {
  readonly service: string;
  readonly region: string;
  readonly credentials: AwsCredentials;
  readonly date: Date;
}

const sha256Hex = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();

/** RFC 3986 escaping, as SigV4 wants for each path segment (encodeURIComponent leaves !'()* alone). */
function escapeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Signature Version 4 ("Create a signed AWS API request", AWS IAM User Guide), header
 * form, no query string. The path is used as sent for S3 and escaped once more for
 * other services, as the SDK does. Returns every header to send, Authorization included.
 *
 * Why not @smithy/signature-v4: since 5.x it pulls ~130 KB of @smithy/core into the
 * bundle, and the Lambda bundle budget is 200 KB. Tests check this signer against it.
 */
export function signSigV4(request: SigV4Request, options: SigV4Options): Record<string, string> {
  const iso = options.date.toISOString().replace(/[:-]|\.\d{3}/g, '');
  const day = iso.slice(0, 8);
  const payloadHash = sha256Hex(request.body);
  const headers: Record<string, string> = { ...request.headers, host: request.url.host, 'x-amz-date': iso };
  if (options.credentials.sessionToken !== undefined) headers['x-amz-security-token'] = options.credentials.sessionToken;
  if (options.service === 's3') headers['x-amz-content-sha256'] = payloadHash;

  const names = Object.keys(headers)
    .map((n) => n.toLowerCase())
    .sort();
  const lower: Record<string, string> = {};
  for (const [n, v] of Object.entries(headers)) lower[n.toLowerCase()] = v.trim().replace(/\s+/g, ' ');
  const canonicalHeaders = names.map((n) => `${n}:${lower[n] ?? ''}\n`).join('');
  const signedHeaders = names.join(';');
  const path = options.service === 's3' ? request.url.pathname : request.url.pathname.split('/').map(escapeSegment).join('/');
  const canonicalRequest = [request.method, path, '', canonicalHeaders, signedHeaders, payloadHash].join('\n');

  const scope = `${day}/${options.region}/${options.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', iso, scope, sha256Hex(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${options.credentials.secretAccessKey}`, day), options.region), options.service), 'aws4_request');
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${options.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return headers;
}
