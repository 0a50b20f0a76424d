import { Testing } from 'cdktf';
import { defineDataset } from '../../datasets/define-dataset';
import { processedFields } from '../../datasets/naming';
import { validateDatasets } from '../../datasets/validate-dataset';
import { EmfEmitter } from '../../functions/processor/emf-emitter';
import { lineText } from '../../functions/processor/line-arena';
import type { OutboundRecord, QuarantineEntry } from '../../functions/processor/ports';
import { compileDataset } from '../../functions/processor/compile-dataset';
import { processRecords } from '../../functions/processor/process-records';
import { inputRecord, jsonB64, metricSum } from '../processor/factories';
import { DATASETS } from '../../datasets/registry';
import { PipelineStack } from '../../stacks/pipeline-stack';
import { environment, fixtureBundle, resourcesOf } from './factories';

/**
 * A throwaway declaration, made with `defineDataset` so its functions are typed against
 * its own fields: nothing else in the code base knows about it.
 */
const playerHeartbeats = defineDataset({
  name: 'player-heartbeats',
  description: 'Periodic heartbeats from video players.',
  fields: [
    { name: 'event_id', type: 'string', required: false, format: 'uuid', description: 'Producer UUID.' },
    { name: 'beat_time', type: 'timestamp', description: 'Heartbeat time.' },
    { name: 'player_id', type: 'string', maxLength: 64, description: 'Player instance.' },
    { name: 'screen', type: 'string', enum: ['tv', 'phone', 'other'], description: 'Screen kind; unknown kinds become "other".' },
    { name: 'buffer_ms', type: 'int', min: 0, max: 600_000, description: 'Buffered media, ms.' },
  ],
  eventTimeField: 'beat_time',
  eventIdField: 'event_id',
  partitionKeyField: 'player_id',
  derivedFields: [{ name: 'is_starving', type: 'boolean', description: 'Less than one second buffered.' }],
  enrich: (r) => ({ is_starving: Number(r.buffer_ms) < 1000 }),
  detectCritical: (r) => (r.is_starving === true && r.screen === 'tv' ? 'tv player starving' : null),
  metrics: [
    { name: 'Readings', unit: 'Count', dimensions: { DeviceType: (r) => String(r.screen) } },
    { name: 'LatencyMs', unit: 'Milliseconds', value: (r) => Number(r.buffer_ms), when: (r) => r.is_starving === true },
  ],
  dimensionValues: { DeviceType: ['tv', 'phone', 'other'] },
  retention: { streamHours: 24, rawGlacierAfterDays: 30, rawExpireAfterDays: 180, processedExpireAfterDays: 180, quarantineExpireAfterDays: 14 },
  alarms: [
    {
      kind: 'threshold',
      id: 'starving-players',
      metric: 'CriticalErrors',
      statistic: 'Sum',
      periodSeconds: 300,
      evaluationPeriods: 1,
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold: 50,
      reason: 'Fifty starving TV players in five minutes is a CDN problem, not home Wi-Fi.',
    },
  ],
});

const NOW_MS = Date.UTC(2026, 10, 24, 10, 0, 0);

describe('Dataset declarations', () => {
  it('need nothing but a declaration for a third dataset to get its whole pipeline', () => {
    // Prepare
    const datasets = [...DATASETS, playerHeartbeats];

    // Act
    const stack = new PipelineStack(Testing.app(), 'pipeline-dev', { env: environment('dev'), datasets, processorBundle: fixtureBundle() });
    const names = (type: string): unknown[] => Object.values(resourcesOf(stack, type)).map((r) => r.name ?? r.function_name);

    // Assess
    expect(names('aws_kinesis_stream')).toContain('logtel-dev-player-heartbeats');
    expect(names('aws_kinesis_firehose_delivery_stream')).toEqual(
      expect.arrayContaining(['logtel-dev-player-heartbeats-raw', 'logtel-dev-player-heartbeats-processed']),
    );
    expect(names('aws_glue_catalog_table')).toContain('player_heartbeats_processed');
    expect(names('aws_lambda_function')).toContain('logtel-dev-player-heartbeats-processor');
    const mappings = Object.values(resourcesOf(stack, 'aws_lambda_event_source_mapping'));
    expect(mappings).toHaveLength(3);
    const rules = Object.values(resourcesOf(stack, 'aws_s3_bucket_lifecycle_configuration')).flatMap((l) => l.rule as { id: string }[]);
    expect(rules.map((r) => r.id)).toEqual(expect.arrayContaining(['player-heartbeats-archive', 'player-heartbeats-expire', 'player-heartbeats-invalid-expire']));
  });

  it('validates at load, and synth derives its alarm and dashboard widgets', () => {
    // Prepare
    const datasets = validateDatasets([...DATASETS, playerHeartbeats]);

    // Act
    const stack = new PipelineStack(Testing.app(), 'pipeline-dev', { env: environment('dev'), datasets, processorBundle: fixtureBundle() });

    // Assess
    const alarms = Object.values(resourcesOf(stack, 'aws_cloudwatch_metric_alarm'));
    const starving = alarms.find((a) => a.alarm_name === 'logtel-dev-player-heartbeats-starving-players');
    expect(starving).toMatchObject({ metric_name: 'CriticalErrors', period: 300, threshold: 50, dimensions: { Dataset: 'player-heartbeats' } });
    const dashboards = Object.values(resourcesOf(stack, 'aws_cloudwatch_dashboard')).map((d) => String(d.dashboard_body));
    expect(dashboards.some((body) => body.includes('player-heartbeats'))).toBe(true);
  });

  it('is validated, normalized, enriched and metered by the generic processor', async () => {
    // Prepare: one TV player starving, one unknown screen, one out of bounds, one without an event id.
    const beat = (over: Record<string, unknown>): Record<string, unknown> => ({
      event_id: '6F1C7A52-9B8E-4C3D-A1F0-123456789ABC',
      beat_time: new Date(NOW_MS - 1000).toISOString(),
      player_id: 'p-1',
      screen: 'tv',
      buffer_ms: 500,
      ...over,
    });
    const inputs = [beat({}), beat({ screen: 'fridge', buffer_ms: 4000, event_id: undefined }), beat({ buffer_ms: -1 })];
    const delivered: OutboundRecord[] = [];
    const quarantined: QuarantineEntry[] = [];
    const emf: string[] = [];

    // Act
    const result = await processRecords(
      inputs.map((r) => inputRecord(jsonB64(r))),
      {
        compiled: compileDataset(playerHeartbeats),
        processedSink: { deliver: async (records) => (delivered.push(...records), { undelivered: [] }) },
        quarantineSink: { quarantine: async (entries) => (quarantined.push(...entries), { undelivered: [] }) },
        metrics: new EmfEmitter({ namespace: 'LogTelemetryPipeline/dev', output: (line) => emf.push(line), now: () => NOW_MS }),
        clock: { now: () => NOW_MS },
      },
    );
    const rows = delivered.map((d) => JSON.parse(lineText(d)) as Record<string, unknown>);

    // Assess
    expect(result.valid).toBe(2);
    expect(quarantined.map((q) => q.reason)).toEqual(["field 'buffer_ms': must be >= 0, got -1"]);
    expect(rows.map((r) => Object.keys(r))).toEqual([0, 1].map(() => processedFields(playerHeartbeats).map((f) => f.name)));
    expect(rows[0]).toMatchObject({ event_id: '6f1c7a52-9b8e-4c3d-a1f0-123456789abc', screen: 'tv', is_starving: true, is_critical: true, critical_reason: 'tv player starving' });
    expect(rows[1]).toMatchObject({ screen: 'other', is_starving: false, is_critical: false });
    expect(String(rows[1]?.event_id)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(metricSum(emf, 'Readings')).toBe(2);
    expect(metricSum(emf, 'Readings', { DeviceType: 'other' })).toBe(1);
    expect(metricSum(emf, 'LatencyMs')).toBe(500);
    expect(metricSum(emf, 'CriticalErrors')).toBe(1);
  });
});
