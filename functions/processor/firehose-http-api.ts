import { AwsHttpError } from '../shared/errors';
import type { SignedHttpClient } from '../shared/signed-http-client';
import type { FirehoseApi, OutboundRecord, PutRecordBatchEntryResult } from './ports';

/** Firehose over its JSON 1.1 protocol (PutRecordBatch only), through the signed client. */
export class FirehoseHttpApi implements FirehoseApi {
  private readonly url: URL;

  /** `endpoint` @default https://firehose.<region>.amazonaws.com (AWS_ENDPOINT_URL_FIREHOSE overrides, as for the SDK) */
  public constructor(
    private readonly client: SignedHttpClient,
    region: string,
    endpoint?: string,
  ) {
    this.url = new URL(endpoint ?? `https://firehose.${region}.amazonaws.com/`);
  }

  public async putRecordBatch(deliveryStreamName: string, records: readonly OutboundRecord[]) {
    // Built as text: base64 never needs JSON escaping, and a call carries up to 500 records.
    const data = records.map((r) => `{"Data":"${r.chunk.toString('base64', r.offset, r.offset + r.bytes)}"}`);
    const body = `{"DeliveryStreamName":${JSON.stringify(deliveryStreamName)},"Records":[${data.join(',')}]}`;
    const answer = await this.client.send({
      method: 'POST',
      url: this.url,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Firehose_20150804.PutRecordBatch' },
      body,
    });
    if (answer.status !== 200) throw jsonError(answer.status, answer.body, answer.headers['x-amzn-errortype']);
    const parsed = JSON.parse(answer.body) as { FailedPutCount?: unknown; RequestResponses?: unknown };
    const responses = Array.isArray(parsed.RequestResponses) ? (parsed.RequestResponses as PutRecordBatchEntryResult[]) : [];
    return { FailedPutCount: typeof parsed.FailedPutCount === 'number' ? parsed.FailedPutCount : responses.length, RequestResponses: responses };
  }
}

/** An AWS JSON-protocol error answer: the code is in `__type` (after `#`) or the x-amzn-errortype header. */
function jsonError(status: number, body: string, headerType: string | string[] | undefined): AwsHttpError {
  let type = typeof headerType === 'string' ? headerType : '';
  let message = body.slice(0, 200);
  try {
    const parsed = JSON.parse(body) as { __type?: unknown; message?: unknown; Message?: unknown };
    if (typeof parsed.__type === 'string') type = parsed.__type;
    const m = parsed.message ?? parsed.Message;
    if (typeof m === 'string') message = m;
  } catch {
    // Not JSON (e.g. a load balancer page): the status says enough.
  }
  const code = type.split(':')[0]?.split('#').pop() || `Http${status}`;
  return new AwsHttpError(`Firehose PutRecordBatch: ${code}: ${message}`, code, status);
}
