import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { GlueCatalogTable } from '@cdktf/provider-aws/lib/glue-catalog-table';
import { KinesisFirehoseDeliveryStream } from '@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream';
import { KinesisStream } from '@cdktf/provider-aws/lib/kinesis-stream';
import { KinesisStreamConsumer } from '@cdktf/provider-aws/lib/kinesis-stream-consumer';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { LambdaEventSourceMapping } from '@cdktf/provider-aws/lib/lambda-event-source-mapping';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { Testing } from 'cdktf';
import { processedFields } from '../../datasets/naming';
import { accessLogs } from '../../datasets/access-logs';
import { DATASETS } from '../../datasets/registry';
import { BootstrapStack } from '../../stacks/bootstrap-stack';
import { PipelineStack } from '../../stacks/pipeline-stack';
import { ConstructPropsError } from '../../stacks/props-error';
import { asArray, environment, fixtureBundle, resourcesOf, statementsOf } from './factories';

function prodStack(): PipelineStack {
  return new PipelineStack(Testing.app(), 'pipeline-prod', {
    env: environment('prod'),
    datasets: DATASETS,
    processorBundle: fixtureBundle(),
  });
}

describe('Stack: PipelineStack', () => {
  const stack = prodStack();
  const synthesized = Testing.synth(stack);

  it('encrypts each stream with the rotating customer-managed key, keeps 1 MiB records and takes retention from config', () => {
    // Assess
    expect(synthesized).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(synthesized).toHaveResourceWithProperties(KinesisStream, {
      name: 'logtel-prod-access-logs',
      encryption_type: 'KMS',
      retention_period: 168,
      max_record_size_in_kib: 1024,
      stream_mode_details: { stream_mode: 'ON_DEMAND' },
    });
    expect(synthesized).toHaveResourceWithProperties(KinesisStream, { name: 'logtel-prod-turbine-telemetry', retention_period: 24 });
  });

  it('delivers raw records as newline-delimited GZIP JSON, date-partitioned, without delivery-stream SSE', () => {
    // Act
    const streams = Object.values(resourcesOf(stack, 'aws_kinesis_firehose_delivery_stream'));
    const raw = streams.find((s) => s.name === 'logtel-prod-access-logs-raw');

    // Assess
    expect(raw).toBeDefined();
    expect(raw?.server_side_encryption).toBeUndefined();
    expect(synthesized).toHaveResourceWithProperties(KinesisFirehoseDeliveryStream, {
      name: 'logtel-prod-access-logs-raw',
      extended_s3_configuration: expect.objectContaining({
        prefix: 'access-logs/dt=!{timestamp:yyyy-MM-dd}/',
        error_output_prefix: 'errors/access-logs/raw/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/',
        compression_format: 'GZIP',
        processing_configuration: {
          enabled: true,
          processors: [{ type: 'AppendDelimiterToRecord', parameters: [{ parameter_name: 'Delimiter', parameter_value: '\\n' }] }],
        },
      }),
    });
  });

  it('converts processed records to Parquet with a 128 MiB buffer, no S3 compression and SSE', () => {
    // Assess
    expect(synthesized).toHaveResourceWithProperties(KinesisFirehoseDeliveryStream, {
      name: 'logtel-prod-access-logs-processed',
      destination: 'extended_s3',
      server_side_encryption: { enabled: true, key_type: 'CUSTOMER_MANAGED_CMK', key_arn: expect.stringContaining('aws_kms_key') },
      extended_s3_configuration: expect.objectContaining({
        buffering_size: 128,
        compression_format: 'UNCOMPRESSED',
        data_format_conversion_configuration: expect.objectContaining({
          enabled: true,
          input_format_configuration: { deserializer: { open_x_json_ser_de: { case_insensitive: false } } },
          output_format_configuration: { serializer: { parquet_ser_de: { compression: 'SNAPPY' } } },
        }),
      }),
      depends_on: expect.arrayContaining([expect.stringContaining('aws_glue_catalog_table.')]),
    });
  });

  it('owns the processed table with exactly the processor output columns and date projection', () => {
    // Assess
    expect(synthesized).toHaveResourceWithProperties(GlueCatalogTable, {
      name: 'access_logs_processed',
      partition_keys: [{ name: 'dt', type: 'string', comment: 'Arrival date (UTC), yyyy-MM-dd' }],
      parameters: expect.objectContaining({
        'projection.enabled': 'true',
        'projection.dt.type': 'date',
        'projection.dt.range': '2024-01-01,NOW',
      }),
      storage_descriptor: expect.objectContaining({
        location: 's3://logtel-prod-processed-222222222222-us-east-1/access-logs/',
        columns: processedFields(accessLogs).map((f) => ({ name: f.name, type: f.type, comment: f.description })),
      }),
    });
  });

  it('runs the processor on Node 24 arm64 with a hash of its zip and its own log group', () => {
    // Assess
    expect(synthesized).toHaveResourceWithProperties(LambdaFunction, {
      function_name: 'logtel-prod-access-logs-processor',
      runtime: 'nodejs24.x',
      architectures: ['arm64'],
      source_code_hash: fixtureBundle().sourceCodeHash,
      logging_config: { log_format: 'JSON', log_group: expect.stringContaining('aws_cloudwatch_log_group') },
      environment: {
        variables: {
          DATASET: 'access-logs',
          PROCESSED_DELIVERY_STREAM: 'logtel-prod-access-logs-processed',
          QUARANTINE_BUCKET: 'logtel-prod-quarantine-222222222222-us-east-1',
          MAX_FUTURE_SKEW_SECONDS: '300',
          POWERTOOLS_METRICS_NAMESPACE: 'LogTelemetryPipeline/prod',
          POWERTOOLS_SERVICE_NAME: 'processor',
          SEARCH_DELIVERY_STREAM: 'logtel-prod-access-logs-search',
        },
      },
    });
    expect(synthesized).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/aws/lambda/logtel-prod-access-logs-processor',
      retention_in_days: 90,
      kms_key_id: expect.stringContaining('aws_kms_key'),
    });
  });

  it('maps the stream with partial batch responses, bisect, bounded retries and an S3 failure destination', () => {
    // Assess
    expect(synthesized).toHaveResourceWithProperties(LambdaEventSourceMapping, {
      function_response_types: ['ReportBatchItemFailures'],
      bisect_batch_on_function_error: true,
      maximum_retry_attempts: 10,
      maximum_record_age_in_seconds: 21_600,
      maximum_batching_window_in_seconds: 2,
      batch_size: 1000,
      parallelization_factor: 2,
      starting_position: 'TRIM_HORIZON',
      destination_config: { on_failure: { destination_arn: 'arn:aws:s3:::logtel-prod-quarantine-222222222222-us-east-1' } },
      // The destination names the bucket by string: creation must wait for it.
      depends_on: expect.arrayContaining([expect.stringMatching(/^aws_s3_bucket\.storage_quarantine_bucket_/)]),
    });
  });

  it('archives raw data per dataset retention and never archives processed data', () => {
    // Act
    const lifecycles = Object.values(resourcesOf(stack, 'aws_s3_bucket_lifecycle_configuration'));
    const rules = lifecycles.flatMap((l) => l.rule as { id: string; transition?: unknown }[]);

    // Assess
    expect(synthesized).toHaveResourceWithProperties(S3BucketLifecycleConfiguration, {
      rule: expect.arrayContaining([
        {
          id: 'access-logs-archive',
          status: 'Enabled',
          filter: [{ prefix: 'access-logs/' }],
          transition: [{ days: 90, storage_class: 'GLACIER' }],
          expiration: [{ days: 365 }],
        },
      ]),
    });
    expect(
      rules
        .filter((r) => r.transition !== undefined)
        .map((r) => r.id)
        .sort(),
    ).toEqual(DATASETS.map((d) => `${d.name}-archive`).sort());
  });

  it('lets S3 server access logging write into the KMS-encrypted log bucket', () => {
    // Act
    const policies = Object.entries(resourcesOf(stack, 'aws_s3_bucket_policy'))
      .filter(([id]) => id.startsWith('storage_'))
      .flatMap(([, p]) => statementsOf(p.policy));
    const key = resourcesOf(stack, 'aws_kms_key')['storage_data-key_C2A9C8DC'];

    // Assess
    expect(policies).toContainEqual(
      expect.objectContaining({
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: 'arn:aws:s3:::logtel-prod-logs-222222222222-us-east-1/*',
        Condition: expect.objectContaining({ StringEquals: { 'aws:SourceAccount': '222222222222' } }),
      }),
    );
    expect(statementsOf(key.policy)).toContainEqual(
      expect.objectContaining({ Principal: { Service: 'logging.s3.amazonaws.com' }, Action: ['kms:GenerateDataKey', 'kms:Decrypt'] }),
    );
  });

  it('grants the ingest and processing roles scoped actions only', () => {
    // Act (the other components' roles are covered by the policy checks)
    const statements = Object.entries(resourcesOf(stack, 'aws_iam_role_policy'))
      .filter(([id]) => /^(access-logs|turbine-telemetry)_/.test(id))
      .flatMap(([, p]) => statementsOf(p.policy));

    // Assess
    expect(statements.length).toBeGreaterThan(20);
    for (const statement of statements) {
      expect(asArray(statement.Action).filter((a) => a === '*' || a.endsWith(':*'))).toEqual([]);
      expect(asArray(statement.Resource)).not.toContain('*');
    }
  });

  it('grants the processor exactly what it calls', () => {
    // Act
    const policies = resourcesOf(stack, 'aws_iam_role_policy');
    const processorPolicy = Object.entries(policies).find(([id]) => id.startsWith('access-logs_processor_role'));

    // Assess
    expect(processorPolicy).toBeDefined();
    const statements = statementsOf(processorPolicy?.[1].policy);
    expect(statements.map((s) => [s.Sid, s.Action])).toEqual([
      [
        'ReadStream',
        ['kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards'],
      ],
      ['ReadThroughConsumer', ['kinesis:DescribeStreamConsumer', 'kinesis:SubscribeToShard']],
      ['DeliverProcessed', 'firehose:PutRecordBatch'],
      ['WriteQuarantineAndFailedBatches', 's3:PutObject'],
      ['FailureDestinationBucket', 's3:ListBucket'],
      ['UseDataKey', ['kms:Decrypt', 'kms:GenerateDataKey']],
      ['WriteLogs', ['logs:CreateLogStream', 'logs:PutLogEvents']],
    ]);
    expect(statements[1].Resource).toBe(
      'arn:aws:kinesis:us-east-1:222222222222:stream/logtel-prod-access-logs/consumer/logtel-prod-access-logs-processor:*',
    );
    expect(statements[2].Resource).toEqual([
      'arn:aws:firehose:us-east-1:222222222222:deliverystream/logtel-prod-access-logs-processed',
      'arn:aws:firehose:us-east-1:222222222222:deliverystream/logtel-prod-access-logs-search',
    ]);
    expect(statements[3].Resource).toEqual([
      'arn:aws:s3:::logtel-prod-quarantine-222222222222-us-east-1/invalid/access-logs/*',
      'arn:aws:s3:::logtel-prod-quarantine-222222222222-us-east-1/aws/lambda/*',
    ]);
  });

  it('reads through an enhanced fan-out consumer in prod, and the stream directly in dev', () => {
    // Prepare
    const dev = Testing.synth(
      new PipelineStack(Testing.app(), 'pipeline-dev', { env: environment('dev'), datasets: DATASETS, processorBundle: fixtureBundle() }),
    );

    // Assess
    expect(synthesized).toHaveResourceWithProperties(KinesisStreamConsumer, { name: 'logtel-prod-access-logs-processor' });
    expect(synthesized).toHaveResourceWithProperties(LambdaEventSourceMapping, {
      event_source_arn: expect.stringContaining('aws_kinesis_stream_consumer.'),
    });
    expect(dev).not.toHaveResource(KinesisStreamConsumer);
    expect(dev).toHaveResourceWithProperties(LambdaEventSourceMapping, {
      event_source_arn: expect.stringContaining('aws_kinesis_stream.'),
    });
  });

  it('uses provisioned shards when configured', () => {
    // Prepare
    const env = environment('dev', { stream: { mode: 'PROVISIONED', shardCount: 4 } });

    // Act
    const dev = Testing.synth(
      new PipelineStack(Testing.app(), 'pipeline-dev', { env, datasets: DATASETS, processorBundle: fixtureBundle() }),
    );

    // Assess
    expect(dev).toHaveResourceWithProperties(KinesisStream, {
      name: 'logtel-dev-access-logs',
      shard_count: 4,
      stream_mode_details: { stream_mode: 'PROVISIONED' },
    });
  });

  it('keeps prod state in S3 with the native lock file', () => {
    // Act
    const json = JSON.parse(synthesized) as { terraform: { backend: Record<string, unknown> } };

    // Assess
    expect(json.terraform.backend).toEqual({
      s3: {
        bucket: 'logtel-tfstate-222222222222',
        key: 'prod/terraform.tfstate',
        region: 'us-east-1',
        encrypt: true,
        // Without it Terraform sends AES256, overriding the bucket's SSE-KMS default.
        kms_key_id: 'arn:aws:kms:us-east-1:222222222222:alias/logtel-tfstate-222222222222-state',
        use_lockfile: true,
      },
    });
  });

  it("names the bootstrap's state key in the backend by the same alias the bootstrap creates", () => {
    // Prepare
    const env = environment('prod');
    const bootstrap = new BootstrapStack(Testing.app(), 'bootstrap', { envs: [env], githubRepository: 'logtel/realtime-pipeline' });

    // Act
    const json = JSON.parse(synthesized) as { terraform: { backend: { s3: { kms_key_id: string } } } };
    const aliases = Object.values(resourcesOf(bootstrap, 'aws_kms_alias')).map((a) => a.name);

    // Assess
    expect(aliases).toContain(json.terraform.backend.s3.kms_key_id.split(':').pop());
  });

  it('starts each event source mapping only after the delivery streams the processor writes to exist', () => {
    // Act
    const mappings = Object.values(resourcesOf(stack, 'aws_lambda_event_source_mapping')).map((m) => m.depends_on as string[]);
    const streams = Object.entries(resourcesOf(stack, 'aws_kinesis_firehose_delivery_stream'));
    const address = (name: string): string => {
      const found = streams.find(([, s]) => s.name === name);
      if (!found) throw new Error(`no delivery stream ${name}`);
      return `aws_kinesis_firehose_delivery_stream.${found[0]}`;
    };

    // Assess
    // Some mapping per dataset, not the i-th: mappings come in resource-id order, not registry order.
    expect(mappings).toHaveLength(DATASETS.length);
    DATASETS.forEach((dataset) => {
      expect(mappings).toContainEqual(
        expect.arrayContaining([address(`logtel-prod-${dataset.name}-processed`), address(`logtel-prod-${dataset.name}-search`)]),
      );
    });
  });

  it("expires the Firehose error output and the OpenSearch backups with each dataset's quarantine retention", () => {
    // Act
    const rulesOf = (bucketPrefix: string): { id: string; filter: { prefix: string }[]; expiration?: { days: number }[] }[] =>
      Object.entries(resourcesOf(stack, 'aws_s3_bucket_lifecycle_configuration'))
        .filter(([id]) => id.startsWith(`storage_${bucketPrefix}_`))
        .flatMap(([, l]) => l.rule as { id: string; filter: { prefix: string }[]; expiration?: { days: number }[] }[]);
    const expiry = (bucket: string, prefix: string): number | undefined =>
      rulesOf(bucket).find((r) => r.filter[0].prefix === prefix)?.expiration?.[0]?.days;

    // Assess
    for (const dataset of DATASETS) {
      const days = dataset.retention.quarantineExpireAfterDays;
      expect([dataset.name, expiry('raw', `errors/${dataset.name}/`)]).toEqual([dataset.name, days]);
      expect([dataset.name, expiry('processed', `errors/${dataset.name}/`)]).toEqual([dataset.name, days]);
      expect([dataset.name, expiry('quarantine', `search-failed/${dataset.name}/`)]).toEqual([dataset.name, days]);
    }
  });

  it('gives every role the trust condition its service documents, and never aws:SourceAccount', () => {
    // Act
    const trusts = Object.values(resourcesOf(stack, 'aws_iam_role')).flatMap((r) => statementsOf(r.assume_role_policy));

    // Assess
    expect(trusts.length).toBeGreaterThan(0);
    for (const trust of trusts) {
      const service = (trust.Principal as { Service: string }).Service;
      const expected = service === 'firehose.amazonaws.com' ? { StringEquals: { 'sts:ExternalId': '222222222222' } } : undefined;
      expect([service, trust.Condition]).toEqual([service, expected]);
    }
  });

  it('rejects a dataset declared twice', () => {
    // Act / Assess
    expect(
      () =>
        new PipelineStack(Testing.app(), 'twice', {
          env: environment('dev'),
          datasets: [accessLogs, accessLogs],
          processorBundle: fixtureBundle(),
        }),
    ).toThrow('invalid dataset declaration: datasets/access-logs: declared twice in the registry');
  });

  it('reports no datasets, a search domain without a master user and QuickSight without a principal in one error', () => {
    // Prepare: a hand-built config that skipped validation (parseEnvironments would refuse it).
    const prod = environment('prod');
    const env = {
      ...prod,
      opensearch: { ...prod.opensearch, enabled: true, masterUserArn: undefined },
      quicksight: { ...prod.quicksight, enabled: true, principalArn: undefined },
    };

    // Act
    const act = (): unknown => new PipelineStack(Testing.app(), 'empty', { env, datasets: [], processorBundle: fixtureBundle() });

    // Assess
    expect(act).toThrow(
      new ConstructPropsError([
        'PipelineStack[empty].datasets: expected at least one dataset',
        'PipelineStack[empty].env.opensearch.masterUserArn: required when opensearch.enabled',
        'PipelineStack[empty].env.quicksight.principalArn: required when quicksight.enabled',
      ]),
    );
  });
});
