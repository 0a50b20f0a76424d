import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** What a fault script tells the loopback server to do with one request. */
export type Fault =
  /** Answer as the service does. */
  | 'ok'
  /** Send the status line, headers and half of the JSON body, then reset the connection. */
  | 'half-body'
  /** Close the connection without answering. */
  | 'reset'
  /** S3's `RequestTimeout` error: HTTP 400 with its XML body (documented as retryable). */
  | 's3-request-timeout'
  /** HTTP 500 with the service's error body. */
  | 'internal-error'
  /** Firehose throttling: `ServiceUnavailableException`, HTTP 503. */
  | 'throttled'
  /** Firehose: one entry fewer in `RequestResponses` than records sent (none stored). */
  | 'short-answer'
  /** Firehose: `FailedPutCount` 0, yet the first entry has an `ErrorCode` (and a `RecordId`); that one is not stored. */
  | 'lying-count'
  /** Firehose: the first entry has neither `RecordId` nor `ErrorCode`; that one is not stored. */
  | 'no-record-id';

/** Every fault, for property tests. */
export const FAULTS: readonly Fault[] = [
  'ok',
  'half-body',
  'reset',
  's3-request-timeout',
  'internal-error',
  'throttled',
  'short-answer',
  'lying-count',
  'no-record-id',
];

/** One request as it reached the server, for assertions on signing and addressing. */
export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

export interface LoopbackAws {
  /** `http://127.0.0.1:<port>`, for the clients' `endpoint`. */
  readonly url: string;
  /** Firehose records the server accepted (answered `ok`), as text. */
  readonly firehoseRecords: string[];
  /** S3 objects the server accepted, by path. */
  readonly objects: Map<string, string>;
  /** Requests seen, in order, as `<service> <fault>`. */
  readonly log: string[];
  /** Requests seen, in order, whole. */
  readonly requests: SeenRequest[];
  close(): Promise<void>;
}

/**
 * A loopback server that speaks the two calls of the processor as AWS does
 * (Firehose PutRecordBatch in JSON 1.1, S3 PutObject path-style) and injects the
 * faults of a script, one per request of each service (then `ok`): the SDK's real
 * HTTP handler, parser and error mapping see the faults, not a mock.
 */
export async function startLoopbackAws(script: { firehose?: readonly Fault[]; s3?: readonly Fault[] }): Promise<LoopbackAws> {
  const firehoseRecords: string[] = [];
  const objects = new Map<string, string>();
  const log: string[] = [];
  const requests: SeenRequest[] = [];
  const next = { firehose: 0, s3: 0 };
  const answer = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    const service = typeof req.headers['x-amz-target'] === 'string' ? 'firehose' : 's3';
    const fault = script[service]?.[next[service]++] ?? 'ok';
    log.push(`${service} ${fault}`);
    if (fault === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault === 'internal-error' || (fault === 'throttled' && service === 'firehose')) {
      const [status, code] = fault === 'throttled' ? [503, 'ServiceUnavailableException'] : [500, 'InternalError'];
      if (service === 'firehose') {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': code });
        res.end(JSON.stringify({ __type: code, message: 'injected' }));
      } else {
        res.writeHead(status, { 'content-type': 'application/xml' });
        res.end(
          `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>injected</Message><RequestId>R2</RequestId></Error>`,
        );
      }
      return;
    }
    if (service === 's3') {
      if (fault === 's3-request-timeout') {
        res.writeHead(400, { 'content-type': 'application/xml' });
        res.end(
          '<?xml version="1.0" encoding="UTF-8"?><Error><Code>RequestTimeout</Code><Message>Your socket connection to the server was not read from or written to within the timeout period. Idle connections will be closed.</Message><RequestId>R1</RequestId></Error>',
        );
        return;
      }
      objects.set(decodeURIComponent(req.url ?? ''), body);
      res.writeHead(200, { etag: '"e"' });
      res.end();
      return;
    }
    const input = JSON.parse(body) as { Records: { Data: string }[] };
    // Entry answers; a lying fault spoils the first (or drops the last), and the spoiled one is not stored.
    const entries: Record<string, string>[] = input.Records.map((_, i) => ({ RecordId: `rid-${log.length}-${i}` }));
    if (fault === 'short-answer') entries.pop();
    if (fault === 'lying-count' && entries[0] !== undefined)
      entries[0] = { RecordId: 'rid-lie', ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'injected' };
    if (fault === 'no-record-id' && entries[0] !== undefined) entries[0] = {};
    const stored =
      fault === 'short-answer' ? [] : fault === 'lying-count' || fault === 'no-record-id' ? input.Records.slice(1) : input.Records;
    const text = JSON.stringify({ FailedPutCount: 0, Encrypted: false, RequestResponses: entries });
    if (fault === 'half-body') {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'content-length': String(text.length) });
      res.write(text.slice(0, Math.floor(text.length / 2)));
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    }
    for (const r of stored) firehoseRecords.push(Buffer.from(r.Data, 'base64').toString('utf8'));
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(text);
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      answer(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('loopback AWS: no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    firehoseRecords,
    objects,
    log,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
