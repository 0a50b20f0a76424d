import * as arns from '../../config/arns';

/** Where the examples live: the shape every regional builder takes (an environment, construct props). */
const SCOPE: arns.ArnScope = { accountId: '123456789012', region: 'eu-west-1' };

/** The general ARN format (IAM User Guide, "Amazon Resource Names"): arn:partition:service:region:account-id:resource. */
const ARN = /^arn:aws:([a-z0-9-]+):([a-z0-9-]*):(\d{12}|aws)?:(.+)$/;

describe('ARN builders', () => {
  it.each([
    ['s3BucketArn', arns.s3BucketArn('logtel-raw'), 'arn:aws:s3:::logtel-raw'],
    ['s3ObjectsArn (every object)', arns.s3ObjectsArn('logtel-raw'), 'arn:aws:s3:::logtel-raw/*'],
    ['s3ObjectsArn (a key pattern)', arns.s3ObjectsArn('logtel-assets', 'glue/*'), 'arn:aws:s3:::logtel-assets/glue/*'],
    ['iamRoleArn', arns.iamRoleArn('123456789012', 'logtel-ci-plan'), 'arn:aws:iam::123456789012:role/logtel-ci-plan'],
    ['iamAccountRootArn', arns.iamAccountRootArn('123456789012'), 'arn:aws:iam::123456789012:root'],
    ['awsManagedPolicyArn', arns.awsManagedPolicyArn('ReadOnlyAccess'), 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
    [
      'kinesisStreamArn',
      arns.kinesisStreamArn(SCOPE, 'logtel-dev-access-logs'),
      'arn:aws:kinesis:eu-west-1:123456789012:stream/logtel-dev-access-logs',
    ],
    [
      'firehoseDeliveryStreamArn',
      arns.firehoseDeliveryStreamArn(SCOPE, 'logtel-dev-access-logs-search'),
      'arn:aws:firehose:eu-west-1:123456789012:deliverystream/logtel-dev-access-logs-search',
    ],
    [
      'lambdaFunctionArn',
      arns.lambdaFunctionArn(SCOPE, 'logtel-dev-access-logs-processor'),
      'arn:aws:lambda:eu-west-1:123456789012:function:logtel-dev-access-logs-processor',
    ],
    ['logGroupArn', arns.logGroupArn(SCOPE, '/aws-glue/*'), 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws-glue/*'],
    ['glueCatalogArn', arns.glueCatalogArn(SCOPE), 'arn:aws:glue:eu-west-1:123456789012:catalog'],
    ['glueDatabaseArn', arns.glueDatabaseArn(SCOPE, 'logtel_dev'), 'arn:aws:glue:eu-west-1:123456789012:database/logtel_dev'],
    ['glueTableArn', arns.glueTableArn(SCOPE, 'logtel_dev', '*'), 'arn:aws:glue:eu-west-1:123456789012:table/logtel_dev/*'],
    ['openSearchDomainArn', arns.openSearchDomainArn(SCOPE, 'logtel-prod'), 'arn:aws:es:eu-west-1:123456789012:domain/logtel-prod'],
    ['kmsAliasArn', arns.kmsAliasArn(SCOPE, 'logtel-tfstate-state'), 'arn:aws:kms:eu-west-1:123456789012:alias/logtel-tfstate-state'],
  ])('%s spells the documented format', (_name, actual, expected) => {
    // Assess
    expect(actual).toBe(expected);
    expect(actual).toMatch(ARN);
  });

  it('takes any object with the account and region, e.g. an environment or construct props', () => {
    // Prepare
    const props = { name: 'raw', accountId: '222222222222', region: 'us-east-1', keyArn: 'k' };

    // Act
    const arn = arns.kinesisStreamArn(props, 'logtel-prod-turbine-telemetry');

    // Assess
    expect(arn).toBe('arn:aws:kinesis:us-east-1:222222222222:stream/logtel-prod-turbine-telemetry');
  });

  it('pastes a Terraform token as it is', () => {
    // Act
    const arn = arns.s3BucketArn('${aws_s3_bucket.raw.bucket}');

    // Assess
    expect(arn).toBe('arn:aws:s3:::${aws_s3_bucket.raw.bucket}');
  });
});
