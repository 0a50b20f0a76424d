import { Testing } from 'cdktf';
import { AthenaWorkgroup } from '@cdktf/provider-aws/lib/athena-workgroup';
import { AnalyticsWorkgroup } from '../../stacks/query/analytics-workgroup';

describe('AnalyticsWorkgroup', () => {
  it('enforces KMS-encrypted results, the scan cutoff and CloudWatch metrics', () => {
    // Act
    const synth = Testing.synthScope(
      (scope) =>
        new AnalyticsWorkgroup(scope, 'athena', {
          name: 'logtel-dev-analytics',
          resultsBucketName: 'results',
          kmsKeyArn: 'arn:key',
          bytesScannedCutoffPerQuery: 1_073_741_824,
        }),
    );

    // Assess
    expect(synth).toHaveResourceWithProperties(AthenaWorkgroup, {
      name: 'logtel-dev-analytics',
      force_destroy: false,
      configuration: {
        enforce_workgroup_configuration: true,
        publish_cloudwatch_metrics_enabled: true,
        bytes_scanned_cutoff_per_query: 1_073_741_824,
        engine_version: { selected_engine_version: 'AUTO' },
        result_configuration: {
          output_location: 's3://results/results/',
          encryption_configuration: { encryption_option: 'SSE_KMS', kms_key_arn: 'arn:key' },
        },
      },
    });
    expect(JSON.parse(synth).resource.aws_athena_named_query).toBeUndefined();
  });

  it('rejects a cutoff below the Athena minimum', () => {
    expect(() =>
      Testing.synthScope(
        (scope) =>
          new AnalyticsWorkgroup(scope, 'a', { name: 'w', resultsBucketName: 'r', kmsKeyArn: 'k', bytesScannedCutoffPerQuery: 1024 }),
      ),
    ).toThrow('AnalyticsWorkgroup.bytesScannedCutoffPerQuery: 1024; expected an integer of at least 10485760 (10 MiB, the Athena minimum)');
  });
});
