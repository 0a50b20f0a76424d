import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { accessLogs } from '../../datasets/access-logs';
import type { ProcessorConfig } from '../../functions/processor/config';
import type { InputRecord } from '../../functions/processor/ports';

/** Fixed processing time of the tests: 2026-11-24T10:00:00.000Z. */
export const NOW_MS = Date.UTC(2026, 10, 24, 10, 0, 0);

export function accessLog(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event_id: '3f2b8c1e-9a7d-4e21-8b6f-0c5d4e3a2b1c',
    access_time: '2026-11-24T09:59:30.250Z',
    client_ip: '203.0.113.7',
    device_type: 'web',
    user_id: 'u-123',
    http_method: 'GET',
    request_path: '/v1/manifest',
    status_code: 200,
    latency_ms: 120,
    bytes_sent: 5120,
    region: 'eu-west',
    ...overrides,
  };
}

export function turbineReading(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event_id: '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
    turbine_id: 'WT-001',
    reading_time: NOW_MS - 5_000,
    wind_speed_ms: 8,
    rotor_rpm: 12,
    power_output_kw: 500,
    nacelle_temp_c: 40,
    vibration_mm_s: 2,
    status: 'ok',
    ...overrides,
  };
}

export const b64 = (text: string | Buffer): string => Buffer.from(text).toString('base64');
export const jsonB64 = (value: unknown): string => b64(JSON.stringify(value));

let sequence = 0n;
/** Increasing sequence numbers, as Kinesis hands them out within a shard. */
export function nextSequence(): string {
  sequence += 1n;
  return (49590338271490256608559692538361571095921575989136588898n + sequence).toString();
}

export function inputRecord(data: string, overrides: Partial<InputRecord> = {}): InputRecord {
  return {
    sequenceNumber: nextSequence(),
    partitionKey: 'pk-1',
    data,
    approximateArrivalTimestamp: NOW_MS / 1000 - 1.5,
    shardId: 'shardId-000000000000',
    ...overrides,
  };
}

export function kinesisRecord(data: string): KinesisStreamRecord {
  const input = inputRecord(data);
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: input.partitionKey,
      sequenceNumber: input.sequenceNumber,
      data,
      approximateArrivalTimestamp: input.approximateArrivalTimestamp,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `shardId-000000000000:${input.sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: 'arn:aws:iam::123456789012:role/processor',
    awsRegion: 'eu-west-1',
    eventSourceARN: 'arn:aws:kinesis:eu-west-1:123456789012:stream/dev-access-logs',
  };
}

export function kinesisEvent(payloads: readonly string[]): KinesisStreamEvent {
  return { Records: payloads.map(kinesisRecord) };
}

/** Sleep that returns at once and remembers the delays asked for. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return { delays, sleep: async (ms) => void delays.push(ms) };
}

/** Sum of a metric over EMF lines whose dimension values match `dims` ({} = every line, the [Dataset] aggregate). */
export function metricSum(lines: readonly string[], name: string, dims: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of lines) {
    const doc = JSON.parse(line) as Record<string, unknown>;
    if (!Object.entries(dims).every(([k, v]) => doc[k] === v)) continue;
    const value = doc[name];
    if (typeof value === 'number') sum += value;
    else if (Array.isArray(value)) sum += (value as number[]).reduce((a, b) => a + b, 0);
  }
  return sum;
}

/** The access-logs processor's configuration as the Lambda reads it in dev, without a search stream. */
export function processorConfig(overrides: Partial<ProcessorConfig> = {}): ProcessorConfig {
  return {
    dataset: accessLogs,
    processedDeliveryStream: 'dev-access-logs-processed',
    searchDeliveryStream: undefined,
    quarantineBucket: 'dev-quarantine',
    maxFutureSkewSeconds: 300,
    metricsNamespace: 'LogTelemetryPipeline/dev',
    serviceName: 'processor',
    region: 'eu-west-1',
    ...overrides,
  };
}
