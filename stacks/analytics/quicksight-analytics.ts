import { QuicksightDashboard } from '@cdktf/provider-aws/lib/quicksight-dashboard';
import { QuicksightDataSet } from '@cdktf/provider-aws/lib/quicksight-data-set';
import { QuicksightDataSource } from '@cdktf/provider-aws/lib/quicksight-data-source';
import { Construct } from 'constructs';
import type { DatasetDeclaration, FieldType } from '../../datasets/dataset';
import { PARTITION_COLUMN, processedFields, processedTableName } from '../../datasets/naming';
import { PropsCheck } from '../props-error';

type Dataset = Pick<DatasetDeclaration, 'name' | 'fields' | 'derivedFields' | 'eventTimeField'>;

export interface QuickSightAnalyticsProps {
  readonly namePrefix: string;
  readonly accountId: string;
  /** Config `quicksight.principalArn`: the user or group that owns everything here. */
  readonly principalArn: string;
  /** Athena workgroup the data source queries through (its limits and encryption apply). */
  readonly workgroupName: string;
  /** Glue database of the processed tables, `glueDatabaseName(env)`. */
  readonly databaseName: string;
  readonly datasets: readonly Dataset[];
}

const COLUMN_TYPES: Record<FieldType, string> = {
  string: 'STRING',
  int: 'INTEGER',
  bigint: 'INTEGER',
  double: 'DECIMAL',
  boolean: 'BOOLEAN',
  timestamp: 'DATETIME',
};

const DATA_SOURCE_ACTIONS = [
  'quicksight:DescribeDataSource',
  'quicksight:DescribeDataSourcePermissions',
  'quicksight:PassDataSource',
  'quicksight:UpdateDataSource',
  'quicksight:DeleteDataSource',
  'quicksight:UpdateDataSourcePermissions',
];
const DATA_SET_ACTIONS = [
  'quicksight:DescribeDataSet',
  'quicksight:DescribeDataSetPermissions',
  'quicksight:PassDataSet',
  'quicksight:DescribeIngestion',
  'quicksight:ListIngestions',
  'quicksight:UpdateDataSet',
  'quicksight:DeleteDataSet',
  'quicksight:CreateIngestion',
  'quicksight:CancelIngestion',
  'quicksight:UpdateDataSetPermissions',
];
const DASHBOARD_ACTIONS = [
  'quicksight:DescribeDashboard',
  'quicksight:ListDashboardVersions',
  'quicksight:UpdateDashboardPermissions',
  'quicksight:QueryDashboard',
  'quicksight:UpdateDashboard',
  'quicksight:DeleteDashboard',
  'quicksight:DescribeDashboardPermissions',
  'quicksight:UpdateDashboardPublishedVersion',
];

function column(identifier: string, name: string): Record<string, string> {
  return { data_set_identifier: identifier, column_name: name };
}

/** Records over time (by day of the event time) and records by the first enumerated field. */
function sheetFor(dataset: Dataset, identifier: string, index: number): Record<string, unknown> {
  const category = dataset.fields.find((f) => f.enum !== undefined) ?? dataset.fields[0];
  const countOf = (fieldId: string, name: string): Record<string, unknown> => ({
    categorical_measure_field: { field_id: fieldId, column: column(identifier, name), aggregation_function: 'COUNT' },
  });
  return {
    sheet_id: `sheet-${index}`,
    name: dataset.name,
    visuals: [
      {
        line_chart_visual: {
          visual_id: `records-over-time-${index}`,
          title: { format_text: { plain_text: `${dataset.name}: records per day` } },
          chart_configuration: {
            field_wells: {
              line_chart_aggregated_field_wells: {
                category: [
                  {
                    date_dimension_field: {
                      field_id: `time-${index}`,
                      column: column(identifier, dataset.eventTimeField),
                      date_granularity: 'DAY',
                    },
                  },
                ],
                values: [countOf(`count-time-${index}`, dataset.eventTimeField)],
              },
            },
          },
        },
      },
      {
        bar_chart_visual: {
          visual_id: `records-by-${category.name}-${index}`,
          title: { format_text: { plain_text: `${dataset.name}: records by ${category.name}` } },
          chart_configuration: {
            field_wells: {
              bar_chart_aggregated_field_wells: {
                category: [{ categorical_dimension_field: { field_id: `cat-${index}`, column: column(identifier, category.name) } }],
                values: [countOf(`count-cat-${index}`, category.name)],
              },
            },
          },
        },
      },
    ],
  };
}

/**
 * QuickSight over Athena: one data source through the workgroup, one direct-query
 * dataset per processed table, and a dashboard with a sheet per dataset. Only
 * created when config `quicksight.enabled` (it needs an account subscription).
 */
export class QuickSightAnalytics extends Construct {
  readonly dataSource: QuicksightDataSource;
  readonly dataSets: ReadonlyMap<string, QuicksightDataSet>;
  readonly dashboard: QuicksightDashboard;

  constructor(scope: Construct, id: string, props: QuickSightAnalyticsProps) {
    super(scope, id);
    const check = new PropsCheck('QuickSightAnalytics');
    check.expect(
      props.principalArn.startsWith('arn:aws:quicksight:') || props.principalArn.startsWith('${'),
      'principalArn',
      `'${props.principalArn}'; expected a QuickSight user or group ARN (arn:aws:quicksight:...)`,
    );
    check.expect(props.datasets.length > 0, 'datasets', 'expected at least one dataset');
    check.throwIfAny();

    this.dataSource = new QuicksightDataSource(this, 'athena', {
      dataSourceId: `${props.namePrefix}-athena`,
      name: `${props.namePrefix} Athena`,
      type: 'ATHENA',
      parameters: { athena: { workGroup: props.workgroupName } },
      sslProperties: { disableSsl: false },
      permission: [{ principal: props.principalArn, actions: DATA_SOURCE_ACTIONS }],
    });

    const dataSets = new Map<string, QuicksightDataSet>();
    for (const dataset of props.datasets) {
      const columns = [
        ...processedFields(dataset).map((f) => ({ name: f.name, type: COLUMN_TYPES[f.type] })),
        { name: PARTITION_COLUMN, type: 'STRING' },
      ];
      dataSets.set(
        dataset.name,
        new QuicksightDataSet(this, `data-set-${dataset.name}`, {
          dataSetId: `${props.namePrefix}-${dataset.name}`,
          name: `${props.namePrefix} ${dataset.name}`,
          // Direct query: Athena's partition projection prunes by dt, no SPICE capacity needed.
          importMode: 'DIRECT_QUERY',
          physicalTableMap: [
            {
              physicalTableMapId: 'processed',
              relationalTable: {
                dataSourceArn: this.dataSource.arn,
                catalog: 'AwsDataCatalog',
                schema: props.databaseName,
                name: processedTableName(dataset),
                inputColumns: columns,
              },
            },
          ],
          permissions: [{ principal: props.principalArn, actions: DATA_SET_ACTIONS }],
        }),
      );
    }
    this.dataSets = dataSets;

    const identifiers = props.datasets.map((d) => d.name.replace(/-/g, '_'));
    this.dashboard = new QuicksightDashboard(this, 'dashboard', {
      dashboardId: `${props.namePrefix}-pipeline`,
      name: `${props.namePrefix} pipeline analytics`,
      versionDescription: 'Managed by Terraform (stacks/analytics)',
      permissions: [{ principal: props.principalArn, actions: DASHBOARD_ACTIONS }],
      definition: {
        data_set_identifiers_declarations: props.datasets.map((d, i) => ({
          identifier: identifiers[i],
          data_set_arn: dataSets.get(d.name)?.arn,
        })),
        sheets: props.datasets.map((d, i) => sheetFor(d, identifiers[i], i)),
      },
    });
  }
}
