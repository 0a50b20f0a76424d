import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * A loopback stand-in for AWS, for spawned CLI tests (the CLI reaches it through
 * AWS_ENDPOINT_URL). `answering`: STS GetCallerIdentity (query protocol, XML),
 * and Glue GetTables/GetTable over an empty catalog (JSON 1.1), as documented.
 * `silent`: accepts every connection and never answers, like a black-holed endpoint.
 */
export interface FakeAws {
  readonly endpoint: string;
  /** Requests seen, as `STS.GetCallerIdentity` or `AWSGlue.GetTables`. */
  readonly calls: string[];
  close(): Promise<void>;
}

export const FAKE_ACCOUNT = '123456789012';

export async function startFakeAws(mode: 'answering' | 'silent'): Promise<FakeAws> {
  const calls: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const target = String(req.headers['x-amz-target'] ?? '');
      const call =
        target !== '' ? target : /Action=(\w+)/.exec(body)?.[1] !== undefined ? `STS.${/Action=(\w+)/.exec(body)?.[1] ?? ''}` : 'unknown';
      calls.push(call);
      if (mode === 'silent') return; // never answers
      if (call === 'STS.GetCallerIdentity') {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(
          `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${FAKE_ACCOUNT}:user/ci</Arn><UserId>AIDAEXAMPLE</UserId><Account>${FAKE_ACCOUNT}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
        );
      } else if (call === 'AWSGlue.GetTables') {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ TableList: [] }));
      } else if (call === 'AWSGlue.GetTable') {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ __type: 'EntityNotFoundException', Message: 'Table not found.' }));
      } else {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ __type: 'InvalidInputException', Message: `the fake does not implement ${call}` }));
      }
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
