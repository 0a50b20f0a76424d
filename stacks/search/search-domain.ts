import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { OpensearchDomain } from '@cdktf/provider-aws/lib/opensearch-domain';
import { OpensearchDomainPolicy } from '@cdktf/provider-aws/lib/opensearch-domain-policy';
import { dependable, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { logGroupArn, openSearchDomainArn } from '../../config/arns';
import { policyDocument } from '../iam/policy-document';
import { DOMAIN_NAME_PATTERN } from '../../config/search-names';
import { checkLogRetention } from '../log-retention';
import { PropsCheck } from '../props-error';
import { SEARCH_DOMAIN_DEFAULTS } from './search-domain-defaults';

const LOG_TYPES = { 'index-slow': 'INDEX_SLOW_LOGS', 'search-slow': 'SEARCH_SLOW_LOGS', errors: 'ES_APPLICATION_LOGS' } as const;

export interface SearchDomainProps {
  readonly domainName: string;
  readonly accountId: string;
  readonly region: string;
  /** Config `opensearch.instanceType`, e.g. `r6g.large.search`. */
  readonly instanceType: string;
  /** Data nodes: a multiple of `zoneCount`. */
  readonly instanceCount: number;
  /** Availability zones the data nodes spread over; 2 or 3 turns zone awareness on. @default 1 */
  readonly zoneCount?: 1 | 2 | 3;
  /**
   * Dedicated master nodes, e.g. `{ instanceType: 'm6g.large.search', count: 3 }`: without them
   * the data nodes elect a master among themselves, and losing one can leave none. @default none
   */
  readonly dedicatedMasters?: { readonly instanceType: string; readonly count: 3 | 5 };
  /** gp3 volume per data node, GiB. */
  readonly volumeSizeGb: number;
  /** Encrypts the domain at rest and its log groups. The key policy must admit `logs.<region>.amazonaws.com`. */
  readonly kmsKeyArn: string;
  /** IAM roles admitted by the access policy (the search Firehoses, operators running the bootstrap). */
  readonly accessRoleArns: readonly string[];
  /** @default 'OpenSearch_2.19' */
  readonly engineVersion?: string;
  /** @default 30 */
  readonly logRetentionDays?: number;
  /**
   * IAM role that is the fine-grained-access-control master user (`master_user_arn`).
   * With an IAM master AWS requires the internal user database off, so no password
   * exists anywhere; the role is mapped to `all_access` and `security_manager`.
   */
  readonly masterUserArn: string;
}

/**
 * The environment's OpenSearch domain: encrypted at rest and between nodes,
 * HTTPS-only with TLS 1.2+, fine-grained access control with an IAM role as master
 * user (no internal users, no password), optional dedicated masters and zone awareness,
 * slow and error logs in CloudWatch.
 */
export class SearchDomain extends Construct {
  readonly domain: OpensearchDomain;
  readonly logGroups: readonly CloudwatchLogGroup[];
  readonly logResourcePolicy: CloudwatchLogResourcePolicy;
  readonly accessPolicy: OpensearchDomainPolicy;
  /** Domain ARN built from the name (usable before the domain exists, e.g. in role policies). */
  readonly domainArn: string;

  constructor(scope: Construct, id: string, props: SearchDomainProps) {
    super(scope, id);
    const retention = props.logRetentionDays ?? SEARCH_DOMAIN_DEFAULTS.logRetentionDays;
    const zones = props.zoneCount ?? SEARCH_DOMAIN_DEFAULTS.zoneCount;
    const masters = props.dedicatedMasters;
    const check = new PropsCheck('SearchDomain');
    checkLogRetention(check, 'logRetentionDays', retention);
    check.expect(
      DOMAIN_NAME_PATTERN.test(props.domainName),
      'domainName',
      `'${props.domainName}'; expected 3-28 lower-case letters, digits and hyphens, starting with a letter`,
    );
    const countOk = Number.isInteger(props.instanceCount) && props.instanceCount >= 1;
    check.expect(countOk, 'instanceCount', `${props.instanceCount}; expected a positive integer`);
    const zonesOk = [1, 2, 3].includes(zones);
    check.expect(zonesOk, 'zoneCount', `${zones}; expected 1, 2 or 3`);
    if (countOk && zonesOk) {
      check.expect(
        props.instanceCount % zones === 0,
        'instanceCount',
        `${props.instanceCount} data nodes cannot spread evenly over ${zones} zones; expected a multiple of ${zones}`,
      );
    }
    if (masters !== undefined) check.expect([3, 5].includes(masters.count), 'dedicatedMasters.count', `${masters.count}; expected 3 or 5`);
    check.expect(
      /^arn:aws:iam::\d{12}:role\/\S+$/.test(props.masterUserArn),
      'masterUserArn',
      `'${props.masterUserArn}'; expected an IAM role ARN (arn:aws:iam::<account>:role/<name>)`,
    );
    check.expect(props.accessRoleArns.length > 0, 'accessRoleArns', 'expected at least one role (the access policy admits only these)');
    for (const notRole of props.accessRoleArns.filter((a) => !a.includes(':role/') && !a.startsWith('${')))
      check.add('accessRoleArns', `'${notRole}' is not an IAM role ARN`);
    check.throwIfAny();

    this.domainArn = openSearchDomainArn(props, props.domainName);
    this.logGroups = Object.keys(LOG_TYPES).map(
      (kind) =>
        new CloudwatchLogGroup(this, `logs-${kind}`, {
          name: `/aws/opensearch/${props.domainName}/${kind}`,
          retentionInDays: retention,
          kmsKeyId: props.kmsKeyArn,
        }),
    );
    // At most 10 log resource policies exist per region: one per domain prefix, shared by its groups.
    const logPolicy = policyDocument([
      {
        Effect: 'Allow',
        Principal: { Service: 'es.amazonaws.com' },
        Action: ['logs:PutLogEvents', 'logs:CreateLogStream'],
        Resource: logGroupArn(props, `/aws/opensearch/${props.domainName}/*`),
        Condition: { StringEquals: { 'aws:SourceAccount': props.accountId }, ArnLike: { 'aws:SourceArn': this.domainArn } },
      },
    ]);
    this.logResourcePolicy = new CloudwatchLogResourcePolicy(this, 'log-resource-policy', {
      policyName: `${props.domainName}-opensearch-logs`,
      policyDocument: logPolicy,
    });

    this.domain = new OpensearchDomain(this, 'domain', {
      domainName: props.domainName,
      engineVersion: props.engineVersion ?? SEARCH_DOMAIN_DEFAULTS.engineVersion,
      clusterConfig: {
        instanceType: props.instanceType,
        instanceCount: props.instanceCount,
        zoneAwarenessEnabled: zones > 1,
        ...(zones > 1 ? { zoneAwarenessConfig: { availabilityZoneCount: zones } } : {}),
        dedicatedMasterEnabled: masters !== undefined,
        ...(masters !== undefined ? { dedicatedMasterType: masters.instanceType, dedicatedMasterCount: masters.count } : {}),
      },
      ebsOptions: { ebsEnabled: true, volumeType: 'gp3', volumeSize: props.volumeSizeGb },
      encryptAtRest: { enabled: true, kmsKeyId: props.kmsKeyArn },
      nodeToNodeEncryption: { enabled: true },
      domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10' },
      advancedSecurityOptions: {
        enabled: true,
        // AWS requires the internal user database off for an IAM master: nobody signs in
        // with a password, and none sits in Secrets Manager or in the state.
        internalUserDatabaseEnabled: false,
        masterUserOptions: { masterUserArn: props.masterUserArn },
      },
      softwareUpdateOptions: { autoSoftwareUpdateEnabled: true },
      logPublishingOptions: Object.values(LOG_TYPES).map((logType, i) => ({
        logType,
        cloudwatchLogGroupArn: this.logGroups[i].arn,
        enabled: true,
      })),
      dependsOn: [this.logResourcePolicy],
    });

    // IAM-only: every request is signed. The master role and operators are admitted by their
    // own identity policies (same account); no unsigned path exists, so no CIDR statement.
    const access = policyDocument([
      {
        Sid: 'PipelineRoles',
        Effect: 'Allow',
        Principal: { AWS: [...props.accessRoleArns] },
        Action: 'es:ESHttp*',
        Resource: `${this.domain.arn}/*`,
      },
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
