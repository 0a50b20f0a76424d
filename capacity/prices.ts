/**
 * us-east-1 list prices the monthly cost model uses, each with the AWS pricing page it
 * belongs to and the day the page was read. The stored copies of these pages (read
 * 2026-12-01) state the billing units quoted in docs/deploy.md, but their dollar
 * amounts are rendered by a script and were not in the copies: every amount here is to
 * be confirmed on the page (or in the AWS Pricing Calculator) before a budget rests on it.
 */
export interface Price {
  readonly usd: number;
  /** What one unit is, e.g. `GB ingested`. */
  readonly unit: string;
  readonly page: string;
  readonly read: string;
}

const READ = '2026-12-01';
const KINESIS = 'https://aws.amazon.com/kinesis/data-streams/pricing/';
const FIREHOSE = 'https://aws.amazon.com/firehose/pricing/';
const LAMBDA = 'https://aws.amazon.com/lambda/pricing/';
const S3 = 'https://aws.amazon.com/s3/pricing/';
const OPENSEARCH = 'https://aws.amazon.com/opensearch-service/pricing/';
const CLOUDWATCH = 'https://aws.amazon.com/cloudwatch/pricing/';
const KMS = 'https://aws.amazon.com/kms/pricing/';
const SECRETS = 'https://aws.amazon.com/secrets-manager/pricing/';
const GLUE = 'https://aws.amazon.com/glue/pricing/';

const price = (usd: number, unit: string, page: string): Price => ({ usd, unit, page, read: READ });

export const PRICES = {
  kinesisOnDemandStreamHour: price(0.04, 'stream-hour (on-demand)', KINESIS),
  kinesisShardHour: price(0.015, 'shard-hour (provisioned)', KINESIS),
  kinesisOnDemandIngestGb: price(0.08, 'GB written, records rounded up to 1 KB', KINESIS),
  kinesisOnDemandRetrievalGb: price(0.04, 'GB read (shared throughput)', KINESIS),
  kinesisOnDemandEfoRetrievalGb: price(0.05, 'GB read by an enhanced fan-out consumer', KINESIS),
  kinesisExtendedRetentionGbMonth: price(0.1, 'GB-month kept beyond 24 h (up to 7 days)', KINESIS),
  firehoseIngestGb: price(0.029, 'GB ingested, records rounded up to 5 KB', FIREHOSE),
  firehoseFormatConversionGb: price(0.018, 'GB converted to Parquet, 5 KB increments', FIREHOSE),
  lambdaRequestMillion: price(0.2, 'million requests', LAMBDA),
  lambdaArmGbSecond: price(0.0000133334, 'GB-second (arm64)', LAMBDA),
  s3StandardGbMonth: price(0.023, 'GB-month, S3 Standard', S3),
  s3GlacierFlexibleGbMonth: price(0.0036, 'GB-month, Glacier Flexible Retrieval', S3),
  s3PutThousand: price(0.005, '1,000 PUT requests', S3),
  openSearchGp3GbMonth: price(0.122, 'GB-month of gp3 storage', OPENSEARCH),
  cloudWatchAlarmMetric: price(0.1, 'alarm metric-month (standard resolution)', CLOUDWATCH),
  cloudWatchCustomMetric: price(0.3, 'custom metric-month (first 10,000)', CLOUDWATCH),
  cloudWatchLogsIngestGb: price(0.5, 'GB of logs ingested', CLOUDWATCH),
  cloudWatchDashboard: price(3, 'dashboard-month', CLOUDWATCH),
  kmsKeyMonth: price(1, 'customer managed key-month', KMS),
  secretMonth: price(0.4, 'secret-month', SECRETS),
  glueDpuHour: price(0.44, 'DPU-hour (crawlers and Spark jobs)', GLUE),
} as const satisfies Record<string, Price>;

/** On-demand instance-hours of OpenSearch instance types; a type not listed is not priced. */
export const OPENSEARCH_INSTANCE_HOUR: Readonly<Record<string, Price>> = {
  't3.small.search': price(0.036, 'instance-hour', OPENSEARCH),
  't3.medium.search': price(0.073, 'instance-hour', OPENSEARCH),
  'm6g.large.search': price(0.128, 'instance-hour', OPENSEARCH),
  'r6g.large.search': price(0.167, 'instance-hour', OPENSEARCH),
  'r6g.xlarge.search': price(0.335, 'instance-hour', OPENSEARCH),
};
