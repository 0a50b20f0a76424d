import { turbineTelemetry } from '../../datasets/turbine-telemetry';
import { readStream } from '../../producers/local-kinesis';
import { recordShapeProblems } from '../../producers/record-shape';
import { runTurbineApp, type TurbineAppConfig } from '../../producers/turbine-app';
import { assignTurbineScenarios, type TurbineReading } from '../../producers/turbine-simulator';
import { startTurbineFleet } from '../../producers/turbine-workers';
import { startHarness, type KinesisHarness } from './support/kinesis-harness';

const HOUR = 3_600_000;

function appConfig(harness: KinesisHarness, streamName: string, overrides: Partial<TurbineAppConfig> = {}): TurbineAppConfig {
  return {
    turbineId: 'WT-001',
    seed: 42,
    scenarios: [],
    streamName,
    region: 'us-east-1',
    endpoint: harness.kinesis.endpoint,
    simulatedDurationMs: HOUR,
    realDurationMs: 0,
    realStartMs: Date.now(),
    ...overrides,
  };
}

describe('Turbine apps (against kinesalite)', () => {
  let harness: KinesisHarness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  it('three worker threads, one per turbine: every reading arrives, in order per turbine; silent stops one turbine', async () => {
    // Prepare: a reading every 15 simulated seconds (orderedKeys puts one reading per request)
    const streamName = await harness.newStream(2);
    const realStartMs = Date.now();
    const configs = assignTurbineScenarios(['silent']).map((a) =>
      appConfig(harness, streamName, { turbineId: a.turbineId, scenarios: a.scenarios, realStartMs, count: 240 }),
    );

    // Act
    const fleet = startTurbineFleet(configs);
    const results = await fleet.done;
    const read = await readStream(harness.admin, streamName);

    // Assess
    expect(results.map((r) => [r.turbineId, r.totals.sent, r.totals.failed])).toEqual([
      ['WT-001', 240, 0],
      ['WT-002', 240, 0],
      ['WT-003', 180, 0],
    ]);
    expect(fleet.totals().sent).toBe(660);
    for (const r of results) expect(r.totals.requests).toBe(r.totals.sent);
    const silent = results[2].windows[0];
    for (const id of ['WT-001', 'WT-002', 'WT-003']) {
      const readings = read.filter((r) => r.partitionKey === id).map((r) => JSON.parse(r.data) as TurbineReading);
      const times = readings.map((r) => r.reading_time);
      expect(times).toEqual([...times].sort());
      for (const r of readings) expect(recordShapeProblems(turbineTelemetry, r)).toEqual([]);
      expect(readings.every((r) => r.turbine_id === id)).toBe(true);
      const last = times[times.length - 1];
      if (id === 'WT-003') expect(last < silent.from).toBe(true);
      else expect(last >= silent.from).toBe(true);
    }
  });

  it('paced on the simulated clock: no reading is sent before its event time, and stop flushes what was buffered', async () => {
    // Prepare
    const streamName = await harness.newStream(1);
    const client = harness.client();
    const lateness: number[] = [];
    client.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { Records?: { Data?: Uint8Array }[] };
        for (const r of input.Records ?? [])
          lateness.push(
            Date.now() - Date.parse((JSON.parse(Buffer.from(r.Data ?? new Uint8Array()).toString()) as TurbineReading).reading_time),
          );
        return next(args);
      },
      { step: 'initialize', name: 'lateness' },
    );
    const abort = new AbortController();
    const config = appConfig(harness, streamName, { realDurationMs: 4000, simulatedDurationMs: 30 * 60_000, realStartMs: Date.now() });

    // Act
    setTimeout(() => abort.abort(), 1500);
    const result = await runTurbineApp(config, { signal: abort.signal, client });
    const read = await readStream(harness.admin, streamName);

    // Assess
    expect(result.planned).toBe(360);
    // Streamed: a stop ends generation, so only what was generated was added.
    expect(result.generated).toBe(result.totals.added);
    expect(result.totals.added).toBeGreaterThan(0);
    expect(result.totals.added).toBeLessThan(360);
    expect(result.totals.sent).toBe(result.totals.added);
    expect(read).toHaveLength(result.totals.sent);
    expect(Math.min(...lateness)).toBeGreaterThanOrEqual(0);
  });
});
