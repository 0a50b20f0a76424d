import { parentPort, workerData } from 'node:worker_threads';
import { runTurbineApp, type TurbineAppConfig } from './turbine-app';
import type { WorkerMessage } from './turbine-workers';

// Worker entry: one turbine app per thread. The parent sends 'stop' on Ctrl-C/SIGTERM;
// the app then stops generating, flushes and reports its totals.
const port = parentPort;
if (port === null) throw new Error('turbine-worker.ts must run as a worker thread (see turbine-workers.ts)');
const config = workerData as TurbineAppConfig;
const abort = new AbortController();
port.on('message', (message: unknown) => {
  if (message === 'stop') abort.abort();
});
runTurbineApp(config, {
  signal: abort.signal,
  onProgress: (totals) => port.postMessage({ type: 'progress', turbineId: config.turbineId, totals } satisfies WorkerMessage),
})
  .then((result) => {
    port.postMessage({ type: 'done', result } satisfies WorkerMessage);
    port.close();
  })
  .catch((error: unknown) => {
    port.postMessage({
      type: 'error',
      turbineId: config.turbineId,
      message: error instanceof Error ? error.message : String(error),
    } satisfies WorkerMessage);
    port.close();
  });
