import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { DataAwsSecretsmanagerRandomPassword } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-random-password';
import { OpensearchDomain } from '@cdktf/provider-aws/lib/opensearch-domain';
import { OpensearchDomainPolicy } from '@cdktf/provider-aws/lib/opensearch-domain-policy';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { dependable, Fn, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { policyDocument } from '../iam/policy-document';
import { SearchPropsError } from './errors';
import { DOMAIN_NAME, masterUserSecretName } from './search-names';

const LOG_TYPES = { 'index-slow': 'INDEX_SLOW_LOGS', 'search-slow': 'SEARCH_SLOW_LOGS', errors: 'ES_APPLICATION_LOGS' } as const;

export interface SearchDomainProps {
  readonly domainName: string;
  readonly accountId: string;
  readonly region: string;
  /** Config `opensearch.instanceType`, e.g. `r6g.large.search`. */
  readonly instanceType: string;
  readonly instanceCount: number;
  /** gp3 volume per data node, GiB. */
  readonly volumeSizeGb: number;
  /** Encrypts the domain at rest, its log groups and the master-user secret. The key policy must admit `logs.<region>.amazonaws.com`. */
  readonly kmsKeyArn: string;
  /** IAM roles admitted by the access policy (the search Firehoses, operators running the bootstrap). */
  readonly accessRoleArns: readonly string[];
  /** @default 'OpenSearch_2.19' */
  readonly engineVersion?: string;
  /** @default 30 */
  readonly logRetentionDays?: number;
  /** @default 'admin' */
  readonly masterUserName?: string;
  /**
   * Networks (CIDR) from which people sign in to OpenSearch Dashboards with internal
   * (fine-grained access control) users: the access policy then also admits unsigned
   * requests to `_dashboards/*` only, from these networks only, which FGAC authenticates.
   * @default [] (the domain admits only `accessRoleArns`)
   */
  readonly dashboardsAllowedCidrs?: readonly string[];
}

/**
 * The environment's OpenSearch domain: encrypted at rest and between nodes,
 * HTTPS-only with TLS 1.2+, fine-grained access control with a master user whose
 * password is generated into Secrets Manager, slow and error logs in CloudWatch.
 */
export class SearchDomain extends Construct {
  readonly domain: OpensearchDomain;
  readonly masterUserSecret: SecretsmanagerSecret;
  readonly logGroups: readonly CloudwatchLogGroup[];
  readonly logResourcePolicy: CloudwatchLogResourcePolicy;
  readonly accessPolicy: OpensearchDomainPolicy;
  /** Domain ARN built from the name (usable before the domain exists, e.g. in role policies). */
  readonly domainArn: string;

  constructor(scope: Construct, id: string, props: SearchDomainProps) {
    super(scope, id);
    const retention = props.logRetentionDays ?? 30;
    if (!DOMAIN_NAME.test(props.domainName)) {
      throw new SearchPropsError(`SearchDomain.domainName: '${props.domainName}'; expected 3-28 lower-case letters, digits and hyphens, starting with a letter`);
    }
    if (!Number.isInteger(props.instanceCount) || props.instanceCount < 1) throw new SearchPropsError(`SearchDomain.instanceCount: ${props.instanceCount}; expected a positive integer`);
    if (props.accessRoleArns.length === 0) throw new SearchPropsError('SearchDomain.accessRoleArns: expected at least one role (the access policy admits only these)');
    const notRole = props.accessRoleArns.find((a) => !a.includes(':role/') && !a.startsWith('${'));
    if (notRole !== undefined) throw new SearchPropsError(`SearchDomain.accessRoleArns: '${notRole}' is not an IAM role ARN`);

    this.domainArn = `arn:aws:es:${props.region}:${props.accountId}:domain/${props.domainName}`;
    this.logGroups = Object.keys(LOG_TYPES).map(
      (kind) => new CloudwatchLogGroup(this, `logs-${kind}`, { name: `/aws/opensearch/${props.domainName}/${kind}`, retentionInDays: retention, kmsKeyId: props.kmsKeyArn }),
    );
    // At most 10 log resource policies exist per region: one per domain prefix, shared by its groups.
    const logPolicy = policyDocument([
      {
        Effect: 'Allow',
        Principal: { Service: 'es.amazonaws.com' },
        Action: ['logs:PutLogEvents', 'logs:CreateLogStream'],
        Resource: `arn:aws:logs:${props.region}:${props.accountId}:log-group:/aws/opensearch/${props.domainName}/*`,
        Condition: { StringEquals: { 'aws:SourceAccount': props.accountId }, ArnLike: { 'aws:SourceArn': this.domainArn } },
      },
    ]);
    this.logResourcePolicy = new CloudwatchLogResourcePolicy(this, 'log-resource-policy', { policyName: `${props.domainName}-opensearch-logs`, policyDocument: logPolicy });

    const userName = props.masterUserName ?? 'admin';
    this.masterUserSecret = new SecretsmanagerSecret(this, 'master-user', {
      name: masterUserSecretName(props.domainName),
      description: `Master user of OpenSearch domain ${props.domainName} (fine-grained access control)`,
      kmsKeyId: props.kmsKeyArn,
    });
    // Characters that break URLs, shells and quoting are excluded. A backslash is not in the
    // list: cdktf's HCL writer cannot escape it, and the password only travels in JSON and basic auth.
    const generated = new DataAwsSecretsmanagerRandomPassword(this, 'password', { passwordLength: 32, excludeCharacters: '"\'/@` ', requireEachIncludedType: true });
    const version = new SecretsmanagerSecretVersion(this, 'master-user-value', {
      secretId: this.masterUserSecret.id,
      secretString: Fn.jsonencode({ username: userName, password: generated.randomPassword }),
      // The data source draws a new password on every plan; the stored one must stay.
      lifecycle: { ignoreChanges: ['secret_string'] },
    });

    const multiNode = props.instanceCount >= 2;
    this.domain = new OpensearchDomain(this, 'domain', {
      domainName: props.domainName,
      engineVersion: props.engineVersion ?? 'OpenSearch_2.19',
      clusterConfig: {
        instanceType: props.instanceType,
        instanceCount: props.instanceCount,
        zoneAwarenessEnabled: multiNode,
        ...(multiNode ? { zoneAwarenessConfig: { availabilityZoneCount: 2 } } : {}),
      },
      ebsOptions: { ebsEnabled: true, volumeType: 'gp3', volumeSize: props.volumeSizeGb },
      encryptAtRest: { enabled: true, kmsKeyId: props.kmsKeyArn },
      nodeToNodeEncryption: { enabled: true },
      domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10' },
      advancedSecurityOptions: {
        enabled: true,
        internalUserDatabaseEnabled: true,
        masterUserOptions: { masterUserName: userName, masterUserPassword: Fn.lookup(Fn.jsondecode(version.secretString), 'password', '') },
      },
      softwareUpdateOptions: { autoSoftwareUpdateEnabled: true },
      logPublishingOptions: Object.values(LOG_TYPES).map((logType, i) => ({ logType, cloudwatchLogGroupArn: this.logGroups[i].arn, enabled: true })),
      dependsOn: [this.logResourcePolicy],
    });

    const dashboardsCidrs = [...(props.dashboardsAllowedCidrs ?? [])];
    const access = policyDocument([
      { Sid: 'PipelineRoles', Effect: 'Allow', Principal: { AWS: [...props.accessRoleArns] }, Action: 'es:ESHttp*', Resource: `${this.domain.arn}/*` },
      ...(dashboardsCidrs.length > 0
        ? [
            {
              Sid: 'DashboardsSignIn',
              Effect: 'Allow' as const,
              Principal: { AWS: '*' },
              Action: ['es:ESHttpGet', 'es:ESHttpPost', 'es:ESHttpPut'],
              Resource: `${this.domain.arn}/_dashboards/*`,
              Condition: { IpAddress: { 'aws:SourceIp': dashboardsCidrs } },
            },
          ]
        : []),
    ]);
    this.accessPolicy = new OpensearchDomainPolicy(this, 'access', { domainName: this.domain.domainName, accessPolicies: access });
  }

  /**
   * Orders the access policy after the resources that create the roles it names
   * (the search Firehoses' roles): AWS rejects a principal that does not exist yet.
   */
  dependOn(resources: readonly ITerraformDependable[]): void {
    // `dependable` renders the bare address Terraform requires in depends_on; a raw `fqn`
    // renders `${...}`, which Terraform rejects ("A single static variable reference is required").
    this.accessPolicy.dependsOn = [...(this.accessPolicy.dependsOn ?? []), ...resources.map((r) => dependable(r))];
  }
}
