import type { DatasetDeclaration } from '../../datasets/dataset';
import { DATASETS, findDataset } from '../../datasets/registry';
import { validateDatasets } from '../../datasets/validate-dataset';
import { ConfigError } from './errors';
import { DEFAULT_MAX_FUTURE_SKEW_SECONDS } from './process-records';

/** The processor's environment (docs/architecture.md, "Processor Lambda"), read once at cold start. */
export interface ProcessorConfig {
  readonly dataset: DatasetDeclaration;
  readonly processedDeliveryStream: string;
  readonly searchDeliveryStream: string | undefined;
  readonly quarantineBucket: string;
  readonly maxFutureSkewSeconds: number;
  readonly metricsNamespace: string;
  readonly serviceName: string;
  /** AWS_REGION, set by Lambda. */
  readonly region: string;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') throw new ConfigError(name, 'required, but not set');
  return value.trim();
}

function optional(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * Validates the dataset declarations (a DatasetDeclarationError lists every problem),
 * then reads and checks every variable; the first problem throws a ConfigError naming the variable.
 */
export function readProcessorConfig(env: NodeJS.ProcessEnv = process.env, datasets: readonly DatasetDeclaration[] = DATASETS): ProcessorConfig {
  // A bad declaration fails the cold start with every problem listed, as synth and the CLIs do.
  validateDatasets(datasets);
  const datasetName = required(env, 'DATASET');
  let dataset: DatasetDeclaration;
  try {
    dataset = findDataset(datasetName, datasets);
  } catch (cause) {
    throw new ConfigError('DATASET', cause instanceof Error ? cause.message : String(cause), { cause });
  }
  const skewText = optional(env, 'MAX_FUTURE_SKEW_SECONDS');
  const skew = skewText === undefined ? DEFAULT_MAX_FUTURE_SKEW_SECONDS : Number(skewText);
  if (!Number.isInteger(skew) || skew < 0) {
    throw new ConfigError('MAX_FUTURE_SKEW_SECONDS', `expected a non-negative integer number of seconds, got '${skewText}'`);
  }
  return {
    dataset,
    processedDeliveryStream: required(env, 'PROCESSED_DELIVERY_STREAM'),
    searchDeliveryStream: optional(env, 'SEARCH_DELIVERY_STREAM'),
    quarantineBucket: required(env, 'QUARANTINE_BUCKET'),
    maxFutureSkewSeconds: skew,
    metricsNamespace: required(env, 'POWERTOOLS_METRICS_NAMESPACE'),
    serviceName: optional(env, 'POWERTOOLS_SERVICE_NAME') ?? 'processor',
    region: required(env, 'AWS_REGION'),
  };
}
