import { AnnotationMetadataEntryType, Testing } from 'cdktf';
import { DATASETS } from '../../datasets/registry';
import { PipelineStack } from '../../stacks/pipeline-stack';
import { environment, fixtureBundle } from '../stacks/factories';
import { errorsFor, type Finding } from './policy-harness';
import { applyPolicyChecks } from '../../stacks/policy/policy-aspect';

function findingsOfPipeline(
  name: 'dev' | 'prod',
  overrides: Parameters<typeof environment>[1] = {},
): { findings: Finding[]; json: Record<string, Record<string, unknown>> } {
  const env = environment(name, overrides);
  const stack = new PipelineStack(Testing.app(), `pipeline-${name}`, { env, datasets: DATASETS, processorBundle: fixtureBundle() });
  applyPolicyChecks(stack);
  const json = JSON.parse(Testing.synth(stack)).resource as Record<string, Record<string, unknown>>;
  const findings = stack.node
    .findAll()
    .flatMap((c) =>
      c.node.metadata
        .filter((m) => m.type === AnnotationMetadataEntryType.ERROR)
        .map((m) => ({ level: 'error' as const, path: c.node.path, message: String(m.data) })),
    );
  return { findings, json };
}

describe('Policy checks on the real stacks', () => {
  it.each(['dev', 'prod'] as const)('pipeline-%s as synthesized passes every rule', (name) => {
    // Act
    const { findings, json } = findingsOfPipeline(name);

    // Assess
    expect(findings).toEqual([]);
    expect(Object.keys(json)).toEqual(
      expect.arrayContaining([
        'aws_glue_crawler',
        'aws_glue_job',
        'aws_glue_security_configuration',
        'aws_athena_workgroup',
        'aws_sns_topic',
        'aws_cloudwatch_dashboard',
        'aws_cloudwatch_metric_alarm',
      ]),
    );
    expect(Object.keys(json).includes('aws_opensearch_domain')).toBe(name === 'prod');
    expect(Object.keys(json).includes('aws_athena_named_query')).toBe(false);
  });

  it('passes with QuickSight switched on', () => {
    const { findings, json } = findingsOfPipeline('dev', {
      quicksight: { enabled: true, principalArn: 'arn:aws:quicksight:us-east-1:111111111111:group/default/analysts' },
    });
    expect(errorsFor(findings, 'IAM-WILDCARD-RESOURCE')).toEqual([]);
    expect(findings).toEqual([]);
    expect(Object.keys(json)).toEqual(
      expect.arrayContaining(['aws_quicksight_data_source', 'aws_quicksight_data_set', 'aws_quicksight_dashboard']),
    );
  });
});
