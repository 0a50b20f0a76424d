import type { PolicyRule, Violation } from '../policy-rule';
import { blocks, type ResourceView, type Statement, type TerraformModel } from '../terraform-model';

/**
 * Actions that support no resource-level permission: `Resource: "*"` is the
 * narrowest possible for them (Service Authorization Reference).
 */
const RESOURCELESS_ACTIONS: readonly string[] = [
  'cloudwatch:PutMetricData',
  'cloudwatch:GetMetricData',
  'cloudwatch:ListMetrics',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'sts:GetCallerIdentity',
  'kms:ListAliases',
  's3:ListAllMyBuckets',
  'glue:GetSecurityConfigurations',
  'logs:DescribeLogGroups',
  'es:ListDomainNames',
  'kinesis:ListStreams',
  'firehose:ListDeliveryStreams',
  'athena:ListWorkGroups',
];

/** Identity policies attached to principals: where over-broad grants become real. */
function identityPolicies(model: TerraformModel): { resource: ResourceView; statements: Statement[] }[] {
  const found: { resource: ResourceView; statements: Statement[] }[] = [];
  for (const type of ['aws_iam_role_policy', 'aws_iam_policy', 'aws_iam_user_policy', 'aws_iam_group_policy']) {
    for (const resource of model.ofType(type)) {
      const statements = model.statements(resource.attrs.policy);
      if (statements) found.push({ resource, statements });
    }
  }
  for (const role of model.ofType('aws_iam_role')) {
    for (const inline of blocks(role.attrs, 'inline_policy')) {
      const statements = model.statements(inline.policy);
      if (statements) found.push({ resource: role, statements });
    }
  }
  return found;
}

export const iamWildcardAction: PolicyRule = {
  id: 'IAM-WILDCARD-ACTION',
  description: 'IAM policies allow named actions, never `*` or `service:*`',
  check: (model) => {
    const violations: Violation[] = [];
    for (const { resource, statements } of identityPolicies(model)) {
      const wild = statements
        .filter((s) => s.effect === 'Allow')
        .flatMap((s) => s.actions.filter((a) => a === '*' || /^[a-z0-9-]+:\*$/.test(a)));
      if (wild.length > 0)
        violations.push({
          resource,
          message: `policy allows wildcard action(s) ${[...new Set(wild)].join(', ')}; list the actions it needs`,
        });
    }
    return violations;
  },
};

export const iamWildcardResource: PolicyRule = {
  id: 'IAM-WILDCARD-RESOURCE',
  description: 'IAM policies name resource ARNs unless the action supports no resource-level permission',
  check: (model) => {
    const violations: Violation[] = [];
    for (const { resource, statements } of identityPolicies(model)) {
      const scopable = statements
        .filter((s) => s.effect === 'Allow' && s.resources.includes('*'))
        .flatMap((s) => s.actions.filter((a) => !RESOURCELESS_ACTIONS.includes(a)));
      if (scopable.length > 0) {
        violations.push({
          resource,
          message: `policy grants ${[...new Set(scopable)].join(', ')} on Resource "*" although a narrower ARN exists`,
        });
      }
    }
    return violations;
  },
};

/** Key policies are resource policies, but a `kms:*` grant there is as broad as in a role. */
export const kmsKeyPolicyWildcardAction: PolicyRule = {
  id: 'KMS-WILDCARD-ACTION',
  description: 'KMS key policies allow named actions, never `*` or `kms:*`',
  check: (model) =>
    model.ofType('aws_kms_key').flatMap((key) => {
      const wild = (model.statements(key.attrs.policy) ?? [])
        .filter((s) => s.effect === 'Allow')
        .flatMap((s) => s.actions.filter((a) => a === '*' || a === 'kms:*'));
      return wild.length === 0
        ? []
        : [{ resource: key, message: `key policy allows ${[...new Set(wild)].join(', ')}; list the administrative and use actions` }];
    }),
};

export const IAM_RULES: readonly PolicyRule[] = [iamWildcardAction, iamWildcardResource, kmsKeyPolicyWildcardAction];
