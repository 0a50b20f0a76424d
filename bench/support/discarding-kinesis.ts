import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback Kinesis endpoint that accepts every PutRecords and keeps nothing: the
 * producer's memory can be measured without a stream's storage in the picture.
 * Speaks the JSON 1.1 protocol the SDK's Kinesis client uses.
 */
export interface DiscardingKinesis {
  readonly endpoint: string;
  /** Records accepted so far. */
  records(): number;
  close(): Promise<void>;
}

export async function startDiscardingKinesis(): Promise<DiscardingKinesis> {
  let accepted = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      if (!target.endsWith('.PutRecords')) {
        res
          .writeHead(400, { 'content-type': 'application/x-amz-json-1.1' })
          .end(JSON.stringify({ __type: 'UnknownOperationException', message: target }));
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Records?: unknown[] };
      const n = body.Records?.length ?? 0;
      accepted += n;
      const records = Array.from({ length: n }, (_, i) => ({ SequenceNumber: String(accepted - n + i), ShardId: 'shardId-000000000000' }));
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ FailedRecordCount: 0, Records: records }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    records: () => accepted,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
