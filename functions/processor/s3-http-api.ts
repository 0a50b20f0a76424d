import { AwsHttpError } from '../shared/errors';
import type { SignedHttpClient } from '../shared/signed-http-client';
import type { ObjectStoreApi } from './ports';

/** S3 PutObject through the signed client: virtual-hosted style, or path style on an endpoint override. */
export class S3HttpApi implements ObjectStoreApi {
  public constructor(
    private readonly client: SignedHttpClient,
    private readonly region: string,
    /** @default none (AWS); AWS_ENDPOINT_URL_S3 overrides, as for the SDK */
    private readonly endpoint?: string,
  ) {}

  public async putObject(bucket: string, key: string, body: string, contentType: string): Promise<void> {
    const path = key.split('/').map(encodeURIComponent).join('/');
    const url =
      this.endpoint === undefined
        ? new URL(`https://${bucket}.s3.${this.region}.amazonaws.com/${path}`)
        : new URL(`${this.endpoint.replace(/\/$/, '')}/${bucket}/${path}`);
    const answer = await this.client.send({ method: 'PUT', url, headers: { 'content-type': contentType }, body });
    if (answer.status >= 200 && answer.status < 300) return;
    // S3 answers errors in XML: <Error><Code>SlowDown</Code><Message>...</Message></Error>.
    const code = /<Code>([^<]+)<\/Code>/.exec(answer.body)?.[1] ?? `Http${answer.status}`;
    const message = /<Message>([^<]*)<\/Message>/.exec(answer.body)?.[1] ?? '';
    throw new AwsHttpError(`S3 PutObject s3://${bucket}/${key}: ${code}: ${message}`, code, answer.status);
  }
}
