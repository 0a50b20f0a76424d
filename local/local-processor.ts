import type { EnvironmentConfig } from '../config/environment';
import { processorEnvironment } from '../config/processor-environment';
import { bucketName, processedDeliveryStreamName } from '../config/resource-names';
import type { DatasetDeclaration } from '../datasets/dataset';
import { metricNamespace } from '../datasets/naming';
import { readProcessorConfig } from '../functions/processor/config';
import { createHandler, type HandlerLogger, type KinesisHandler } from '../functions/processor/create-handler';
import { EmfEmitter } from '../functions/processor/emf-emitter';
import type { FirehoseApi, ObjectStoreApi } from '../functions/processor/ports';
import { SeededRandom } from '../producers/seeded-random';
import type { SimulatedClock } from './simulated-clock';

/** Collects the processor's log lines (JSON, as Powertools writes them) for `.local/logs/`. */
export class CollectingLogger implements HandlerLogger {
  public readonly lines: string[] = [];
  public warnings = 0;
  public errors = 0;

  public constructor(private readonly clock: SimulatedClock) {}

  public info(message: string, extra: Record<string, unknown>): void {
    this.log('INFO', message, extra);
  }

  public warn(message: string, extra: Record<string, unknown>): void {
    this.warnings += 1;
    this.log('WARN', message, extra);
  }

  public error(message: string, extra: Record<string, unknown>): void {
    this.errors += 1;
    this.log('ERROR', message, extra);
  }

  private log(level: string, message: string, extra: Record<string, unknown>): void {
    this.lines.push(JSON.stringify({ level, message, timestamp: new Date(this.clock.now()).toISOString(), ...extra }));
  }
}

export interface LocalProcessorProps {
  readonly env: EnvironmentConfig;
  readonly dataset: DatasetDeclaration;
  readonly firehose: FirehoseApi;
  readonly objectStore: ObjectStoreApi;
  readonly clock: SimulatedClock;
  /** Receives every EMF document the processor writes. */
  readonly emf: (line: string) => void;
  readonly logger: HandlerLogger;
  /** Seeds the backoff jitter, so a run is reproducible. */
  readonly seed: number;
}

/**
 * The processor Lambda's own handler (`createHandler`, as `handler.ts` builds it)
 * with the environment it would get from the stacks (written and read through
 * `config/processor-environment.ts`), wired to local ports: the
 * local Firehose and lake, EMF collected instead of printed, and the simulated
 * clock, on which the backoff sleeps pass without real waiting.
 */
export function createLocalProcessor(props: LocalProcessorProps): KinesisHandler {
  const { env, dataset, clock } = props;
  // Through the contract both ways, as in AWS: the variables the stack would set (plus the
  // AWS_REGION Lambda sets), read back by the processor's own reader.
  const variables = processorEnvironment({
    datasetName: dataset.name,
    processedDeliveryStream: processedDeliveryStreamName(env, dataset),
    // No searchDeliveryStream: OpenSearch is off in dev; the search Firehose has no local stand-in.
    quarantineBucket: bucketName(env, 'quarantine'),
    maxFutureSkewSeconds: env.processor.maxFutureSkewSeconds,
    metricsNamespace: metricNamespace(env.name),
  });
  const config = readProcessorConfig({ ...variables, AWS_REGION: env.region }, [dataset]);
  const random = new SeededRandom(props.seed);
  return createHandler({
    config,
    firehose: props.firehose,
    objectStore: props.objectStore,
    metrics: new EmfEmitter({ namespace: config.metricsNamespace, output: props.emf, now: () => clock.now() }),
    logger: props.logger,
    clock,
    retry: {
      sleep: (ms) => {
        clock.advanceBy(ms);
        return Promise.resolve();
      },
      random: () => random.next(),
    },
  });
}
