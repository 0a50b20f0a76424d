import { Worker } from 'node:worker_threads';

const VARIABLE = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/** What a worker thread started from this test sees of the variable. */
function seenByWorkerThread(): Promise<unknown> {
  const worker = new Worker(`require('node:worker_threads').parentPort.postMessage(process.env.${VARIABLE} ?? null);`, { eval: true });
  return new Promise((resolve, reject) => {
    worker.once('message', (value: unknown) => {
      resolve(value);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

describe("The SDK's Node < 22 notice in the tests", () => {
  it('is off for worker threads too (they read the real environment, not the test sandbox; the turbine apps printed it three times)', async () => {
    // Act
    const seen = await seenByWorkerThread();

    // Assess
    expect(seen).toBe('true');
    expect(process.env[VARIABLE]).toBe('true');
  });
});
