import { listPlannedStacks, loadPlan, resourceChanges, type ResourceChange } from './plans';

/** What `terraform show -json` holds for one metric_query entry. */
interface PlannedQuery {
  readonly id: string;
  readonly expression: string;
  readonly return_data: boolean;
  readonly metric: readonly {
    readonly metric_name: string;
    readonly namespace: string;
    readonly stat: string;
    readonly period: number;
    readonly dimensions: Record<string, string>;
  }[];
}

const after = (rc: ResourceChange): Record<string, unknown> => (rc.change.after ?? {}) as Record<string, unknown>;

const QUOTAS = [
  ['bytes', 'IncomingBytes', 'BytesPerSecondLimit'],
  ['records', 'IncomingRecords', 'RecordsPerSecondLimit'],
  ['requests', 'IncomingPutRequests', 'PutRequestsPerSecondLimit'],
] as const;

// Stacks from the synth manifest: every stack that plans a delivery stream is checked.
const PIPELINE_STACKS = listPlannedStacks().filter((stack) =>
  [...resourceChanges(loadPlan(stack)).values()].some((rc) => rc.type === 'aws_kinesis_firehose_delivery_stream'),
);

describe('Firehose quota alarms in the Terraform plan (npm run tf:check)', () => {
  it('are checked on at least the pipeline stacks', () => {
    expect(PIPELINE_STACKS.length).toBeGreaterThanOrEqual(2);
  });

  it.each(PIPELINE_STACKS)(
    '%s: every Direct PUT delivery stream has the three metric-math quota alarms and the throttling alarm, as planned',
    (stack) => {
      // Prepare
      const changes = [...resourceChanges(loadPlan(stack)).values()];
      const directPut = changes
        .filter((rc) => rc.type === 'aws_kinesis_firehose_delivery_stream')
        .map(after)
        .filter((f) => !Array.isArray(f.kinesis_source_configuration) || f.kinesis_source_configuration.length === 0)
        .map((f) => String(f.name))
        .sort();
      const alarms = changes.filter((rc) => rc.type === 'aws_cloudwatch_metric_alarm').map(after);

      // Assess
      expect(directPut.length).toBeGreaterThan(0);
      for (const stream of directPut) {
        const dimensions = { DeliveryStreamName: stream };
        for (const [id, incoming, limit] of QUOTAS) {
          const alarm = alarms.find((a) =>
            (a.metric_query as PlannedQuery[] | undefined)?.some(
              (q) => q.metric[0]?.metric_name === incoming && q.metric[0]?.dimensions.DeliveryStreamName === stream,
            ),
          );
          expect({ stream, id, found: alarm !== undefined }).toEqual({ stream, id, found: true });
          expect(alarm).toMatchObject({
            comparison_operator: 'GreaterThanThreshold',
            threshold: 0.8,
            evaluation_periods: 1,
            treat_missing_data: 'notBreaching',
          });
          const queries = [...((alarm?.metric_query as PlannedQuery[] | undefined) ?? [])].sort((a, b) => a.id.localeCompare(b.id));
          expect(
            queries.map((q) => ({
              id: q.id,
              expression: q.expression,
              return_data: q.return_data,
              metric: q.metric.map((m) => ({ ...m })),
            })),
          ).toEqual([
            {
              id: 'm1',
              expression: '',
              return_data: false,
              metric: [expect.objectContaining({ namespace: 'AWS/Firehose', metric_name: incoming, stat: 'Sum', period: 300, dimensions })],
            },
            {
              id: 'm2',
              expression: '',
              return_data: false,
              metric: [
                expect.objectContaining({ namespace: 'AWS/Firehose', metric_name: limit, stat: 'Minimum', period: 300, dimensions }),
              ],
            },
            { id: 'usage', expression: 'm1 / 300 / m2', return_data: true, metric: [] },
          ]);
        }
        expect(alarms).toContainEqual(
          expect.objectContaining({
            namespace: 'AWS/Firehose',
            metric_name: 'ThrottledRecords',
            dimensions,
            statistic: 'Sum',
            period: 300,
            comparison_operator: 'GreaterThanThreshold',
            threshold: 0,
          }),
        );
      }
    },
  );
});
