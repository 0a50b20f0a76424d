import { Testing } from 'cdktf';
import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { KinesisFirehoseDeliveryStream } from '@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream';
import { OpensearchDomain } from '@cdktf/provider-aws/lib/opensearch-domain';
import { OpensearchDomainPolicy } from '@cdktf/provider-aws/lib/opensearch-domain-policy';
import { SearchDeliveryStream } from '../../stacks/search/search-delivery-stream';
import { ConstructPropsError } from '../../stacks/props-error';
import { SearchDomain, type SearchDomainProps } from '../../stacks/search/search-domain';

const KEY = 'arn:aws:kms:us-east-1:222222222222:key/data';
const FIREHOSE_ROLE = 'arn:aws:iam::222222222222:role/logtel-prod-access-logs-search';
const MASTER_ROLE = 'arn:aws:iam::222222222222:role/logtel-prod-opensearch-admin';

function domainProps(overrides: Partial<SearchDomainProps> = {}): SearchDomainProps {
  return {
    domainName: 'logtel-prod',
    accountId: '222222222222',
    region: 'us-east-1',
    instanceType: 'r6g.large.search',
    instanceCount: 3,
    zoneCount: 3,
    dedicatedMasters: { instanceType: 'm6g.large.search', count: 3 },
    volumeSizeGb: 100,
    kmsKeyArn: KEY,
    accessRoleArns: [FIREHOSE_ROLE],
    masterUserArn: MASTER_ROLE,
    ...overrides,
  };
}

describe('SearchDomain', () => {
  it('is encrypted, HTTPS-only with TLS 1.2+, fine-grained, in 3 zones behind 3 dedicated masters, and logs to CloudWatch through a resource policy', () => {
    // Act
    const synth = Testing.synthScope((scope) => new SearchDomain(scope, 'search', domainProps()));

    // Assess
    expect(synth).toHaveResourceWithProperties(OpensearchDomain, {
      domain_name: 'logtel-prod',
      engine_version: 'OpenSearch_2.19',
      cluster_config: {
        instance_type: 'r6g.large.search',
        instance_count: 3,
        zone_awareness_enabled: true,
        zone_awareness_config: { availability_zone_count: 3 },
        dedicated_master_enabled: true,
        dedicated_master_type: 'm6g.large.search',
        dedicated_master_count: 3,
      },
      ebs_options: { ebs_enabled: true, volume_type: 'gp3', volume_size: 100 },
      encrypt_at_rest: { enabled: true, kms_key_id: KEY },
      node_to_node_encryption: { enabled: true },
      domain_endpoint_options: { enforce_https: true, tls_security_policy: 'Policy-Min-TLS-1-2-PFS-2023-10' },
      advanced_security_options: {
        enabled: true,
        internal_user_database_enabled: false,
        master_user_options: { master_user_arn: MASTER_ROLE },
      },
      depends_on: [expect.stringContaining('aws_cloudwatch_log_resource_policy.')],
    });
    const domain = Object.values(
      JSON.parse(synth).resource.aws_opensearch_domain as Record<string, { log_publishing_options: { log_type: string }[] }>,
    )[0];
    expect(domain.log_publishing_options.map((o) => o.log_type)).toEqual(['INDEX_SLOW_LOGS', 'SEARCH_SLOW_LOGS', 'ES_APPLICATION_LOGS']);
    expect(synth).toHaveResourceWithProperties(CloudwatchLogResourcePolicy, { policy_name: 'logtel-prod-opensearch-logs' });
    const resources = JSON.parse(synth).resource as Record<string, Record<string, Record<string, string>>>;
    const domainArn = '${aws_opensearch_domain.search_domain_662C30ED.arn}';
    expect(JSON.parse(Object.values(resources.aws_opensearch_domain_policy)[0].access_policies)).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'PipelineRoles', Effect: 'Allow', Principal: { AWS: [FIREHOSE_ROLE] }, Action: 'es:ESHttp*', Resource: `${domainArn}/*` },
      ],
    });
    const logPolicy = JSON.parse(Object.values(resources.aws_cloudwatch_log_resource_policy)[0].policy_document) as {
      Statement: Record<string, unknown>[];
    };
    expect(logPolicy.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'es.amazonaws.com' },
        Resource: 'arn:aws:logs:us-east-1:222222222222:log-group:/aws/opensearch/logtel-prod/*',
        Condition: {
          StringEquals: { 'aws:SourceAccount': '222222222222' },
          ArnLike: { 'aws:SourceArn': 'arn:aws:es:us-east-1:222222222222:domain/logtel-prod' },
        },
      }),
    ]);
  });

  it('has an IAM role as master user: no internal users, no password, no secret, no unsigned path', () => {
    // Act
    const synth = Testing.synthScope((scope) => new SearchDomain(scope, 'search', domainProps()));
    const json = JSON.parse(synth) as { resource: Record<string, Record<string, Record<string, unknown>>>; data?: Record<string, unknown> };
    const domain = Object.values(json.resource.aws_opensearch_domain)[0];
    const policy = JSON.parse(String(Object.values(json.resource.aws_opensearch_domain_policy)[0].access_policies)) as {
      Statement: { Principal: unknown; Condition?: unknown }[];
    };

    // Assess
    expect(domain.advanced_security_options).toEqual({
      enabled: true,
      internal_user_database_enabled: false,
      master_user_options: { master_user_arn: MASTER_ROLE },
    });
    expect(JSON.stringify(domain)).not.toContain('master_user_password');
    expect(Object.keys(json.resource).filter((type) => type.startsWith('aws_secretsmanager_'))).toEqual([]);
    expect(Object.keys(json.data ?? {})).toEqual([]);
    // Every statement names roles: nothing admits an anonymous or IP-only caller.
    expect(policy.Statement.map((s) => s.Principal)).toEqual([{ AWS: [FIREHOSE_ROLE] }]);
    expect(policy.Statement.every((s) => s.Condition === undefined)).toBe(true);
  });

  it.each([
    [
      'a master user that is not an IAM role',
      { masterUserArn: 'arn:aws:iam::222222222222:user/admin' },
      "SearchDomain.masterUserArn: 'arn:aws:iam::222222222222:user/admin'; expected an IAM role ARN (arn:aws:iam::<account>:role/<name>)",
    ],
    [
      '4 data nodes in 3 zones',
      { instanceCount: 4 },
      'SearchDomain.instanceCount: 4 data nodes cannot spread evenly over 3 zones; expected a multiple of 3',
    ],
    [
      '3 data nodes in 2 zones',
      { zoneCount: 2 as const },
      'SearchDomain.instanceCount: 3 data nodes cannot spread evenly over 2 zones; expected a multiple of 2',
    ],
    [
      'an even number of dedicated masters',
      { dedicatedMasters: { instanceType: 'm6g.large.search', count: 4 as 3 } },
      'SearchDomain.dedicatedMasters.count: 4; expected 3 or 5',
    ],
  ])('rejects %s, naming the prop', (_case, overrides, expected) => {
    expect(() => Testing.synthScope((scope) => new SearchDomain(scope, 's', domainProps(overrides)))).toThrow(expected);
  });

  it('runs one node in one zone without zone awareness or dedicated masters', () => {
    // Act
    const synth = Testing.synthScope(
      (scope) => new SearchDomain(scope, 'search', domainProps({ instanceCount: 1, zoneCount: 1, dedicatedMasters: undefined })),
    );

    // Assess
    expect(synth).toHaveResourceWithProperties(OpensearchDomain, {
      cluster_config: {
        instance_type: 'r6g.large.search',
        instance_count: 1,
        zone_awareness_enabled: false,
        dedicated_master_enabled: false,
      },
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

  it('reports every invalid prop in one error', () => {
    // Prepare
    const props = domainProps({ domainName: 'X', instanceCount: 0, masterUserArn: 'admin', accessRoleArns: ['arn:aws:iam::1:user/u'] });

    // Act
    const act = (): unknown => Testing.synthScope((scope) => new SearchDomain(scope, 's', props));

    // Assess
    expect(act).toThrow(
      new ConstructPropsError([
        "SearchDomain.domainName: 'X'; expected 3-28 lower-case letters, digits and hyphens, starting with a letter",
        'SearchDomain.instanceCount: 0; expected a positive integer',
        "SearchDomain.masterUserArn: 'admin'; expected an IAM role ARN (arn:aws:iam::<account>:role/<name>)",
        "SearchDomain.accessRoleArns: 'arn:aws:iam::1:user/u' is not an IAM role ARN",
      ]),
    );
  });

  it('rejects a log retention CloudWatch Logs does not accept', () => {
    expect(() => Testing.synthScope((scope) => new SearchDomain(scope, 's', domainProps({ logRetentionDays: 10 })))).toThrow(
      /^SearchDomain\.logRetentionDays: 10; expected one of 1, 3, 5, 7, 14, 30/,
    );
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
        s3_configuration: expect.objectContaining({
          bucket_arn: 'arn:aws:s3:::quarantine',
          prefix: 'search-failed/access-logs/',
          kms_key_arn: KEY,
        }),
        cloudwatch_logging_options: expect.objectContaining({ enabled: true, log_stream_name: 'DestinationDelivery' }),
      }),
    });
  });
});
