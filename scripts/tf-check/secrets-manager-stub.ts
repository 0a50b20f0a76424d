import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { STUB_PASSWORD } from './local-stubs';

export interface SecretsManagerStub {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** GetRandomPassword calls answered. */
  answered(): number;
  /** Requests refused (any other operation, or a malformed one). */
  refused(): readonly string[];
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * A Secrets Manager endpoint on 127.0.0.1 (port 0) that answers `GetRandomPassword` with a
 * fixed placeholder (AWS JSON 1.1 protocol: POST, `X-Amz-Target: secretsmanager.<Operation>`).
 * Anything else is refused with an AWS-shaped error, so an unexpected call fails the plan.
 */
export async function startSecretsManagerStub(): Promise<SecretsManagerStub> {
  let answered = 0;
  const refused: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy();
    });
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      if (req.method === 'POST' && target === 'secretsmanager.GetRandomPassword') {
        answered += 1;
        reply(res, 200, { RandomPassword: STUB_PASSWORD });
        return;
      }
      refused.push(`${req.method ?? '?'} ${target || '(no X-Amz-Target)'}`);
      reply(res, 400, {
        __type: 'UnknownOperationException',
        message: `tf:check stub answers only GetRandomPassword, not ${target || 'this request'}`,
      });
    });
  });
  server.keepAliveTimeout = 1000;
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    answered: () => answered,
    refused: () => [...refused],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
