import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { createKinesisClient } from '../../../producers/kinesis-client';
import { createStream, startLocalKinesis, type LocalKinesis } from '../../../producers/local-kinesis';

/** kinesalite on 127.0.0.1:<free port>, with a client for reading back and a fresh-stream helper. */
export interface KinesisHarness {
  readonly kinesis: LocalKinesis;
  /** Un-instrumented client, for setup and reading back. */
  readonly admin: KinesisClient;
  newStream(shards?: number): Promise<string>;
  /** A fresh client for the code under test (so middlewares stay per test). */
  client(): KinesisClient;
  close(): Promise<void>;
}

export async function startHarness(): Promise<KinesisHarness> {
  const kinesis = await startLocalKinesis();
  const clients: KinesisClient[] = [];
  const client = (): KinesisClient => {
    const c = createKinesisClient({ region: 'us-east-1', endpoint: kinesis.endpoint });
    clients.push(c);
    return c;
  };
  const admin = client();
  let n = 0;
  return {
    kinesis,
    admin,
    client,
    newStream: async (shards = 2) => {
      n += 1;
      const name = `test-stream-${n}`;
      await createStream(admin, name, shards);
      return name;
    },
    close: async () => {
      for (const c of clients) c.destroy();
      await kinesis.close();
    },
  };
}
