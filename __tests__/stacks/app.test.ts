import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { Testing } from 'cdktf';
import { DATASETS } from '../../datasets/registry';
import { composeApp } from '../../stacks/compose';
import { fixtureBundle, realEnvironments, statementsOf } from './factories';

describe('App: composeApp', () => {
  const app = Testing.app();
  const { pipelines, bootstraps } = composeApp(app, {
    environments: realEnvironments(),
    datasets: DATASETS,
    githubRepository: 'logtel/realtime-pipeline',
    processorBundle: fixtureBundle(),
  });

  it('builds one pipeline stack per environment and one bootstrap stack per S3-state account', () => {
    // Assess
    expect(pipelines.map((s) => s.node.id)).toEqual(['pipeline-dev', 'pipeline-prod']);
    expect(bootstraps.map((s) => s.node.id)).toEqual(['bootstrap-222222222222']);
  });

  it('lets only pull requests of the repository assume the plan role through GitHub OIDC', () => {
    // Act
    const synthesized = Testing.synth(bootstraps[0]);
    const roles = JSON.parse(synthesized) as { resource: { aws_iam_role: Record<string, { assume_role_policy: string }> } };
    const [trust] = statementsOf(Object.values(roles.resource.aws_iam_role)[0].assume_role_policy);

    // Assess
    expect(synthesized).toHaveResourceWithProperties(IamRole, { name: 'logtel-ci-plan', max_session_duration: 3600 });
    expect(trust).toEqual({
      Effect: 'Allow',
      Principal: { Federated: expect.stringContaining('aws_iam_openid_connect_provider') },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
        StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:logtel/realtime-pipeline:pull_request' },
      },
    });
  });

  it('lets the plan role refresh the OpenSearch master secret of prod, and nothing wider', () => {
    // Act
    const json = JSON.parse(Testing.synth(bootstraps[0])) as { resource: { aws_iam_role_policy: Record<string, { name: string; policy: string }> } };
    const policy = Object.values(json.resource.aws_iam_role_policy).find((p) => p.name === 'opensearch-master-secret');

    // Assess
    expect(statementsOf(policy?.policy)).toEqual([
      {
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: ['arn:aws:secretsmanager:us-east-1:222222222222:secret:logtel-prod/opensearch-master-user-*'],
      },
      { Effect: 'Allow', Action: 'secretsmanager:GetRandomPassword', Resource: '*' },
      {
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: ['arn:aws:kms:us-east-1:222222222222:key/*'],
        Condition: {
          StringEquals: { 'kms:ViaService': ['secretsmanager.us-east-1.amazonaws.com'] },
          'ForAnyValue:StringEquals': { 'kms:ResourceAliases': ['alias/logtel-prod-data'] },
        },
      },
    ]);
  });

  it.each(['pipeline-dev', 'pipeline-prod', 'bootstrap-222222222222'])('synthesizes %s as reviewed', (id) => {
    // Act
    const stack = [...pipelines, ...bootstraps].find((s) => s.node.id === id);

    // Assess
    expect(stack).toBeDefined();
    if (stack) expect(Testing.synth(stack)).toMatchSnapshot();
  });
});
