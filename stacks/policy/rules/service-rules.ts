import { perResource, type PolicyRule, type Violation } from '../policy-rule';
import { block, isTrue, referencedAddresses, type Statement } from '../terraform-model';

export const openSearchHttps = perResource(
  'OPENSEARCH-HTTPS',
  'OpenSearch domains enforce HTTPS with TLS 1.2 or later',
  'aws_opensearch_domain',
  (domain) => {
    const options = block(domain.attrs, 'domain_endpoint_options');
    const policy = options?.tls_security_policy;
    if (!isTrue(options?.enforce_https)) return 'domain_endpoint_options.enforce_https is not true';
    return typeof policy === 'string' && policy.startsWith('Policy-Min-TLS-1-2')
      ? null
      : 'tls_security_policy must be Policy-Min-TLS-1-2-*';
  },
);

export const openSearchFineGrained = perResource(
  'OPENSEARCH-FGAC',
  'OpenSearch domains use fine-grained access control',
  'aws_opensearch_domain',
  (domain) => (isTrue(block(domain.attrs, 'advanced_security_options')?.enabled) ? null : 'advanced_security_options.enabled is not true'),
);

export const athenaEnforced = perResource(
  'ATHENA-ENFORCED',
  'Athena workgroups enforce their configuration',
  'aws_athena_workgroup',
  (wg) =>
    // The provider's default is true; only an explicit false lets clients override encryption and limits.
    block(wg.attrs, 'configuration')?.enforce_workgroup_configuration === false
      ? 'enforce_workgroup_configuration = false lets clients override the settings'
      : null,
);

export const athenaResultsEncryption = perResource(
  'ATHENA-RESULTS-ENCRYPTION',
  'Athena workgroups encrypt query results',
  'aws_athena_workgroup',
  (wg) => {
    const encryption = block(block(block(wg.attrs, 'configuration'), 'result_configuration'), 'encryption_configuration');
    return typeof encryption?.encryption_option === 'string' ? null : 'no result_configuration.encryption_configuration';
  },
);

export const glueJobSecurity = perResource(
  'GLUE-SECURITY-CONFIGURATION',
  'Glue jobs run with a security configuration',
  'aws_glue_job',
  (job) =>
    typeof job.attrs.security_configuration === 'string' && job.attrs.security_configuration !== ''
      ? null
      : 'job has no security_configuration (S3, CloudWatch and bookmark encryption)',
);

export const logRetention = perResource('LOGS-RETENTION', 'CloudWatch log groups have a retention', 'aws_cloudwatch_log_group', (group) => {
  const days = group.attrs.retention_in_days;
  return typeof days === 'number' && days > 0 ? null : 'log group without retention_in_days: logs are kept (and billed) forever';
});

export const alarmActions = perResource('ALARM-ACTIONS', 'Metric alarms notify someone', 'aws_cloudwatch_metric_alarm', (alarm) => {
  const actions = alarm.attrs.alarm_actions;
  return Array.isArray(actions) && actions.length > 0 ? null : 'alarm without alarm_actions: it fires silently';
});

function admitsCloudWatch(statements: readonly Statement[]): boolean {
  return statements.some(
    (s) =>
      s.effect === 'Allow' &&
      s.principals.includes('cloudwatch.amazonaws.com') &&
      s.actions.some((a) => a === 'kms:*' || a === 'kms:Decrypt') &&
      s.actions.some((a) => a === 'kms:*' || a.startsWith('kms:GenerateDataKey')),
  );
}

/** With the AWS-managed `aws/sns` key (or a key CloudWatch may not use), alarm notifications fail silently. */
export const alarmTopicKey: PolicyRule = {
  id: 'SNS-ALARM-KEY',
  description: 'SNS topics that alarms publish to use a customer-managed key whose policy admits cloudwatch.amazonaws.com',
  check: (model) => {
    const alarmTargets = new Set(
      model
        .ofType('aws_cloudwatch_metric_alarm')
        .flatMap((a) => referencedAddresses([a.attrs.alarm_actions, a.attrs.ok_actions, a.attrs.insufficient_data_actions])),
    );
    const violations: Violation[] = [];
    for (const topic of model.ofType('aws_sns_topic').filter((t) => alarmTargets.has(t.address))) {
      const keyRef = topic.attrs.kms_master_key_id;
      if (typeof keyRef !== 'string') continue; // SNS-ENCRYPTION reports the missing key.
      if (keyRef.includes('alias/aws/sns')) {
        violations.push({ resource: topic, message: 'alarm topic uses the AWS-managed aws/sns key, which CloudWatch cannot use' });
        continue;
      }
      for (const key of model.referenced(keyRef, 'aws_kms_key')) {
        const fromKey = model.statements(key.attrs.policy) ?? [];
        const fromPolicies = model.attachedTo(key, 'aws_kms_key_policy', 'key_id').flatMap((p) => model.statements(p.attrs.policy) ?? []);
        if (!admitsCloudWatch([...fromKey, ...fromPolicies])) {
          violations.push({
            resource: topic,
            message: `key ${key.address} does not let cloudwatch.amazonaws.com use kms:Decrypt and kms:GenerateDataKey*`,
          });
        }
      }
    }
    return violations;
  },
};

export const SERVICE_RULES: readonly PolicyRule[] = [
  openSearchHttps,
  openSearchFineGrained,
  athenaEnforced,
  athenaResultsEncryption,
  glueJobSecurity,
  logRetention,
  alarmActions,
  alarmTopicKey,
];
