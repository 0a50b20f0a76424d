import { Testing } from 'cdktf';
import { QuicksightDataSet } from '@cdktf/provider-aws/lib/quicksight-data-set';
import { QuicksightDataSource } from '@cdktf/provider-aws/lib/quicksight-data-source';
import { accessLogs } from '../../datasets/access-logs';
import { turbineTelemetry } from '../../datasets/turbine-telemetry';
import { QuickSightAnalytics, type QuickSightAnalyticsProps } from '../../stacks/analytics/quicksight-analytics';

const PRINCIPAL = 'arn:aws:quicksight:us-east-1:222222222222:group/default/analysts';

function props(overrides: Partial<QuickSightAnalyticsProps> = {}): QuickSightAnalyticsProps {
  return {
    namePrefix: 'logtel-prod',
    accountId: '222222222222',
    principalArn: PRINCIPAL,
    workgroupName: 'logtel-prod-analytics',
    databaseName: 'logtel_prod',
    datasets: [accessLogs, turbineTelemetry],
    ...overrides,
  };
}

describe('QuickSightAnalytics', () => {
  it('queries Athena through the workgroup, with a direct-query dataset per processed table and a sheet per dataset', () => {
    // Act
    const synth = Testing.synthScope((scope) => new QuickSightAnalytics(scope, 'quicksight', props()));

    // Assess
    expect(synth).toHaveResourceWithProperties(QuicksightDataSource, {
      type: 'ATHENA',
      parameters: { athena: { work_group: 'logtel-prod-analytics' } },
    });
    expect(synth).toHaveResourceWithProperties(QuicksightDataSet, {
      data_set_id: 'logtel-prod-turbine-telemetry',
      import_mode: 'DIRECT_QUERY',
      physical_table_map: [
        expect.objectContaining({
          relational_table: expect.objectContaining({
            catalog: 'AwsDataCatalog',
            schema: 'logtel_prod',
            name: 'turbine_telemetry_processed',
            input_columns: expect.arrayContaining([
              { name: 'reading_time', type: 'DATETIME' },
              { name: 'power_output_kw', type: 'DECIMAL' },
              { name: 'dt', type: 'STRING' },
            ]),
          }),
        }),
      ],
    });
    const dashboard = Object.values(
      JSON.parse(synth).resource.aws_quicksight_dashboard as Record<
        string,
        { definition: { sheets: { name: string; visuals: Record<string, unknown>[] }[] } }
      >,
    )[0];
    expect(dashboard.definition.sheets.map((s) => s.name)).toEqual(['access-logs', 'turbine-telemetry']);
    expect(dashboard.definition.sheets[1].visuals.map((v) => Object.keys(v)[0])).toEqual(['line_chart_visual', 'bar_chart_visual']);
  });

  it('rejects a principal that is not a QuickSight ARN', () => {
    expect(() =>
      Testing.synthScope((scope) => new QuickSightAnalytics(scope, 'q', props({ principalArn: 'arn:aws:iam::1:user/x' }))),
    ).toThrow(
      "QuickSightAnalytics.principalArn: 'arn:aws:iam::1:user/x'; expected a QuickSight user or group ARN (arn:aws:quicksight:...)",
    );
  });
});
