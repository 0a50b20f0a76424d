import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { turbineTelemetry } from '../datasets/turbine-telemetry';
import { KinesisBatchSender, type SendTotals, type StreamUnavailable } from './kinesis-batch-sender';
import { createKinesisClient } from './kinesis-client';
import type { ScenarioWindow, TurbineScenario } from './scenarios';
import { sendRun } from './send-run';
import { SimulatedSpan } from './simulated-span';
import { streamTurbine } from './turbine-simulator';

/** Everything one turbine app needs; plain data, so it crosses a worker boundary. */
export interface TurbineAppConfig {
  readonly turbineId: string;
  readonly seed: number;
  readonly scenarios: readonly TurbineScenario[];
  readonly streamName: string;
  readonly region: string;
  readonly endpoint?: string;
  /** Readings over the span. @default one per 5 simulated seconds */
  readonly count?: number;
  readonly simulatedDurationMs: number;
  /** 0 = as fast as possible. */
  readonly realDurationMs: number;
  /** Shared by the three apps so their simulated clocks agree. */
  readonly realStartMs: number;
  /** @default 8 */
  readonly maxAttempts?: number;
  /** Time one PutRecords call may take before it fails. @default AWS_CLIENT_DEFAULTS.requestTimeoutMs */
  readonly requestTimeoutMs?: number;
}

export interface TurbineAppResult {
  readonly turbineId: string;
  /** Readings the run was to send. */
  readonly planned: number;
  /** Readings generated (fewer than planned when stopped). */
  readonly generated: number;
  /** Set when the app stopped because the stream took no reading of a batch. */
  readonly unavailable?: StreamUnavailable;
  readonly windows: ScenarioWindow[];
  readonly totals: SendTotals;
}

export interface TurbineAppHooks {
  /** Stops generating; buffered readings are still flushed. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (totals: SendTotals) => void;
  /** A client to use instead of one built from the config (not destroyed here). @default createKinesisClient(config) */
  readonly client?: KinesisClient;
}

/**
 * One turbine app: simulates its readings and sends them, partitioned by its
 * turbine id, with its own client and sender. Runs in a worker in the CLI and
 * in-process in tests.
 */
export async function runTurbineApp(config: TurbineAppConfig, hooks: TurbineAppHooks = {}): Promise<TurbineAppResult> {
  const clock = new SimulatedSpan(config.realStartMs, config.realDurationMs, config.simulatedDurationMs);
  const run = streamTurbine({
    turbineId: config.turbineId,
    seed: config.seed,
    start: clock.start,
    simulatedDurationMs: config.simulatedDurationMs,
    scenarios: config.scenarios,
    ...(config.count !== undefined ? { count: config.count } : {}),
  });
  const client =
    hooks.client ??
    createKinesisClient({
      region: config.region,
      ...(config.endpoint !== undefined ? { endpoint: config.endpoint } : {}),
      ...(config.requestTimeoutMs !== undefined ? { requestTimeoutMs: config.requestTimeoutMs } : {}),
    });
  // One key per app: orderedKeys keeps the readings in order through retries, at one reading per request.
  const sender = new KinesisBatchSender({
    client,
    streamName: config.streamName,
    orderedKeys: true,
    failFastWhenUnavailable: true,
    ...(config.maxAttempts !== undefined ? { maxAttempts: config.maxAttempts } : {}),
  });
  const progress = hooks.onProgress;
  const timer = progress ? setInterval(() => progress(sender.totals), 500) : undefined;
  try {
    const result = await sendRun({
      dataset: turbineTelemetry,
      records: run.records,
      sender,
      clock,
      ...(hooks.signal ? { signal: hooks.signal } : {}),
    });
    const { generated, unavailable, ...totals } = result;
    return {
      turbineId: config.turbineId,
      planned: run.planned,
      generated,
      windows: run.windows,
      totals,
      ...(unavailable !== undefined ? { unavailable } : {}),
    };
  } finally {
    if (timer !== undefined) clearInterval(timer);
    if (hooks.client === undefined) client.destroy();
  }
}
