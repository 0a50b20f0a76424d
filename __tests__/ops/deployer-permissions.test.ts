import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  deployerPermissions,
  renderPermissions,
  UnmappedTypeError,
  type StackPermissions,
} from '../../scripts/deployer/deployer-permissions';
import { synthesizeApp } from '../../scripts/deployer/synth-stacks';
import { fixtureBundle } from '../stacks/factories';

describe('Function: deployerPermissions', () => {
  let real: StackPermissions[];
  beforeAll(() => {
    real = deployerPermissions(synthesizeApp({ processorBundle: fixtureBundle() }));
  });

  it('covers every resource and data source type the app synthesizes, per stack', () => {
    // Assess
    expect(real.map((s) => s.stack)).toEqual(['bootstrap-111111111111', 'bootstrap-222222222222', 'pipeline-dev', 'pipeline-prod']);
    const services = (stack: string): string[] => real.find((s) => s.stack === stack)?.services.map((s) => s.service) ?? [];
    expect(services('bootstrap-222222222222')).toEqual(['iam', 'kms', 's3']);
    expect(services('pipeline-dev')).not.toContain('es');
    expect(services('pipeline-prod')).toEqual(
      expect.arrayContaining(['es', 'firehose', 'kinesis', 'lambda', 'glue', 'athena', 'logs', 'cloudwatch', 'sns', 's3', 'kms', 'iam']),
    );
    const prodKinesis = real.find((s) => s.stack === 'pipeline-prod')?.services.find((s) => s.service === 'kinesis');
    expect(prodKinesis?.types).toEqual(['aws_kinesis_stream', 'aws_kinesis_stream_consumer']);
    // Roles are handed to Lambda, Firehose and Glue: the deployer needs PassRole.
    expect(real.find((s) => s.stack === 'pipeline-dev')?.services.find((s) => s.service === 'iam')?.actions).toContain('iam:PassRole');
  });

  it('never grants a whole service: every pattern names an action, not `*`', () => {
    for (const stack of real)
      for (const s of stack.services)
        for (const action of s.actions) expect(action).toMatch(new RegExp(`^${s.service}:[A-Za-z*]*[A-Za-z][A-Za-z*]*$`));
  });

  it('refuses types it has no line for, naming each one and the file to edit', () => {
    const act = (): unknown =>
      deployerPermissions([{ name: 'x', json: { resource: { aws_s3_bucket: {}, aws_mq_broker: {} }, data: { aws_vpc: {} } } }]);
    expect(act).toThrow(new UnmappedTypeError(['aws_mq_broker', 'data.aws_vpc']));
    expect(act).toThrow('no deployer permissions for aws_mq_broker, data.aws_vpc; add them to scripts/deployer/resource-actions.ts');
  });

  it('labels data sources as data.<type>', () => {
    const [stack] = deployerPermissions([{ name: 'x', json: { data: { aws_secretsmanager_random_password: {} } } }]);
    expect(stack?.services).toEqual([
      {
        service: 'secretsmanager',
        name: 'AWS Secrets Manager',
        actions: ['secretsmanager:GetRandomPassword'],
        types: ['data.aws_secretsmanager_random_password'],
      },
    ]);
  });

  it('is what docs/deploy.md shows', () => {
    const doc = readFileSync(path.join(__dirname, '..', '..', 'docs', 'deploy.md'), 'utf8');
    const begin = '<!-- npm run deployer:permissions: begin -->\n';
    const start = doc.indexOf(begin);
    expect(start).toBeGreaterThanOrEqual(0);
    const block = doc.slice(start + begin.length, doc.indexOf('<!-- npm run deployer:permissions: end -->', start));
    expect(block).toBe(renderPermissions(real));
  });
});
