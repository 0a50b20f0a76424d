import { KinesisClient, ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { awsClientConfig } from '../../aws/client-config';
import { deadlineSignal } from '../../aws/deadline';
import { awsErrorSummary } from '../../aws/error-summary';
import { startSilentServer, type SilentServer } from './silent-server';

describe('Function: awsClientConfig', () => {
  let server: SilentServer;
  beforeEach(async () => {
    server = await startSilentServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('raises a TimeoutError against an endpoint that accepts and never answers, after the bounded attempts', async () => {
    // Prepare
    const client = new KinesisClient(awsClientConfig({ region: 'us-east-1', endpoint: server.url, requestTimeoutMs: 300, maxAttempts: 2 }));
    const started = Date.now();

    // Act
    const outcome = await client.send(new ListStreamsCommand({})).then(
      () => 'answered',
      (error: unknown) => error,
    );

    // Assess
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).name).toBe('TimeoutError');
    expect(server.connections()).toBe(2);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(awsErrorSummary(outcome)).toMatch(/^TimeoutError: .*did not answer in time/);
    client.destroy();
  });

  it('bounds one call by a deadline signal when the request timeout is longer', async () => {
    // Prepare
    const client = new KinesisClient(
      awsClientConfig({ region: 'us-east-1', endpoint: server.url, requestTimeoutMs: 60_000, maxAttempts: 1 }),
    );

    // Act
    const outcome = await client.send(new ListStreamsCommand({}), { abortSignal: deadlineSignal(Date.now() + 300) }).then(
      () => 'answered',
      (error: unknown) => error,
    );

    // Assess
    expect((outcome as Error).name).toBe('AbortError');
    client.destroy();
  });

  it('gives a local endpoint dummy credentials and refuses non-positive bounds, naming each', () => {
    // Act
    const local = awsClientConfig({ region: 'us-east-1', endpoint: server.url });

    // Assess
    expect(local.credentials).toEqual({ accessKeyId: 'local', secretAccessKey: 'local' });
    expect(awsClientConfig({ region: 'us-east-1' }).credentials).toBeUndefined();
    expect(() => awsClientConfig({ region: 'us-east-1', requestTimeoutMs: 0, maxAttempts: 1.5 })).toThrow(
      'AWS client options: requestTimeoutMs is 0; expected a positive integer; maxAttempts is 1.5; expected a positive integer',
    );
  });
});
