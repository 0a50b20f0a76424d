import { Testing, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AthenaWorkgroup } from '@cdktf/provider-aws/lib/athena-workgroup';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { GlueJob } from '@cdktf/provider-aws/lib/glue-job';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KinesisFirehoseDeliveryStream } from '@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream';
import { KinesisStream } from '@cdktf/provider-aws/lib/kinesis-stream';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { LambdaEventSourceMapping } from '@cdktf/provider-aws/lib/lambda-event-source-mapping';
import { OpensearchDomain } from '@cdktf/provider-aws/lib/opensearch-domain';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { applyPolicyChecks } from '../../stacks/policy/policy-aspect';
import { PolicyWaiver } from '../../stacks/policy/policy-waiver';
import { POLICY_RULES } from '../../stacks/policy/rules/all-rules';
import { InvalidWaiverError } from '../../stacks/policy/invalid-waiver-error';
import { errorsFor, findingsOf } from './policy-harness';

const ROLE = 'arn:aws:iam::111111111111:role/r';
const STREAM_ARN = 'arn:aws:kinesis:us-east-1:111111111111:stream/s';

/** A bucket that passes every bucket rule, to be broken one piece at a time. */
function hardenedBucket(stack: TerraformStack, id: string, omit: 'sse' | 'pab' | 'tls' | 'none' = 'none'): S3Bucket {
  const bucket = new S3Bucket(stack, id, { bucket: `${id}-bucket` });
  if (omit !== 'sse') {
    new S3BucketServerSideEncryptionConfigurationA(stack, `${id}-sse`, {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' }, bucketKeyEnabled: true }],
    });
  }
  if (omit !== 'pab') {
    new S3BucketPublicAccessBlock(stack, `${id}-pab`, {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
  }
  const doc = new DataAwsIamPolicyDocument(stack, `${id}-doc`, {
    statement: [
      omit === 'tls'
        ? { effect: 'Allow', actions: ['s3:GetObject'], resources: [`${bucket.arn}/*`], principals: [{ type: 'AWS', identifiers: [ROLE] }] }
        : {
            effect: 'Deny',
            actions: ['s3:*'],
            resources: [bucket.arn, `${bucket.arn}/*`],
            principals: [{ type: '*', identifiers: ['*'] }],
            condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
          },
    ],
  });
  new S3BucketPolicy(stack, `${id}-policy`, { bucket: bucket.id, policy: doc.json });
  return bucket;
}

function streamMapping(stack: TerraformStack, extra: Partial<ConstructorParameters<typeof LambdaEventSourceMapping>[2]>): void {
  new LambdaEventSourceMapping(stack, 'bad', { functionName: 'f', eventSourceArn: STREAM_ARN, startingPosition: 'LATEST', ...extra });
}

function alarmOn(stack: TerraformStack, topicArn: string): void {
  new CloudwatchMetricAlarm(stack, 'alarm', {
    alarmName: 'a',
    comparisonOperator: 'GreaterThanThreshold',
    evaluationPeriods: 1,
    threshold: 1,
    metricName: 'Errors',
    namespace: 'N',
    period: 60,
    statistic: 'Sum',
    alarmActions: [topicArn],
  });
}

const goodDomain = {
  domainName: 'd',
  encryptAtRest: { enabled: true },
  nodeToNodeEncryption: { enabled: true },
  domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10' },
  advancedSecurityOptions: { enabled: true, internalUserDatabaseEnabled: true },
};

/** One deliberately bad resource per rule, always with construct id `bad`. */
const BAD_RESOURCES: Record<string, (stack: TerraformStack) => void> = {
  'S3-ENCRYPTION': (stack) => hardenedBucket(stack, 'bad', 'sse'),
  'KINESIS-ENCRYPTION': (stack) => new KinesisStream(stack, 'bad', { name: 's', streamModeDetails: { streamMode: 'ON_DEMAND' } }),
  'FIREHOSE-ENCRYPTION': (stack) =>
    new KinesisFirehoseDeliveryStream(stack, 'bad', {
      name: 'direct-put',
      destination: 'extended_s3',
      extendedS3Configuration: { bucketArn: 'arn:aws:s3:::b', roleArn: ROLE },
    }),
  'SNS-ENCRYPTION': (stack) => new SnsTopic(stack, 'bad', { name: 't' }),
  'SQS-ENCRYPTION': (stack) => new SqsQueue(stack, 'bad', { name: 'q', sqsManagedSseEnabled: false }),
  'LOGS-ENCRYPTION': (stack) => new CloudwatchLogGroup(stack, 'bad', { name: 'g', retentionInDays: 7 }),
  'OPENSEARCH-ENCRYPTION': (stack) => new OpensearchDomain(stack, 'bad', { ...goodDomain, encryptAtRest: { enabled: false } }),
  'KMS-ROTATION': (stack) => new KmsKey(stack, 'bad', { description: 'k' }),
  'S3-PUBLIC-ACCESS': (stack) => hardenedBucket(stack, 'bad', 'pab'),
  'S3-TLS-ONLY': (stack) => hardenedBucket(stack, 'bad', 'tls'),
  'IAM-WILDCARD-ACTION': (stack) =>
    new IamRolePolicy(stack, 'bad', {
      role: 'r',
      policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/*' }] }),
    }),
  'IAM-WILDCARD-RESOURCE': (stack) =>
    new IamRolePolicy(stack, 'bad', {
      role: 'r',
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['kinesis:GetRecords', 'cloudwatch:PutMetricData'], Resource: '*' }],
      }),
    }),
  'ESM-FAILURE-DESTINATION': (stack) => streamMapping(stack, { maximumRetryAttempts: 3, maximumRecordAgeInSeconds: 3600 }),
  'ESM-BOUNDED-RETRIES': (stack) =>
    streamMapping(stack, { maximumRetryAttempts: -1, destinationConfig: { onFailure: { destinationArn: 'arn:aws:s3:::quarantine' } } }),
  'OPENSEARCH-HTTPS': (stack) =>
    new OpensearchDomain(stack, 'bad', {
      ...goodDomain,
      domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: 'Policy-Min-TLS-1-0-2019-07' },
    }),
  'OPENSEARCH-FGAC': (stack) => new OpensearchDomain(stack, 'bad', { ...goodDomain, advancedSecurityOptions: { enabled: false } }),
  'ATHENA-ENFORCED': (stack) =>
    new AthenaWorkgroup(stack, 'bad', {
      name: 'w',
      configuration: {
        enforceWorkgroupConfiguration: false,
        resultConfiguration: { encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKeyArn: 'k' } },
      },
    }),
  'ATHENA-RESULTS-ENCRYPTION': (stack) =>
    new AthenaWorkgroup(stack, 'bad', { name: 'w', configuration: { resultConfiguration: { outputLocation: 's3://b/' } } }),
  'GLUE-SECURITY-CONFIGURATION': (stack) =>
    new GlueJob(stack, 'bad', { name: 'j', roleArn: ROLE, command: { scriptLocation: 's3://b/j.py' } }),
  'LOGS-RETENTION': (stack) => new CloudwatchLogGroup(stack, 'bad', { name: 'g', kmsKeyId: 'arn:aws:kms:us-east-1:111111111111:key/k' }),
  'ALARM-ACTIONS': (stack) =>
    new CloudwatchMetricAlarm(stack, 'bad', {
      alarmName: 'a',
      comparisonOperator: 'GreaterThanThreshold',
      evaluationPeriods: 1,
      threshold: 1,
      metricName: 'm',
      namespace: 'n',
      period: 60,
      statistic: 'Sum',
    }),
  'SNS-ALARM-KEY': (stack) => {
    const key = new KmsKey(stack, 'key', {
      enableKeyRotation: true,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' }],
      }),
    });
    const topic = new SnsTopic(stack, 'bad', { name: 'alerts', kmsMasterKeyId: key.arn });
    alarmOn(stack, topic.arn);
  },
  'KMS-WILDCARD-ACTION': (stack) =>
    new KmsKey(stack, 'bad', {
      enableKeyRotation: true,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' }],
      }),
    }),
  'TF-DEPENDS-ON': (stack) => {
    const queue = new SqsQueue(stack, 'queue', { name: 'q', sqsManagedSseEnabled: true });
    // A raw fqn renders "${aws_sqs_queue.queue}", which Terraform rejects in depends_on.
    new SnsTopic(stack, 'bad', { name: 't', kmsMasterKeyId: 'k' }).dependsOn = [queue.fqn];
  },
};

describe('Policy rules', () => {
  it('has at least 15 rules, each with a bad-resource case here', () => {
    // Assess
    expect(POLICY_RULES.length).toBeGreaterThanOrEqual(15);
    expect(Object.keys(BAD_RESOURCES).sort()).toEqual(POLICY_RULES.map((r) => r.id).sort());
  });

  it.each(Object.entries(BAD_RESOURCES))('%s catches its violation with the resource path', (ruleId, build) => {
    // Act
    const findings = findingsOf(build);

    // Assess
    const errors = errorsFor(findings, ruleId);
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe('stack/bad');
    expect(errors[0].message).toContain('(stack/bad)');
  });

  it('passes a hardened bucket and an alarm topic whose key admits CloudWatch', () => {
    // Prepare / Act
    const findings = findingsOf((stack) => {
      hardenedBucket(stack, 'good');
      const key = new KmsKey(stack, 'key', {
        enableKeyRotation: true,
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
              Resource: '*',
            },
          ],
        }),
      });
      alarmOn(stack, new SnsTopic(stack, 'topic', { name: 'alerts', kmsMasterKeyId: key.arn }).arn);
    });

    // Assess
    expect(findings.filter((f) => f.level === 'error')).toEqual([]);
  });

  it('reads a TLS-only condition written as a JSON boolean', () => {
    const findings = findingsOf((stack) => {
      const bucket = hardenedBucket(stack, 'plain', 'tls');
      const statement = {
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: `${bucket.arn}/*`,
        Condition: { Bool: { 'aws:SecureTransport': false } },
      };
      new S3BucketPolicy(stack, 'json-policy', {
        bucket: bucket.id,
        policy: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }),
      });
    });
    expect(errorsFor(findings, 'S3-TLS-ONLY')).toEqual([]);
  });

  it('flags an alarm topic on the AWS-managed aws/sns key', () => {
    const findings = findingsOf((stack) => alarmOn(stack, new SnsTopic(stack, 'bad', { name: 't', kmsMasterKeyId: 'alias/aws/sns' }).arn));
    expect(errorsFor(findings, 'SNS-ALARM-KEY')[0].message).toContain('aws/sns');
  });

  it('exempts a Firehose whose source is a Kinesis stream from delivery-stream SSE', () => {
    const findings = findingsOf(
      (stack) =>
        new KinesisFirehoseDeliveryStream(stack, 'raw', {
          name: 'raw',
          destination: 'extended_s3',
          kinesisSourceConfiguration: { kinesisStreamArn: STREAM_ARN, roleArn: ROLE },
          extendedS3Configuration: { bucketArn: 'arn:aws:s3:::b', roleArn: ROLE },
        }),
    );
    expect(errorsFor(findings, 'FIREHOSE-ENCRYPTION')).toEqual([]);
  });

  it('turns a waived violation into a warning that carries the reason', () => {
    // Act
    const findings = findingsOf((stack) => {
      const topic = new SnsTopic(stack, 'bad', { name: 't' });
      PolicyWaiver.of(topic).waive('SNS-ENCRYPTION', 'test topic, carries no data');
    });

    // Assess
    expect(errorsFor(findings, 'SNS-ENCRYPTION')).toEqual([]);
    expect(findings).toContainEqual({
      level: 'warning',
      path: 'stack/bad',
      message: expect.stringContaining('[SNS-ENCRYPTION] waived for aws_sns_topic.bad (stack/bad): test topic, carries no data'),
    });
  });

  it('rejects a waiver without a reason and reports one naming an unknown rule', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    expect(() => PolicyWaiver.of(stack).waive('SNS-ENCRYPTION', ' ')).toThrow(InvalidWaiverError);
    const findings = findingsOf((s) =>
      PolicyWaiver.of(new SnsTopic(s, 'bad', { name: 't', kmsMasterKeyId: 'k' })).waive('NO-SUCH-RULE', 'a reason long enough'),
    );
    expect(findings.some((f) => f.level === 'error' && f.message.includes("unknown rule 'NO-SUCH-RULE'"))).toBe(true);
  });

  it('makes a full synth fail, naming the path and the rule', () => {
    // Prepare
    const app = Testing.app();
    const stack = new TerraformStack(app, 'policy-fail');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    new SnsTopic(stack, 'plain', { name: 't' });
    applyPolicyChecks(stack);

    // Act / Assess
    expect(() => Testing.fullSynth(stack)).toThrow(/\[policy-fail\/plain\] \[SNS-ENCRYPTION\]/);
  });
});
