import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import { iamAccountRootArn, logGroupArn } from '../../config/arns';
import { policyDocument, type PolicyStatement } from '../iam/policy-document';
import { PropsCheck } from '../props-error';
import { DATA_KEY_DEFAULTS } from './data-key-defaults';

export interface DataKeyProps {
  /** Alias without the `alias/` prefix. */
  readonly alias: string;
  readonly description: string;
  readonly accountId: string;
  /** Needed with `allowCloudWatchLogs` (the Logs service principal is regional). @default none */
  readonly region?: string;
  /**
   * Let S3 server access logging write with this key (the log bucket is encrypted with it).
   * Without this grant, access logs silently never arrive.
   * @default false
   */
  readonly allowS3ServerAccessLogs?: boolean;
  /** Let CloudWatch Logs in this account encrypt log groups with this key. @default false */
  readonly allowCloudWatchLogs?: boolean;
  /** Extra statements, e.g. for a service principal. @default none */
  readonly extraStatements?: readonly PolicyStatement[];
  /** Days before a scheduled deletion happens (7..30). @default 30 (DATA_KEY_DEFAULTS) */
  readonly deletionWindowInDays?: number;
}

/** Administrative actions for the account root, listed so that no statement grants `kms:*`. */
const KEY_ADMIN_ACTIONS: readonly string[] = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
];
/** Cryptographic use of the key, delegated to the account's IAM policies. */
const KEY_USE_ACTIONS: readonly string[] = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];

/**
 * A customer-managed, rotating KMS key. The root statement delegates use of the
 * key to IAM policies of this account (each role is granted only what it needs);
 * service principals that cannot use IAM roles get their own scoped statements.
 */
export class DataKey extends Construct {
  public readonly key: KmsKey;
  public readonly alias: KmsAlias;

  constructor(scope: Construct, id: string, props: DataKeyProps) {
    super(scope, id);
    const window = props.deletionWindowInDays ?? DATA_KEY_DEFAULTS.deletionWindowInDays;
    const check = new PropsCheck(`DataKey[${id}]`);
    check.expect(
      Number.isInteger(window) && window >= 7 && window <= 30,
      'deletionWindowInDays',
      `${window}; expected an integer from 7 to 30`,
    );
    if (props.allowCloudWatchLogs)
      check.expect(props.region !== undefined, 'region', 'required with allowCloudWatchLogs (the CloudWatch Logs principal is regional)');
    check.throwIfAny();
    const root = iamAccountRootArn(props.accountId);
    const statements: PolicyStatement[] = [
      { Sid: 'AccountAdministersKey', Effect: 'Allow', Principal: { AWS: root }, Action: KEY_ADMIN_ACTIONS, Resource: '*' },
      { Sid: 'AccountIamPoliciesUseKey', Effect: 'Allow', Principal: { AWS: root }, Action: KEY_USE_ACTIONS, Resource: '*' },
    ];
    if (props.allowS3ServerAccessLogs) {
      statements.push({
        Sid: 'S3ServerAccessLogsUseKey',
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': props.accountId } },
      });
    }
    if (props.allowCloudWatchLogs && props.region !== undefined) {
      statements.push({
        Sid: 'CloudWatchLogsUseKey',
        Effect: 'Allow',
        Principal: { Service: `logs.${props.region}.amazonaws.com` },
        Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        Resource: '*',
        Condition: {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn({ accountId: props.accountId, region: props.region }, '*') },
        },
      });
    }
    statements.push(...(props.extraStatements ?? []));

    // In a key policy `Resource: "*"` means "this key": there is no narrower form.
    this.key = new KmsKey(this, 'key', {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: window,
      policy: policyDocument(statements),
    });
    this.alias = new KmsAlias(this, 'alias', { name: `alias/${props.alias}`, targetKeyId: this.key.keyId });
  }
}
