import { Testing } from 'cdktf';
import fc from 'fast-check';
import {
  PROCESSOR_SERVICE_NAME,
  PROCESSOR_VARIABLES,
  ProcessorEnvironmentError,
  processorEnvironment,
  readProcessorEnvironment,
  type ProcessorEnvironment,
} from '../../config/processor-environment';
import { bucketName, processedDeliveryStreamName, searchDeliveryStreamName } from '../../config/resource-names';
import { DATASETS } from '../../datasets/registry';
import { readProcessorConfig } from '../../functions/processor/config';
import { PipelineStack } from '../../stacks/pipeline-stack';
import { environment, fixtureBundle, resourcesOf } from '../stacks/factories';

const REGION = 'eu-west-1';

function settings(overrides: Partial<ProcessorEnvironment> = {}): ProcessorEnvironment {
  return {
    datasetName: 'access-logs',
    processedDeliveryStream: 'logtel-dev-access-logs-processed',
    quarantineBucket: 'logtel-dev-quarantine-111111111111-us-east-1',
    maxFutureSkewSeconds: 300,
    metricsNamespace: 'LogTelemetryPipeline/dev',
    ...overrides,
  };
}

/** What the Lambda sees: the stack's variables plus the region Lambda sets. */
function lambdaEnvironment(s: ProcessorEnvironment): Record<string, string> {
  return { ...processorEnvironment(s), AWS_REGION: REGION };
}

/** Names without surrounding blanks: the reader trims, as Lambda consoles add them easily. */
const name = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,40}$/);

describe('processor environment contract', () => {
  it('reads back every setting the writer wrote (round trip)', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            datasetName: name,
            processedDeliveryStream: name,
            searchDeliveryStream: name,
            quarantineBucket: name,
            maxFutureSkewSeconds: fc.integer({ min: 0, max: 86_400 }),
            metricsNamespace: name,
            serviceName: name,
          },
          { requiredKeys: ['datasetName', 'processedDeliveryStream', 'quarantineBucket', 'metricsNamespace'] },
        ),
        (written) => {
          // Act
          const read = readProcessorEnvironment(lambdaEnvironment(written));

          // Assess
          expect(read).toEqual({ serviceName: PROCESSOR_SERVICE_NAME, ...written, region: REGION });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('writes the variables the deployed function has, in the same order', () => {
    // Act
    const variables = processorEnvironment(settings({ searchDeliveryStream: 'logtel-dev-access-logs-search' }));

    // Assess
    expect(Object.entries(variables)).toEqual([
      ['DATASET', 'access-logs'],
      ['PROCESSED_DELIVERY_STREAM', 'logtel-dev-access-logs-processed'],
      ['QUARANTINE_BUCKET', 'logtel-dev-quarantine-111111111111-us-east-1'],
      ['MAX_FUTURE_SKEW_SECONDS', '300'],
      ['POWERTOOLS_METRICS_NAMESPACE', 'LogTelemetryPipeline/dev'],
      ['POWERTOOLS_SERVICE_NAME', 'processor'],
      ['SEARCH_DELIVERY_STREAM', 'logtel-dev-access-logs-search'],
    ]);
  });

  it('writes no variable for an unset optional setting, and the reader leaves it unset', () => {
    // Act
    const variables = processorEnvironment(settings({ maxFutureSkewSeconds: undefined }));
    const read = readProcessorEnvironment({ ...variables, AWS_REGION: REGION });

    // Assess
    expect(Object.keys(variables)).not.toContain(PROCESSOR_VARIABLES.maxFutureSkewSeconds);
    expect(Object.keys(variables)).not.toContain(PROCESSOR_VARIABLES.searchDeliveryStream);
    expect(read.maxFutureSkewSeconds).toBeUndefined();
    expect(read.searchDeliveryStream).toBeUndefined();
  });

  it('reports every missing or malformed variable at once, each by name', () => {
    // Prepare
    const env = { DATASET: 'access-logs', MAX_FUTURE_SKEW_SECONDS: '-5', QUARANTINE_BUCKET: '   ' };

    // Act
    let error: unknown;
    try {
      readProcessorEnvironment(env);
    } catch (caught) {
      error = caught;
    }

    // Assess
    expect(error).toBeInstanceOf(ProcessorEnvironmentError);
    expect((error as ProcessorEnvironmentError).variables).toEqual([
      'MAX_FUTURE_SKEW_SECONDS',
      'PROCESSED_DELIVERY_STREAM',
      'QUARANTINE_BUCKET',
      'POWERTOOLS_METRICS_NAMESPACE',
      'AWS_REGION',
    ]);
    expect((error as Error).message).toBe(
      "MAX_FUTURE_SKEW_SECONDS: expected a non-negative integer number of seconds, got '-5'; PROCESSED_DELIVERY_STREAM: required, but not set; " +
        'QUARANTINE_BUCKET: required, but not set; POWERTOOLS_METRICS_NAMESPACE: required, but not set; AWS_REGION: required, but not set',
    );
  });

  it.each(['1.5', 'ten', '1e3x'])("refuses MAX_FUTURE_SKEW_SECONDS '%s'", (text) => {
    // Prepare
    const env = { ...lambdaEnvironment(settings()), MAX_FUTURE_SKEW_SECONDS: text };

    // Act
    const act = () => readProcessorEnvironment(env);

    // Assess
    expect(act).toThrow(`MAX_FUTURE_SKEW_SECONDS: expected a non-negative integer number of seconds, got '${text}'`);
  });
});

describe('processor environment: the deployed pair', () => {
  it("the processor's reader accepts what the synthesized stack sets on every processor function", () => {
    // Prepare
    const env = environment('prod');
    const stack = new PipelineStack(Testing.app(), 'pipeline-prod', { env, datasets: DATASETS, processorBundle: fixtureBundle() });
    const functions = Object.values(resourcesOf(stack, 'aws_lambda_function')) as { environment: { variables: Record<string, string> } }[];

    // Act
    const configs = functions.map((f) => readProcessorConfig({ ...f.environment.variables, AWS_REGION: env.region }));

    // Assess
    // By name: the synthesized functions come in resource-id order, not registry order (a third dataset, door-sensors, sorts between the two).
    const byName = (a: readonly unknown[], b: readonly unknown[]): number => String(a[0]).localeCompare(String(b[0]));
    expect(
      configs
        .map((c) => [c.dataset.name, c.processedDeliveryStream, c.searchDeliveryStream, c.quarantineBucket, c.maxFutureSkewSeconds])
        .sort(byName),
    ).toEqual(
      DATASETS.map((d) => [
        d.name,
        processedDeliveryStreamName(env, d),
        searchDeliveryStreamName(env, d),
        bucketName(env, 'quarantine'),
        env.processor.maxFutureSkewSeconds,
      ]).sort(byName),
    );
  });
});
