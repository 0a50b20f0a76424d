import { findingsAt, stackFindings } from './stack-findings';
import { configResources, listPlannedStacks, loadPlan, loadSynth, type ConfigResource } from './plans';

function references(config: ConfigResource | undefined, ...path: (string | number)[]): readonly string[] {
  let node: unknown = config?.expressions;
  for (const step of path) node = (node as Record<string | number, unknown> | undefined)?.[step];
  return ((node as { references?: readonly string[] } | undefined)?.references ?? []) as readonly string[];
}

describe('Plans: referenced values', () => {
  it.each(listPlannedStacks())('%s: every reference the synth writes names its resource in the plan configuration', (stack) => {
    // Act
    const { references: found } = stackFindings(stack);

    // Assess
    expect(found.length).toBeGreaterThan(0);
    expect(found.filter((f) => !f.ok)).toEqual([]);
  });

  it.each(listPlannedStacks())('%s: depends_on reaches the engine unchanged', (stack) => {
    // Prepare
    const synth = loadSynth(stack);
    const configs = configResources(loadPlan(stack));

    // Assess
    for (const [type, byName] of Object.entries(synth.resource ?? {})) {
      for (const [name, config] of Object.entries(byName)) {
        const expected = (config.depends_on as string[] | undefined) ?? [];
        expect({ at: `${type}.${name}`, depends_on: [...(configs.get(`${type}.${name}`)?.depends_on ?? [])].sort() }).toEqual({
          at: `${type}.${name}`,
          depends_on: [...expected].sort(),
        });
      }
    }
  });

  it.each(listPlannedStacks())(
    '%s: KMS keys, conversion role and table, alarm actions and the ESM destination point at the right resources',
    (stack) => {
      // Prepare
      const synth = loadSynth(stack);
      const configs = configResources(loadPlan(stack));
      const { references: found } = stackFindings(stack);
      const only = (type: string, attribute: RegExp, target: RegExp): string[] =>
        findingsAt(found, type, attribute)
          .filter((f) => !f.references.some((r) => target.test(r)))
          .map((f) => f.path);

      // Assess: every such reference is to a resource of the expected type
      expect(only('aws_kinesis_stream', /^\.kms_key_id$/, /^aws_kms_key\./)).toEqual([]);
      expect(only('aws_cloudwatch_log_group', /^\.kms_key_id$/, /^aws_kms_key\./)).toEqual([]);
      expect(only('aws_sns_topic', /^\.kms_master_key_id$/, /^aws_kms_key\./)).toEqual([]);
      expect(only('aws_s3_bucket_server_side_encryption_configuration', /kms_master_key_id$/, /^aws_kms_key\./)).toEqual([]);
      expect(only('aws_kinesis_firehose_delivery_stream', /schema_configuration\.role_arn$/, /^aws_iam_role\./)).toEqual([]);
      expect(only('aws_kinesis_firehose_delivery_stream', /schema_configuration\.table_name$/, /^aws_glue_catalog_table\./)).toEqual([]);
      expect(only('aws_cloudwatch_metric_alarm', /^\.alarm_actions/, /^aws_sns_topic\./)).toEqual([]);
      for (const type of ['aws_kinesis_stream', 'aws_cloudwatch_log_group', 'aws_sns_topic', 'aws_cloudwatch_metric_alarm']) {
        for (const name of Object.keys(synth.resource?.[type] ?? {})) {
          const attribute =
            {
              aws_kinesis_stream: 'kms_key_id',
              aws_cloudwatch_log_group: 'kms_key_id',
              aws_sns_topic: 'kms_master_key_id',
              aws_cloudwatch_metric_alarm: 'alarm_actions',
            }[type] ?? '';
          const target = type === 'aws_cloudwatch_metric_alarm' ? /^aws_sns_topic\.[^.]+$/ : /^aws_kms_key\.[^.]+$/;
          expect({
            at: `${type}.${name}.${attribute}`,
            ok: references(configs.get(`${type}.${name}`), attribute).some((r) => target.test(r)),
          }).toEqual({ at: `${type}.${name}.${attribute}`, ok: true });
        }
      }
      // The ESM's failure destination is a literal ARN: it must be a bucket this stack creates.
      const buckets = new Set(Object.values(synth.resource?.aws_s3_bucket ?? {}).map((b) => `arn:aws:s3:::${String(b.bucket)}`));
      for (const [name] of Object.entries(synth.resource?.aws_lambda_event_source_mapping ?? {})) {
        const destination = configs.get(`aws_lambda_event_source_mapping.${name}`)?.expressions?.destination_config as
          readonly { on_failure: readonly { destination_arn: { constant_value?: string } }[] }[] | undefined;
        const arn = destination?.[0]?.on_failure[0]?.destination_arn.constant_value;
        expect({ name, inStack: arn !== undefined && buckets.has(arn) }).toEqual({ name, inStack: true });
      }
    },
  );
});
