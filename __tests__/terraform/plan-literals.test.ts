import { findingsAt, stackFindings } from './stack-findings';
import { listPlannedStacks, loadPlan, loadSynth, resourceChanges, stackSummary } from './plans';

/**
 * Where the synthesized configuration sets a literal, the plan must know the value
 * (`after_unknown` false) and hold it (after the provider's normalization, see plan-walk.ts).
 * Only configured values are asserted: no provider defaults.
 */
describe('Plans: literal values', () => {
  it.each(listPlannedStacks())('%s: every literal the synth sets is known and equal in the plan', (stack) => {
    // Act
    const { literals } = stackFindings(stack);

    // Assess
    expect(literals.length).toBeGreaterThan(0);
    expect(literals.filter((f) => !f.ok)).toEqual([]);
  });

  /** Categories the issue names: each resource of the type must have the literal checked. */
  const REQUIRED: readonly { readonly type: string; readonly attribute: RegExp; readonly what: string }[] = [
    {
      type: 'aws_s3_bucket_server_side_encryption_configuration',
      attribute: /^\.rule\[0\]\.apply_server_side_encryption_by_default\.sse_algorithm$/,
      what: 'bucket SSE algorithm',
    },
    { type: 'aws_s3_bucket_server_side_encryption_configuration', attribute: /^\.rule\[0\]\.bucket_key_enabled$/, what: 'bucket key' },
    { type: 'aws_kinesis_stream', attribute: /^\.encryption_type$/, what: 'stream encryption' },
    { type: 'aws_cloudwatch_log_group', attribute: /^\.retention_in_days$/, what: 'log retention' },
    { type: 'aws_lambda_event_source_mapping', attribute: /^\.bisect_batch_on_function_error$/, what: 'ESM bisect' },
    { type: 'aws_lambda_event_source_mapping', attribute: /^\.maximum_retry_attempts$/, what: 'ESM retries' },
    { type: 'aws_lambda_event_source_mapping', attribute: /^\.maximum_record_age_in_seconds$/, what: 'ESM record age' },
    {
      type: 'aws_kinesis_firehose_delivery_stream',
      attribute: /^\.(extended_s3|opensearch)_configuration\.buffering_size$/,
      what: 'Firehose buffering size',
    },
    {
      type: 'aws_kinesis_firehose_delivery_stream',
      attribute: /^\.(extended_s3|opensearch)_configuration\.buffering_interval$/,
      what: 'Firehose buffering interval',
    },
    { type: 'aws_cloudwatch_metric_alarm', attribute: /^\.evaluation_periods$/, what: 'alarm evaluation periods' },
  ];

  it.each(listPlannedStacks())(
    '%s: encryption, ESM, Firehose buffering and alarm literals are checked for every such resource',
    (stack) => {
      // Prepare
      const synth = loadSynth(stack);
      const { literals } = stackFindings(stack);

      // Assess
      for (const { type, attribute, what } of REQUIRED) {
        const names = Object.keys(synth.resource?.[type] ?? {});
        const checked = new Set(
          findingsAt(literals, type, attribute)
            .filter((f) => f.ok)
            .map((f) => f.path.split('.')[1]),
        );
        expect({ what, unchecked: names.filter((n) => !checked.has(n)) }).toEqual({ what, unchecked: [] });
      }
    },
  );

  it.each(listPlannedStacks())('%s: Parquet conversion and alarm thresholds/periods are planned as configured', (stack) => {
    // Prepare
    const synth = loadSynth(stack);
    const changes = resourceChanges(loadPlan(stack));

    // Assess: conversion on every processed delivery stream (those that set it)
    for (const [name, config] of Object.entries(synth.resource?.aws_kinesis_firehose_delivery_stream ?? {})) {
      const s3 = config.extended_s3_configuration as Record<string, unknown> | undefined;
      if (s3?.data_format_conversion_configuration === undefined) continue;
      const after = changes.get(`aws_kinesis_firehose_delivery_stream.${name}`)?.change.after as {
        extended_s3_configuration: {
          data_format_conversion_configuration: {
            enabled: boolean;
            output_format_configuration: { serializer: { parquet_ser_de: { compression: string }[] }[] }[];
          }[];
          compression_format: string;
          buffering_size: number;
        }[];
      };
      const conversion = after.extended_s3_configuration[0]?.data_format_conversion_configuration[0];
      expect(conversion?.enabled).toBe(true);
      expect(conversion?.output_format_configuration[0]?.serializer[0]?.parquet_ser_de[0]?.compression).toBe('SNAPPY');
      // Conversion needs S3-level compression off and a buffer of at least 64 MiB (GUIDE.md).
      expect(after.extended_s3_configuration[0]?.compression_format).toBe('UNCOMPRESSED');
      expect(after.extended_s3_configuration[0]?.buffering_size).toBeGreaterThanOrEqual(64);
    }
    // Alarms: threshold and period where the alarm sets them (metric-query alarms set them per query).
    for (const [name, config] of Object.entries(synth.resource?.aws_cloudwatch_metric_alarm ?? {})) {
      const after = changes.get(`aws_cloudwatch_metric_alarm.${name}`)?.change.after as Record<string, unknown>;
      for (const key of ['threshold', 'period', 'evaluation_periods', 'comparison_operator', 'treat_missing_data']) {
        if (config[key] !== undefined) expect({ name, key, value: after[key] }).toEqual({ name, key, value: config[key] });
      }
    }
  });

  it.each(listPlannedStacks())('%s: what the compatibility shim changed is exactly what the check recorded', (stack) => {
    // Prepare
    const changes = resourceChanges(loadPlan(stack));

    // Assess: a mapped value reached the engine as its mapping, a dropped attribute as unset
    for (const s of stackSummary(stack).shim) {
      const after = changes.get(s.address)?.change.after as Record<string, unknown>;
      if (s.to === undefined) expect(after[s.attribute] ?? null).toBeNull();
      else expect(after[s.attribute]).toBe(JSON.parse(s.to) as unknown);
    }
  });
});
