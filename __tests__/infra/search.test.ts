import { Testing } from 'cdktf';
import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { KinesisFirehoseDeliveryStream } from '@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream';
import { OpensearchDomain } from '@cdktf/provider-aws/lib/opensearch-domain';
import { OpensearchDomainPolicy } from '@cdktf/provider-aws/lib/opensearch-domain-policy';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { SearchDeliveryStream } from '../../stacks/search/search-delivery-stream';
import { SearchDomain, type SearchDomainProps } from '../../stacks/search/search-domain';

const KEY = 'arn:aws:kms:us-east-1:222222222222:key/data';
const FIREHOSE_ROLE = 'arn:aws:iam::222222222222:role/logtel-prod-access-logs-search';

function domainProps(overrides: Partial<SearchDomainProps> = {}): SearchDomainProps {
  return {
    domainName: 'logtel-prod',
    accountId: '222222222222',
    region: 'us-east-1',
    instanceType: 'r6g.large.search',
    instanceCount: 2,
    volumeSizeGb: 100,
    kmsKeyArn: KEY,
    accessRoleArns: [FIREHOSE_ROLE],
    ...overrides,
  };
}

describe('SearchDomain', () => {
  it('is encrypted, HTTPS-only with TLS 1.2+, fine-grained, zone-aware and logs to CloudWatch through a resource policy', () => {
    // Act
    const synth = Testing.synthScope((scope) => new SearchDomain(scope, 'search', domainProps()));

    // Assess
    expect(synth).toHaveResourceWithProperties(OpensearchDomain, {
      domain_name: 'logtel-prod',
      engine_version: 'OpenSearch_2.19',
      cluster_config: { instance_type: 'r6g.large.search', instance_count: 2, zone_awareness_enabled: true, zone_awareness_config: { availability_zone_count: 2 } },
      ebs_options: { ebs_enabled: true, volume_type: 'gp3', volume_size: 100 },
      encrypt_at_rest: { enabled: true, kms_key_id: KEY },
      node_to_node_encryption: { enabled: true },
      domain_endpoint_options: { enforce_https: true, tls_security_policy: 'Policy-Min-TLS-1-2-PFS-2023-10' },
      advanced_security_options: expect.objectContaining({ enabled: true, internal_user_database_enabled: true }),
      depends_on: [expect.stringContaining('aws_cloudwatch_log_resource_policy.')],
    });
    const domain = Object.values(JSON.parse(synth).resource.aws_opensearch_domain as Record<string, { log_publishing_options: { log_type: string }[] }>)[0];
    expect(domain.log_publishing_options.map((o) => o.log_type)).toEqual(['INDEX_SLOW_LOGS', 'SEARCH_SLOW_LOGS', 'ES_APPLICATION_LOGS']);
    expect(synth).toHaveResourceWithProperties(CloudwatchLogResourcePolicy, { policy_name: 'logtel-prod-opensearch-logs' });
    expect(synth).toHaveResourceWithProperties(SecretsmanagerSecret, { name: 'logtel-prod/opensearch-master-user', kms_key_id: KEY });
    expect(synth).toHaveResourceWithProperties(SecretsmanagerSecretVersion, { lifecycle: { ignore_changes: ['secret_string'] } });
    const resources = JSON.parse(synth).resource as Record<string, Record<string, Record<string, string>>>;
    const domainArn = '${aws_opensearch_domain.search_domain_662C30ED.arn}';
    expect(JSON.parse(Object.values(resources.aws_opensearch_domain_policy)[0].access_policies)).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'PipelineRoles', Effect: 'Allow', Principal: { AWS: [FIREHOSE_ROLE] }, Action: 'es:ESHttp*', Resource: `${domainArn}/*` },
      ],
    });
    const logPolicy = JSON.parse(Object.values(resources.aws_cloudwatch_log_resource_policy)[0].policy_document) as { Statement: Record<string, unknown>[] };
    expect(logPolicy.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'es.amazonaws.com' },
        Resource: 'arn:aws:logs:us-east-1:222222222222:log-group:/aws/opensearch/logtel-prod/*',
        Condition: { StringEquals: { 'aws:SourceAccount': '222222222222' }, ArnLike: { 'aws:SourceArn': 'arn:aws:es:us-east-1:222222222222:domain/logtel-prod' } },
      }),
    ]);
  });

  it('admits unsigned Dashboards sign-in only to _dashboards/*, only from the configured networks', () => {
    // Act
    const synth = Testing.synthScope((scope) => new SearchDomain(scope, 'search', domainProps({ dashboardsAllowedCidrs: ['203.0.113.0/24'] })));
    const resources = JSON.parse(synth).resource as Record<string, Record<string, Record<string, string>>>;
    const policy = JSON.parse(Object.values(resources.aws_opensearch_domain_policy)[0].access_policies) as { Statement: unknown[] };

    // Assess
    expect(policy.Statement[1]).toEqual({
      Sid: 'DashboardsSignIn',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: ['es:ESHttpGet', 'es:ESHttpPost', 'es:ESHttpPut'],
      Resource: '${aws_opensearch_domain.search_domain_662C30ED.arn}/_dashboards/*',
      Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } },
    });
  });

  it('orders the access policy after the roles it names with bare addresses, the only form Terraform reads in depends_on', () => {
    // Prepare
    const synth = Testing.synthScope((scope) => {
      const domain = new SearchDomain(scope, 'search', domainProps());
      const role = new IamRole(scope, 'firehose-role', { name: 'logtel-prod-access-logs-search', assumeRolePolicy: '{}' });

      // Act
      domain.dependOn([role]);
    });

    // Assess
    expect(synth).toHaveResourceWithProperties(OpensearchDomainPolicy, { depends_on: ['aws_iam_role.firehose-role'] });
  });

  it('rejects an access list without roles', () => {
    expect(() => Testing.synthScope((scope) => new SearchDomain(scope, 's', domainProps({ accessRoleArns: [] })))).toThrow(
      'SearchDomain.accessRoleArns: expected at least one role (the access policy admits only these)',
    );
  });
});

describe('SearchDeliveryStream', () => {
  it('indexes into daily indices named after the dataset, backing up failed documents to S3', () => {
    // Act
    const synth = Testing.synthScope(
      (scope) =>
        new SearchDeliveryStream(scope, 'search-access-logs', {
          name: 'logtel-prod-access-logs-search',
          accountId: '222222222222',
          region: 'us-east-1',
          domainArn: 'arn:aws:es:us-east-1:222222222222:domain/logtel-prod',
          indexName: 'access-logs',
          backupBucketArn: 'arn:aws:s3:::quarantine',
          kmsKeyArn: KEY,
        }),
    );

    // Assess
    expect(synth).toHaveResourceWithProperties(KinesisFirehoseDeliveryStream, {
      name: 'logtel-prod-access-logs-search',
      destination: 'opensearch',
      server_side_encryption: { enabled: true, key_type: 'CUSTOMER_MANAGED_CMK', key_arn: KEY },
      opensearch_configuration: expect.objectContaining({
        domain_arn: 'arn:aws:es:us-east-1:222222222222:domain/logtel-prod',
        index_name: 'access-logs',
        index_rotation_period: 'OneDay',
        s3_backup_mode: 'FailedDocumentsOnly',
        s3_configuration: expect.objectContaining({ bucket_arn: 'arn:aws:s3:::quarantine', prefix: 'search-failed/access-logs/', kms_key_arn: KEY }),
        cloudwatch_logging_options: expect.objectContaining({ enabled: true, log_stream_name: 'DestinationDelivery' }),
      }),
    });
  });
});
