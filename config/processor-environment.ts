/**
 * The processor Lambda's environment contract (docs/architecture.md, "Processor Lambda"),
 * as a pair: `processorEnvironment` writes the variables (the stack puts them on the
 * function, the local run hands them to the same reader), `readProcessorEnvironment`
 * reads them at cold start. Both sides live here, over one table of names, so a
 * variable cannot be renamed, added or re-encoded on one side only.
 */

/** What the stack tells the processor. */
export interface ProcessorEnvironment {
  /** A dataset of the registry (`datasets/registry.ts`); the processor looks its declaration up. */
  readonly datasetName: string;
  readonly processedDeliveryStream: string;
  /** Firehose that indexes into OpenSearch; valid records also go there. @default none */
  readonly searchDeliveryStream?: string;
  /** Bucket of invalid records. */
  readonly quarantineBucket: string;
  /** How far an event time may lie ahead of arrival. @default PROCESSOR_DEFAULTS.maxFutureSkewSeconds (functions/processor/processor-defaults.ts) */
  readonly maxFutureSkewSeconds?: number;
  /** CloudWatch namespace of the EMF metrics. */
  readonly metricsNamespace: string;
  /** Powertools service name in every log line. @default PROCESSOR_SERVICE_NAME */
  readonly serviceName?: string;
}

/** What the processor reads: the contract, plus the region Lambda itself sets. */
export interface ProcessorEnvironmentRead extends ProcessorEnvironment {
  readonly serviceName: string;
  /** AWS_REGION, set by Lambda (the local run sets it as Lambda would). */
  readonly region: string;
}

export const PROCESSOR_SERVICE_NAME = 'processor';

/** The variable of each setting, in the order the stack has always written them. */
export const PROCESSOR_VARIABLES = {
  datasetName: 'DATASET',
  processedDeliveryStream: 'PROCESSED_DELIVERY_STREAM',
  quarantineBucket: 'QUARANTINE_BUCKET',
  maxFutureSkewSeconds: 'MAX_FUTURE_SKEW_SECONDS',
  metricsNamespace: 'POWERTOOLS_METRICS_NAMESPACE',
  serviceName: 'POWERTOOLS_SERVICE_NAME',
  searchDeliveryStream: 'SEARCH_DELIVERY_STREAM',
} as const satisfies Record<keyof ProcessorEnvironment, string>;

const REGION_VARIABLE = 'AWS_REGION';

/** One variable that is missing or malformed. */
export interface ProcessorEnvironmentProblem {
  readonly variable: string;
  readonly problem: string;
}

/**
 * The processor's environment is incomplete or malformed: every problem at once, each
 * naming its variable, on one line (a Lambda init error is read in one log line).
 */
export class ProcessorEnvironmentError extends Error {
  public readonly problems: readonly ProcessorEnvironmentProblem[];

  public constructor(problems: readonly ProcessorEnvironmentProblem[], options?: { cause?: unknown }) {
    super(problems.map((p) => `${p.variable}: ${p.problem}`).join('; '), options);
    this.name = 'ProcessorEnvironmentError';
    this.problems = problems;
  }

  /** The variables named, for a caller that checks which ones failed. */
  public get variables(): readonly string[] {
    return this.problems.map((p) => p.variable);
  }
}

/** The Lambda environment variables for `settings`; an unset optional setting writes no variable. */
export function processorEnvironment(settings: ProcessorEnvironment): Record<string, string> {
  const v = PROCESSOR_VARIABLES;
  const variables: Record<string, string> = {
    [v.datasetName]: settings.datasetName,
    [v.processedDeliveryStream]: settings.processedDeliveryStream,
    [v.quarantineBucket]: settings.quarantineBucket,
  };
  if (settings.maxFutureSkewSeconds !== undefined) variables[v.maxFutureSkewSeconds] = String(settings.maxFutureSkewSeconds);
  variables[v.metricsNamespace] = settings.metricsNamespace;
  variables[v.serviceName] = settings.serviceName ?? PROCESSOR_SERVICE_NAME;
  if (settings.searchDeliveryStream !== undefined) variables[v.searchDeliveryStream] = settings.searchDeliveryStream;
  return variables;
}

/**
 * Reads what `processorEnvironment` wrote (and AWS_REGION). Blank counts as unset; values
 * are trimmed. Throws one `ProcessorEnvironmentError` listing every missing or malformed variable.
 */
export function readProcessorEnvironment(env: Readonly<Record<string, string | undefined>>): ProcessorEnvironmentRead {
  const v = PROCESSOR_VARIABLES;
  const problems: ProcessorEnvironmentProblem[] = [];
  const optional = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const required = (name: string): string => {
    const value = optional(name);
    if (value === undefined) problems.push({ variable: name, problem: 'required, but not set' });
    return value ?? '';
  };

  const datasetName = required(v.datasetName);
  const skewText = optional(v.maxFutureSkewSeconds);
  const skew = skewText === undefined ? undefined : Number(skewText);
  if (skew !== undefined && (!Number.isInteger(skew) || skew < 0)) {
    problems.push({ variable: v.maxFutureSkewSeconds, problem: `expected a non-negative integer number of seconds, got '${skewText}'` });
  }
  const search = optional(v.searchDeliveryStream);
  const read: ProcessorEnvironmentRead = {
    datasetName,
    processedDeliveryStream: required(v.processedDeliveryStream),
    quarantineBucket: required(v.quarantineBucket),
    metricsNamespace: required(v.metricsNamespace),
    serviceName: optional(v.serviceName) ?? PROCESSOR_SERVICE_NAME,
    region: required(REGION_VARIABLE),
    ...(skew !== undefined ? { maxFutureSkewSeconds: skew } : {}),
    ...(search !== undefined ? { searchDeliveryStream: search } : {}),
  };
  if (problems.length > 0) throw new ProcessorEnvironmentError(problems);
  return read;
}
