import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { Construct } from 'constructs';
import type { DimensionName, MetricName } from '../../datasets/dataset';
import { PropsCheck } from '../props-error';
import { FAILURE_METRICS_FILTER_ID, type FailureDestination, type PipelineDatasetResources } from './pipeline-health-alarms';

/** A chart of per-source series (e.g. per turbine) of some processor metrics. */
export interface PerSourceChart {
  readonly title: string;
  readonly dataset: string;
  readonly dimension: Exclude<DimensionName, 'Dataset'>;
  readonly metrics: readonly MetricName[];
}

export interface PipelineDashboardProps {
  readonly dashboardName: string;
  readonly region: string;
  /** `metricNamespace(env.name)`. */
  readonly namespace: string;
  /** Datasets with their Kinesis stream names besides the pipeline resources. */
  readonly datasets: readonly (PipelineDatasetResources & { readonly streamName: string })[];
  readonly failureDestination: FailureDestination;
  /** @default no OpenSearch widgets */
  readonly openSearch?: { readonly domainName: string; readonly accountId: string };
  /**
   * Per-source charts; those naming a dataset not in `datasets` are skipped.
   * @default turbine power and faults per `TurbineId` of `turbine-telemetry`
   */
  readonly perSourceCharts?: readonly PerSourceChart[];
}

type MetricLine = (string | Record<string, string | number>)[];
type Widget = { readonly title: string; readonly metrics: readonly (MetricLine | Record<string, string>)[]; readonly stat?: string };

const DEFAULT_CHARTS: readonly PerSourceChart[] = [
  { title: 'Turbine power output (kW)', dataset: 'turbine-telemetry', dimension: 'TurbineId', metrics: ['PowerOutputKw'] },
  {
    title: 'Turbine faults and out-of-range readings',
    dataset: 'turbine-telemetry',
    dimension: 'TurbineId',
    metrics: ['Faults', 'OutOfRange'],
  },
];

/**
 * The environment's operations dashboard: ingest, processing errors, stream lag,
 * delivery freshness, failure destination, OpenSearch health and per-source charts.
 * Metric names and dimensions are the ones the processor publishes (EMF).
 */
export class PipelineDashboard extends Construct {
  readonly dashboard: CloudwatchDashboard;
  /** Widget titles in order (what operators will see). */
  readonly widgetTitles: readonly string[];

  constructor(scope: Construct, id: string, props: PipelineDashboardProps) {
    super(scope, id);
    new PropsCheck('PipelineDashboard').expect(props.datasets.length > 0, 'datasets', 'expected at least one dataset').throwIfAny();
    const ns = props.namespace;
    const widgets: Widget[] = [];
    const search = (
      dimensions: string,
      metric: string,
      dataset: string,
      stat: string,
      label: string,
      idx: number,
    ): Record<string, string> => ({
      id: `e${idx}`,
      label,
      expression: `SEARCH('{${ns},${dimensions}} MetricName="${metric}" Dataset="${dataset}"', '${stat}', 60)`,
    });

    widgets.push({
      title: 'Ingest rate (records per minute)',
      stat: 'Sum',
      metrics: props.datasets.flatMap((d) => [
        ['AWS/Kinesis', 'IncomingRecords', 'StreamName', d.streamName, { label: `${d.dataset} stream` }],
        [ns, 'RecordsValid', 'Dataset', d.dataset, { label: `${d.dataset} valid` }],
      ]),
    });
    widgets.push({
      title: 'Processing errors',
      stat: 'Sum',
      metrics: props.datasets.flatMap((d) => [
        [ns, 'RecordsInvalid', 'Dataset', d.dataset, { label: `${d.dataset} invalid (quarantined)` }],
        [ns, 'CriticalErrors', 'Dataset', d.dataset, { label: `${d.dataset} critical` }],
        ['AWS/Lambda', 'Errors', 'FunctionName', d.functionName, { label: `${d.dataset} processor errors` }],
      ]),
    });
    widgets.push({
      title: 'Errors by type (error code)',
      metrics: props.datasets.map((d, i) => search('Dataset,ErrorCode', 'Errors', d.dataset, 'Sum', `${d.dataset}`, i)),
    });
    widgets.push({
      title: 'Iterator age (ms)',
      stat: 'Maximum',
      metrics: props.datasets.map((d) => ['AWS/Lambda', 'IteratorAge', 'FunctionName', d.functionName, { label: d.dataset }]),
    });
    widgets.push({
      title: 'Firehose data freshness (s)',
      stat: 'Maximum',
      metrics: props.datasets.flatMap((d) => [
        ['AWS/Firehose', 'DeliveryToS3.DataFreshness', 'DeliveryStreamName', d.rawDeliveryStreamName, { label: `${d.dataset} raw` }],
        [
          'AWS/Firehose',
          'DeliveryToS3.DataFreshness',
          'DeliveryStreamName',
          d.processedDeliveryStreamName,
          { label: `${d.dataset} processed` },
        ],
        ...(d.searchDeliveryStreamName === undefined
          ? []
          : [
              [
                'AWS/Firehose',
                'DeliveryToAmazonOpenSearchService.DataFreshness',
                'DeliveryStreamName',
                d.searchDeliveryStreamName,
                { label: `${d.dataset} search` },
              ],
            ]),
      ]),
    });
    const failure = props.failureDestination;
    widgets.push({
      title: 'Failure destination arrivals',
      stat: failure.kind === 's3' ? 'Sum' : 'Maximum',
      metrics:
        failure.kind === 's3'
          ? [
              [
                'AWS/S3',
                'PutRequests',
                'BucketName',
                failure.bucketName,
                'FilterId',
                FAILURE_METRICS_FILTER_ID,
                { label: 'on-failure records written' },
              ],
            ]
          : [['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', failure.queueName, { label: 'failed batches waiting' }]],
    });
    if (props.openSearch) {
      const dims = ['DomainName', props.openSearch.domainName, 'ClientId', props.openSearch.accountId];
      widgets.push({
        title: 'OpenSearch cluster health',
        stat: 'Maximum',
        metrics: [
          ['AWS/ES', 'ClusterStatus.red', ...dims, { label: 'red' }],
          ['AWS/ES', 'ClusterStatus.yellow', ...dims, { label: 'yellow' }],
          ['AWS/ES', 'FreeStorageSpace', ...dims, { label: 'min free storage (MiB)', stat: 'Minimum', yAxis: 'right' }],
        ],
      });
    }
    let idx = 100;
    for (const chart of props.perSourceCharts ?? DEFAULT_CHARTS) {
      if (!props.datasets.some((d) => d.dataset === chart.dataset)) continue;
      widgets.push({
        title: chart.title,
        metrics: chart.metrics.map((m) =>
          search(`Dataset,${chart.dimension}`, m, chart.dataset, m === 'PowerOutputKw' ? 'Average' : 'Sum', m, idx++),
        ),
      });
    }

    const body = {
      widgets: widgets.map((w, i) => ({
        type: 'metric',
        x: (i % 2) * 12,
        y: Math.floor(i / 2) * 6,
        width: 12,
        height: 6,
        properties: {
          title: w.title,
          region: props.region,
          view: 'timeSeries',
          stacked: false,
          period: 60,
          ...(w.stat ? { stat: w.stat } : {}),
          metrics: w.metrics.map((m) => (Array.isArray(m) ? m : [m])),
        },
      })),
    };
    this.widgetTitles = widgets.map((w) => w.title);
    // Multi-line JSON on purpose: cdktf's HCL writer escapes no backslashes in a one-line string,
    // so the SEARCH expressions' escaped quotes (\") would reach the HCL output as bare quotes
    // and break the JSON; a multi-line string becomes a heredoc, which HCL takes literally.
    this.dashboard = new CloudwatchDashboard(this, 'dashboard', {
      dashboardName: props.dashboardName,
      dashboardBody: JSON.stringify(body, null, 1),
    });
  }
}
