import { PROCESSOR_VARIABLES, ProcessorEnvironmentError, readProcessorEnvironment } from '../../config/processor-environment';
import type { DatasetDeclaration } from '../../datasets/dataset';
import { DATASETS, findDataset } from '../../datasets/registry';
import { validateDatasets } from '../../datasets/validate-dataset';
import { PROCESSOR_DEFAULTS } from './processor-defaults';

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

/**
 * Validates the dataset declarations (a DatasetDeclarationError lists every problem),
 * then reads the variables through the contract's reader (`config/processor-environment.ts`,
 * the pair of what the stack writes); a ProcessorEnvironmentError names every bad variable.
 */
export function readProcessorConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
  datasets: readonly DatasetDeclaration[] = DATASETS,
): ProcessorConfig {
  // A bad declaration fails the cold start with every problem listed, as synth and the CLIs do.
  validateDatasets(datasets);
  const read = readProcessorEnvironment(env);
  let dataset: DatasetDeclaration;
  try {
    dataset = findDataset(read.datasetName, datasets);
  } catch (cause) {
    throw new ProcessorEnvironmentError(
      [{ variable: PROCESSOR_VARIABLES.datasetName, problem: cause instanceof Error ? cause.message : String(cause) }],
      { cause },
    );
  }
  return {
    dataset,
    processedDeliveryStream: read.processedDeliveryStream,
    searchDeliveryStream: read.searchDeliveryStream,
    quarantineBucket: read.quarantineBucket,
    maxFutureSkewSeconds: read.maxFutureSkewSeconds ?? PROCESSOR_DEFAULTS.maxFutureSkewSeconds,
    metricsNamespace: read.metricsNamespace,
    serviceName: read.serviceName,
    region: read.region,
  };
}
