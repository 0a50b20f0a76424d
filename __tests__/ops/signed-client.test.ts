import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OpenSearchRequestError } from '../../ops/errors';
import { SignedOpenSearchClient } from '../../ops/opensearch/signed-client';
import { startSilentServer } from '../aws/silent-server';

const CREDENTIALS = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret-for-tests' };

/** A loopback domain that answers the n-th request (from 1) with `statuses[n - 1]` (the last one repeats). */
async function startScripted(statuses: readonly number[]): Promise<{ server: Server; endpoint: string; count: () => number }> {
  let n = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      n += 1;
      const status = statuses[Math.min(n, statuses.length) - 1] ?? 200;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ n }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, endpoint: `http://127.0.0.1:${port}`, count: () => n };
}

const noSleep = { sleep: async (): Promise<void> => undefined, random: () => 0 };

describe('Class: SignedOpenSearchClient', () => {
  it('gives up on a domain that accepts and never answers: each attempt times out, attempts are bounded', async () => {
    // Prepare
    const silent = await startSilentServer();
    const client = new SignedOpenSearchClient({
      endpoint: silent.url,
      region: 'us-east-1',
      credentials: CREDENTIALS,
      timeoutMs: 200,
      retry: { maxAttempts: 2, ...noSleep },
    });
    const started = Date.now();
    try {
      // Act
      const outcome = client.request('GET', '/_cluster/health');
      // Assess
      // (Since the one-line connection errors: the last attempt's TimeoutError is the cause.)
      const error = await outcome.then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.name).toBe('OpenSearchConnectionError');
      expect(error?.message).toContain('no answer within 0.2 s');
      expect((error?.cause as Error | undefined)?.name).toBe('TimeoutError');
      // Two attempts of 200 ms each, then the bound: not one, and not a hang.
      // (Connections are not counted: undici may open a spare one after an abort.)
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(390);
      expect(elapsed).toBeLessThan(3_000);
      expect(silent.connections()).toBeGreaterThanOrEqual(2);
    } finally {
      await silent.close();
    }
  });

  it('retries throttling and 5xx within the bound, and not a 4xx answer', async () => {
    // Prepare
    const flaky = await startScripted([429, 503, 200]);
    const refusing = await startScripted([400]);
    const client = (endpoint: string) =>
      new SignedOpenSearchClient({
        endpoint,
        region: 'us-east-1',
        credentials: CREDENTIALS,
        timeoutMs: 2000,
        retry: { maxAttempts: 3, ...noSleep },
      });
    try {
      // Act
      const ok = await client(flaky.endpoint).request('PUT', '/_index_template/x', { a: 1 });
      const refused = client(refusing.endpoint).request('PUT', '/_index_template/x', { a: 1 });
      // Assess
      expect(ok).toEqual({ status: 200, body: { n: 3 } });
      expect(flaky.count()).toBe(3);
      await expect(refused).rejects.toBeInstanceOf(OpenSearchRequestError);
      expect(refusing.count()).toBe(1);
    } finally {
      await Promise.all([flaky, refusing].map((s) => new Promise((resolve) => s.server.close(resolve))));
    }
  });
});
