import { Testing } from 'cdktf';
import type { DatasetDeclaration } from '../../datasets/dataset';
import { DATASETS } from '../../datasets/registry';
import { PipelineStack } from '../../stacks/pipeline-stack';
import { environment, fixtureBundle, resourcesOf } from './factories';

/** A throwaway declaration: nothing else in the code base knows about it. */
const playerHeartbeats: DatasetDeclaration = {
  name: 'player-heartbeats',
  description: 'Periodic heartbeats from video players.',
  fields: [
    { name: 'event_id', type: 'string', required: false, format: 'uuid', description: 'Producer UUID.' },
    { name: 'beat_time', type: 'timestamp', description: 'Heartbeat time.' },
    { name: 'buffer_ms', type: 'int', min: 0, max: 600_000, description: 'Buffered media, ms.' },
  ],
  eventTimeField: 'beat_time',
  derivedFields: [{ name: 'is_starving', type: 'boolean', description: 'Less than one second buffered.' }],
  enrich: (r) => ({ is_starving: Number(r.buffer_ms) < 1000 }),
  detectCritical: () => null,
  metrics: [],
  retention: { streamHours: 24, rawGlacierAfterDays: 30, rawExpireAfterDays: 180, processedExpireAfterDays: 180, quarantineExpireAfterDays: 14 },
  alarms: [],
};

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
});
