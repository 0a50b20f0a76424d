import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { Testing } from 'cdktf';
import { DATASETS } from '../../datasets/registry';
import { composeApp } from '../../stacks/compose';
import { asArray, fixtureBundle, realEnvironments, resourcesOf, statementsOf } from './factories';

describe('App: composeApp', () => {
  const app = Testing.app();
  const { pipelines, bootstraps } = composeApp(app, {
    environments: realEnvironments(),
    datasets: DATASETS,
    githubRepository: 'logtel/realtime-pipeline',
    processorBundle: fixtureBundle(),
  });

  const bootstrapOf = (account: string): (typeof bootstraps)[number] => {
    const found = bootstraps.find((b) => b.node.id === `bootstrap-${account}`);
    if (found === undefined) throw new Error(`no bootstrap-${account}`);
    return found;
  };

  it('builds one pipeline stack per environment and one bootstrap stack per account: every environment is on remote state', () => {
    // Assess
    expect(pipelines.map((s) => s.node.id)).toEqual(['pipeline-dev', 'pipeline-prod']);
    expect(bootstraps.map((s) => s.node.id)).toEqual(['bootstrap-111111111111', 'bootstrap-222222222222']);
    expect(realEnvironments().map((e) => e.backend.kind)).toEqual(['s3', 's3']);
  });

  it.each([
    ['111111111111', 'pipeline-dev'],
    ['222222222222', 'pipeline-prod'],
  ])(
    "lets only plan jobs in the GitHub environment of account %s's stack (%s) assume its plan role through GitHub OIDC",
    (account, stack) => {
      // Act
      const synthesized = Testing.synth(bootstrapOf(account));
      const roles = JSON.parse(synthesized) as { resource: { aws_iam_role: Record<string, { assume_role_policy: string }> } };
      const [trust] = statementsOf(Object.values(roles.resource.aws_iam_role)[0].assume_role_policy);

      // Assess
      expect(synthesized).toHaveResourceWithProperties(IamRole, { name: 'logtel-ci-plan', max_session_duration: 3600 });
      // An exact subject: `repo:...:pull_request` would admit every pull request, unreviewed, to prod.
      expect(trust).toEqual({
        Effect: 'Allow',
        Principal: { Federated: expect.stringContaining('aws_iam_openid_connect_provider') },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
            'token.actions.githubusercontent.com:sub': [`repo:logtel/realtime-pipeline:environment:${stack}`],
          },
        },
      });
    },
  );

  it('gives the plan role no Secrets Manager permission: OpenSearch has no password to read', () => {
    // Act
    const json = JSON.parse(Testing.synth(bootstrapOf('222222222222'))) as {
      resource: { aws_iam_role_policy: Record<string, { name: string; policy: string }> };
    };
    const actions = Object.values(json.resource.aws_iam_role_policy).flatMap((p) =>
      statementsOf(p.policy).flatMap((s) => asArray(s.Action)),
    );

    // Assess
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((a) => a.startsWith('secretsmanager:'))).toEqual([]);
  });

  it.each(['111111111111', '222222222222'])(
    'refuses any state upload to account %s that is not SSE-KMS, without pinning the key id Terraform sends as an alias',
    (account) => {
      // Act
      const policies = Object.entries(resourcesOf(bootstrapOf(account), 'aws_s3_bucket_policy'))
        .filter(([id]) => id.startsWith('state_policy'))
        .flatMap(([, p]) => statementsOf(p.policy));

      // Assess
      expect(policies).toContainEqual({
        Sid: 'DenyNonKmsStateUploads',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::logtel-tfstate-${account}/*`,
        Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
      });
      expect(JSON.stringify(policies)).not.toContain('x-amz-server-side-encryption-aws-kms-key-id');
    },
  );

  it.each(['pipeline-dev', 'pipeline-prod', 'bootstrap-111111111111', 'bootstrap-222222222222'])('synthesizes %s as reviewed', (id) => {
    // Act
    const stack = [...pipelines, ...bootstraps].find((s) => s.node.id === id);

    // Assess
    expect(stack).toBeDefined();
    if (stack) expect(Testing.synth(stack)).toMatchSnapshot();
  });
});
