import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { awsManagedPolicyArn, s3ObjectsArn } from '../config/arns';
import { planEnvironmentName, planRoleName } from '../config/ci';
import type { EnvironmentConfig } from '../config/environment';
import { stateKeyAliasName } from '../config/resource-names';
import { policyDocument } from './iam/policy-document';
import { projectRootStatePath } from './state-backend';
import { terraformJson } from './terraform-text';
import { DataKey } from './storage/data-key';
import { HardenedBucket, serverAccessLogsDelivery } from './storage/hardened-bucket';
import { PropsCheck } from './props-error';

export interface BootstrapStackProps {
  /** The environments of one account that use the S3 backend. */
  readonly envs: readonly EnvironmentConfig[];
  /** `owner/name` of the GitHub repository whose pull requests run `terraform plan`. */
  readonly githubRepository: string;
}

const GITHUB_OIDC_URL = 'https://token.actions.githubusercontent.com';

/**
 * What must exist before an environment with the S3 backend can be planned: the
 * state bucket and the CI role that pull requests assume through GitHub OIDC.
 * Deployed once per account from a workstation, with local state (see docs/deploy.md).
 */
export class BootstrapStack extends TerraformStack {
  public readonly stateBucket: HardenedBucket;
  public readonly planRole: IamRole;

  constructor(scope: Construct, id: string, props: BootstrapStackProps) {
    super(scope, id);
    const { first, bucketName } = BootstrapStack.validate(id, props);
    const account = first.accountId;

    new AwsProvider(this, 'aws', {
      region: first.region,
      allowedAccountIds: [account],
      defaultTags: [{ tags: { Project: 'logtel-pipeline', ManagedBy: 'cdktf' } }],
    });
    new LocalBackend(this, { path: projectRootStatePath(this, `terraform.${id}.tfstate`) });

    const key = new DataKey(this, 'state-key', {
      alias: stateKeyAliasName(bucketName),
      description: 'Encrypts Terraform state',
      accountId: account,
      region: first.region,
      allowS3ServerAccessLogs: true,
    });
    const logBucketName = `${bucketName}-logs`.slice(0, 63);
    const logs = new HardenedBucket(this, 'state-logs', {
      bucketName: logBucketName,
      kmsKeyArn: key.key.arn,
      noncurrentVersionExpirationDays: 30,
      expireAllAfterDays: 365,
      extraPolicyStatements: [serverAccessLogsDelivery(logBucketName, account, [bucketName])],
    });
    // State history matters: keep old versions for 90 days to recover from a bad apply.
    this.stateBucket = new HardenedBucket(this, 'state', {
      bucketName,
      kmsKeyArn: key.key.arn,
      accessLogBucket: logs,
      noncurrentVersionExpirationDays: 90,
      extraPolicyStatements: [
        // Without a kms_key_id Terraform sends `AES256`, which overrides the bucket's SSE-KMS
        // default and leaves the state readable by anyone with s3:GetObject. Refuse every upload
        // that is not SSE-KMS (a missing header also fails StringNotEquals). The key id is not
        // pinned: Terraform sends the alias ARN as configured, not the key ARN.
        {
          Sid: 'DenyNonKmsStateUploads',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:PutObject',
          Resource: s3ObjectsArn(bucketName),
          Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
        },
      ],
    });

    const oidc = new IamOpenidConnectProvider(this, 'github-oidc', { url: GITHUB_OIDC_URL, clientIdList: ['sts.amazonaws.com'] });
    this.planRole = new IamRole(this, 'plan-role', {
      name: planRoleName(first.namePrefix),
      description: 'Assumed by pull-request plan jobs in the GitHub environments pipeline-<env> to run terraform plan (read-only)',
      maxSessionDuration: 3600,
      assumeRolePolicy: terraformJson({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: oidc.arn },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              // Only jobs in the environments' GitHub environments (plan.yml), which carry required
              // reviewers for production: an unapproved pull request cannot read prod.
              StringEquals: {
                'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
                'token.actions.githubusercontent.com:sub': props.envs.map(
                  (e) => `repo:${props.githubRepository}:environment:${planEnvironmentName(e.name)}`,
                ),
              },
            },
          },
        ],
      }),
    });
    // Plan must read every resource it manages; AWS's ReadOnlyAccess is the narrowest managed policy that does.
    new IamRolePolicyAttachment(this, 'plan-read-only', { role: this.planRole.name, policyArn: awsManagedPolicyArn('ReadOnlyAccess') });
    const stateArn = this.stateBucket.arn;
    new IamRolePolicy(this, 'plan-state', {
      name: 'terraform-state',
      role: this.planRole.id,
      policy: policyDocument([
        // Read only: the workflow runs the pull request's own code with this role, so a write grant
        // would let any branch rewrite state. Plans therefore run with -lock=false (a plan never
        // writes state; an apply takes the lock and recomputes its plan anyway).
        { Effect: 'Allow', Action: 's3:ListBucket', Resource: stateArn },
        { Effect: 'Allow', Action: 's3:GetObject', Resource: `${stateArn}/*` },
        { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: key.key.arn },
      ]),
    });
    new TerraformOutput(this, 'plan_role_arn', { value: this.planRole.arn });
    new TerraformOutput(this, 'state_bucket', { value: bucketName });
  }

  /** Every problem of the props at once; returns the first environment and the one state bucket. */
  private static validate(id: string, props: BootstrapStackProps): { first: EnvironmentConfig; bucketName: string } {
    const check = new PropsCheck(`BootstrapStack[${id}]`);
    const [first] = props.envs;
    check.expect(first !== undefined, 'envs', 'expected at least one environment');
    check.expect(
      /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(props.githubRepository),
      'githubRepository',
      `'${props.githubRepository}'; expected 'owner/name'`,
    );
    const accounts = new Set(props.envs.map((e) => e.accountId));
    check.expect(accounts.size <= 1, 'envs', `accounts ${[...accounts].join(', ')}; expected one account shared by all`);
    const stateBuckets = new Set(props.envs.map((e) => (e.backend.kind === 's3' ? e.backend.bucket : '')));
    const [bucketName = ''] = [...stateBuckets];
    if (stateBuckets.size > 1 || stateBuckets.has('')) check.add('envs', 'expected all to use the S3 backend with one state bucket');
    else if (first !== undefined) {
      check.expect(
        /^[a-z0-9-]+$/.test(bucketName),
        'envs[].backend.bucket',
        `'${bucketName}' has dots; expected none: its key alias alias/${stateKeyAliasName(bucketName)} must be a valid KMS alias`,
      );
    }
    check.throwIfAny();
    // Checked above: throwIfAny has thrown when there is no environment.
    return { first: first as EnvironmentConfig, bucketName };
  }
}
