import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { TurbineAppError } from './errors';
import type { SendTotals } from './kinesis-batch-sender';
import type { TurbineAppConfig, TurbineAppResult } from './turbine-app';

export type WorkerMessage =
  | { readonly type: 'progress'; readonly turbineId: string; readonly totals: SendTotals }
  | { readonly type: 'done'; readonly result: TurbineAppResult }
  | { readonly type: 'error'; readonly turbineId: string; readonly message: string };

/**
 * Starts a worker thread for the entry module next to this file. Running from
 * TypeScript (tsx), the worker does not inherit tsx's hooks, so it registers
 * tsx's CommonJS loader before requiring the entry.
 */
function startWorker(entryBase: string, workerData: unknown): Worker {
  const ts = __filename.endsWith('.ts');
  const entry = path.join(__dirname, `${entryBase}${ts ? '.ts' : '.js'}`);
  const source = ts
    ? `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(entry)});`
    : `require(${JSON.stringify(entry)});`;
  return new Worker(source, { eval: true, workerData });
}

export interface TurbineFleet {
  /** Latest totals per turbine, summed. */
  totals(): SendTotals;
  /** Asks every app to stop generating, flush and report. */
  stop(): void;
  /** One result per turbine; rejects with `TurbineAppError` if an app failed. */
  readonly done: Promise<TurbineAppResult[]>;
}

const ZERO: SendTotals = { added: 0, sent: 0, retried: 0, failed: 0, requests: 0, failedRecords: [] };

function sum(all: readonly SendTotals[]): SendTotals {
  return all.reduce(
    (a, b) => ({
      added: a.added + b.added,
      sent: a.sent + b.sent,
      retried: a.retried + b.retried,
      failed: a.failed + b.failed,
      requests: a.requests + b.requests,
      failedRecords: [...a.failedRecords, ...b.failedRecords],
    }),
    ZERO,
  );
}

/** Runs each turbine app in its own worker thread, each with its own turbine id, client and sender. */
export function startTurbineFleet(configs: readonly TurbineAppConfig[]): TurbineFleet {
  const latest = new Map<string, SendTotals>();
  const workers = configs.map((config) => ({ config, worker: startWorker('turbine-worker', config) }));
  const results = workers.map(
    ({ config, worker }) =>
      new Promise<TurbineAppResult>((resolve, reject) => {
        let result: TurbineAppResult | undefined;
        worker.on('message', (message: WorkerMessage) => {
          if (message.type === 'progress') latest.set(message.turbineId, message.totals);
          else if (message.type === 'done') {
            result = message.result;
            latest.set(config.turbineId, message.result.totals);
          } else reject(new TurbineAppError(message.turbineId, message.message));
        });
        worker.on('error', (error) => reject(new TurbineAppError(config.turbineId, error.message, { cause: error })));
        worker.on('exit', (code) => {
          if (result !== undefined) resolve(result);
          else reject(new TurbineAppError(config.turbineId, `worker exited with code ${code} before reporting its totals`));
        });
      }),
  );
  return {
    totals: () => sum([...latest.values()]),
    stop: () => {
      for (const { worker } of workers) worker.postMessage('stop');
    },
    done: Promise.all(results),
  };
}
