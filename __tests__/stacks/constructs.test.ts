import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchLogStream } from '@cdktf/provider-aws/lib/cloudwatch-log-stream';
import { GlueCatalogTable } from '@cdktf/provider-aws/lib/glue-catalog-table';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Testing } from 'cdktf';
import { turbineTelemetry } from '../../datasets/turbine-telemetry';
import { SERVICE_TRUST } from '../../stacks/iam/service-trust';
import { ServiceRole, type ServiceRoleProps } from '../../stacks/iam/service-role';
import { DeliveryLogGroup } from '../../stacks/ingest/delivery-log-group';
import { ProcessedDelivery } from '../../stacks/ingest/processed-delivery';
import { ProcessedTable } from '../../stacks/ingest/processed-table';
import { DataKey, type DataKeyProps } from '../../stacks/storage/data-key';
import { statementsOf } from './factories';

const keyProps: DataKeyProps = { alias: 'example-data', description: 'test key', accountId: '111111111111', region: 'eu-west-1' };

function keyPolicy(props: Partial<DataKeyProps> = {}): ReturnType<typeof statementsOf> {
  const synthesized = JSON.parse(Testing.synthScope((scope) => new DataKey(scope, 'key', { ...keyProps, ...props }))) as {
    resource: { aws_kms_key: Record<string, { policy: string }> };
  };
  return statementsOf(Object.values(synthesized.resource.aws_kms_key)[0].policy);
}

describe('Construct: DataKey', () => {
  it('rotates, aliases the key and lets only the account administer and use it by default', () => {
    // Act
    const synthesized = Testing.synthScope((scope) => new DataKey(scope, 'key', keyProps));
    const statements = keyPolicy();

    // Assess
    expect(synthesized).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(synthesized).toHaveResourceWithProperties(KmsAlias, { name: 'alias/example-data' });
    expect(statements.map((s) => s.Sid)).toEqual(['AccountAdministersKey', 'AccountIamPoliciesUseKey']);
    expect(statements.flatMap((s) => (typeof s.Action === 'string' ? [s.Action] : s.Action))).not.toContain('kms:*');
  });

  it('admits S3 server access logging and CloudWatch Logs only when asked, scoped to the account', () => {
    // Act
    const statements = keyPolicy({ allowS3ServerAccessLogs: true, allowCloudWatchLogs: true });

    // Assess
    expect(statements).toContainEqual(
      expect.objectContaining({
        Sid: 'S3ServerAccessLogsUseKey',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Sid: 'CloudWatchLogsUseKey',
        Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
        Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-1:111111111111:log-group:*' } },
      }),
    );
  });

  it('needs a region to admit CloudWatch Logs, whose principal is regional', () => {
    // Act / Assess
    expect(() => keyPolicy({ region: undefined, allowCloudWatchLogs: true })).toThrow(
      'DataKey[key].region: required with allowCloudWatchLogs (the CloudWatch Logs principal is regional)',
    );
  });

  it('rejects a deletion window outside 7..30 days', () => {
    // Act / Assess
    expect(() => keyPolicy({ deletionWindowInDays: 3 })).toThrow('DataKey[key].deletionWindowInDays: 3; expected an integer from 7 to 30');
  });
});

describe('Construct: ServiceRole', () => {
  const props: ServiceRoleProps = {
    roleName: 'example-firehose',
    service: 'firehose.amazonaws.com',
    accountId: '111111111111',
    description: 'test',
    statements: [{ Effect: 'Allow', Action: 'kinesis:GetRecords', Resource: 'arn:aws:kinesis:eu-west-1:111111111111:stream/s' }],
  };

  it('lets Firehose assume it only with the external id its documentation gives: the account id', () => {
    // Act
    const synthesized = Testing.synthScope((scope) => new ServiceRole(scope, 'role', props));
    const role = JSON.parse(synthesized) as { resource: { aws_iam_role: Record<string, { assume_role_policy: string }> } };

    // Assess
    expect(synthesized).toHaveResourceWithProperties(IamRole, { name: 'example-firehose' });
    expect(statementsOf(Object.values(role.resource.aws_iam_role)[0].assume_role_policy)).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'firehose.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': '111111111111' } },
      },
    ]);
  });

  it.each([['lambda.amazonaws.com' as const], ['glue.amazonaws.com' as const]])(
    'trusts %s with no condition, as its documented trust policy shows (an undocumented key could lock the service out)',
    (service) => {
      // Act
      const synthesized = Testing.synthScope((scope) => new ServiceRole(scope, 'role', { ...props, service }));
      const role = JSON.parse(synthesized) as { resource: { aws_iam_role: Record<string, { assume_role_policy: string }> } };

      // Assess
      expect(statementsOf(Object.values(role.resource.aws_iam_role)[0].assume_role_policy)).toEqual([
        { Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' },
      ]);
    },
  );

  it('cites an AWS documentation page for the trust policy of every service it admits', () => {
    // Assess
    for (const [service, trust] of Object.entries(SERVICE_TRUST)) {
      expect([service, trust.source]).toEqual([service, expect.stringMatching(/^https:\/\/docs\.aws\.amazon\.com\//)]);
    }
  });

  it.each([['*'], ['s3:*']])('refuses the wildcard action %s', (action) => {
    // Prepare
    const bad = { ...props, statements: [{ Effect: 'Allow' as const, Action: ['s3:GetObject', action], Resource: 'arn:aws:s3:::b/*' }] };

    // Act / Assess
    expect(() => Testing.synthScope((scope) => new ServiceRole(scope, 'role', bad))).toThrow(
      `ServiceRole[role].statements[0]: grants a wildcard action (s3:GetObject, ${action}); list the actions the component needs`,
    );
  });
});

describe('Construct: ProcessedTable', () => {
  it('describes the Parquet files of one dataset under its prefix', () => {
    // Act
    const synthesized = Testing.synthScope(
      (scope) => new ProcessedTable(scope, 'table', { dataset: turbineTelemetry, databaseName: 'db', processedBucketName: 'bucket' }),
    );

    // Assess
    expect(synthesized).toHaveResourceWithProperties(GlueCatalogTable, {
      name: 'turbine_telemetry_processed',
      database_name: 'db',
      table_type: 'EXTERNAL_TABLE',
      storage_descriptor: expect.objectContaining({
        location: 's3://bucket/turbine-telemetry/',
        ser_de_info: expect.objectContaining({ serialization_library: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' }),
      }),
    });
  });

  it('rejects a projection start that is not a date', () => {
    // Act / Assess
    expect(() =>
      Testing.synthScope(
        (scope) =>
          new ProcessedTable(scope, 'table', {
            dataset: turbineTelemetry,
            databaseName: 'db',
            processedBucketName: 'b',
            projectionStartDate: '2024/01/01',
          }),
      ),
    ).toThrow("ProcessedTable[table].projectionStartDate: '2024/01/01'; expected YYYY-MM-DD");
  });
});

describe('Construct: DeliveryLogGroup', () => {
  it('creates one stream per delivery stream in an encrypted group with a retention', () => {
    // Act
    const synthesized = Testing.synthScope(
      (scope) =>
        new DeliveryLogGroup(scope, 'logs', {
          name: '/aws/kinesisfirehose/x',
          retentionInDays: 14,
          kmsKeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/k',
          streams: ['raw', 'processed'],
        }),
    );

    // Assess
    expect(synthesized).toHaveResourceWithProperties(CloudwatchLogStream, { name: 'raw' });
    expect(synthesized).toHaveResourceWithProperties(CloudwatchLogStream, { name: 'processed' });
    expect(synthesized).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/aws/kinesisfirehose/x',
      retention_in_days: 14,
      kms_key_id: 'arn:aws:kms:eu-west-1:111111111111:key/k',
    });
  });
});

describe('Construct: ProcessedDelivery', () => {
  it('refuses a buffer below the 64 MiB that Parquet conversion needs', () => {
    // Act / Assess
    expect(() =>
      Testing.synthScope((scope) => {
        const logs = new DeliveryLogGroup(scope, 'logs', {
          name: '/aws/kinesisfirehose/x',
          retentionInDays: 14,
          kmsKeyArn: 'k',
          streams: ['processed'],
        });
        new ProcessedDelivery(scope, 'processed', {
          name: 'x-processed',
          dataset: turbineTelemetry,
          accountId: '111111111111',
          region: 'eu-west-1',
          databaseName: 'db',
          processedBucketName: 'bucket',
          processedBucketArn: 'arn:aws:s3:::bucket',
          keyArn: 'k',
          logs,
          buffer: { sizeMb: 32, intervalSeconds: 300 },
        });
      }),
    ).toThrow('ProcessedDelivery[processed].buffer.sizeMb: 32; expected 64..128 MiB (format conversion needs at least 64)');
  });
});
