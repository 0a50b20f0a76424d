import { InvalidArgumentError } from 'commander';
import { configuredEnvironments, environmentNamed } from '../config/environment-lookup';
import { streamName } from '../config/resource-names';
import type { DatasetDeclaration } from '../datasets/dataset';
import { InvalidProducerOptionError } from './errors';
import { SCENARIO_SHAPE } from './scenarios';

/** Options every subcommand shares. */
export interface CommonCliOptions {
  readonly env: string;
  readonly stream?: string;
  readonly endpoint?: string;
  readonly region?: string;
  readonly scenario?: string;
  readonly seed: number;
  readonly count?: number;
  readonly rate?: number;
  readonly duration?: number;
  readonly simulatedMinutes: number;
  readonly maxAttempts: number;
  readonly requestTimeout: number;
  readonly json?: boolean;
}

/** Commander argument parser for a number within bounds; the message names what was expected. */
export function numberOption(min: number, integer: boolean, max?: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || (max !== undefined && n > max)) {
      const range = max === undefined ? `>= ${min}` : `from ${min} to ${max.toLocaleString('en-US')}`;
      throw new InvalidArgumentError(
        `got '${value}'; expected ${integer ? 'an integer' : 'a number'} ${range}${max !== undefined && n > max ? `; ${PRODUCE_LIMITS.split}` : ''}`,
      );
    }
    return n;
  };
}

/**
 * Upper bounds of the produce options, each with its reason. Generation streams, so
 * memory does not bound a run any more; these stop a typo (an extra zero or three)
 * from starting a run of days against a real stream.
 */
export const PRODUCE_LIMITS = {
  /** 50 million access-log records: ~14 h at Kinesis's 1,000 records/s per shard on one shard, minutes on many. */
  maxCount: 50_000_000,
  /** Readings per turbine: 10 million is one every 0.3 s for a month. */
  maxTurbineCount: 10_000_000,
  /** One week of simulated time, as `npm run local`. */
  maxSimulatedMinutes: 7 * 24 * 60,
  /** What to do instead, appended to a bound's message. */
  split: 'split larger loads into several runs (with different --seed values)',
} as const;

export function urlOption(value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(url.protocol);
    return value;
  } catch {
    throw new InvalidArgumentError(`got '${value}'; expected an http(s) URL such as http://127.0.0.1:4567`);
  }
}

export interface Target {
  readonly streamName: string;
  readonly region: string;
  readonly endpoint?: string;
}

/** Kinesis StreamName (API reference: pattern and length). */
const STREAM_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;
/** An AWS region code: us-east-1, eu-central-1, us-gov-west-1, ... */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** Stream and region: explicit flags win, otherwise the names the environment config derives. */
export function resolveTarget(
  options: Pick<CommonCliOptions, 'env' | 'stream' | 'region' | 'endpoint'>,
  dataset: Pick<DatasetDeclaration, 'name'>,
): Target {
  // configuredEnvironments validates the declarations and the environments first, as in every CLI: a bad one
  // refuses the run (exit 3) before a record is sent.
  const env = environmentNamed(options.env, configuredEnvironments(), (detail) => new InvalidProducerOptionError('--env', detail));
  // Checked here: an empty --stream otherwise sends to stream '' until the retries give up, an empty --region fails as 'Region is missing'.
  if (options.stream !== undefined && !STREAM_NAME.test(options.stream)) {
    throw new InvalidProducerOptionError(
      '--stream',
      `got '${options.stream}'; expected a Kinesis stream name: 1 to 128 characters a-z, A-Z, 0-9, '_', '.', '-'`,
    );
  }
  if (options.region !== undefined && !REGION.test(options.region)) {
    throw new InvalidProducerOptionError('--region', `got '${options.region}'; expected an AWS region such as us-east-1`);
  }
  return {
    streamName: options.stream ?? streamName(env, dataset),
    region: options.region ?? env.region,
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
  };
}

/** Real run length and whether records are paced: `--duration` paces; `--count` alone sends at full speed. */
export function realDurationMs(options: Pick<CommonCliOptions, 'count' | 'duration'>, defaultSeconds: number): number {
  if (options.duration !== undefined) return options.duration * 1000;
  return options.count !== undefined ? 0 : defaultSeconds * 1000;
}

/** The simulated span, checked against the run and the scenarios with messages that name the flags. */
export function simulatedSpanMs(options: Pick<CommonCliOptions, 'simulatedMinutes'>, realMs: number, scenarioCount: number): number {
  const spanMs = options.simulatedMinutes * 60_000;
  if (spanMs < realMs) {
    throw new InvalidProducerOptionError(
      '--simulated-minutes',
      `got ${options.simulatedMinutes}; expected at least the run time (${Math.ceil(realMs / 60_000)} minutes), or event times would lie in the future`,
    );
  }
  if (scenarioCount > 0 && options.simulatedMinutes < SCENARIO_SHAPE.minSimulatedMinutes) {
    throw new InvalidProducerOptionError(
      '--simulated-minutes',
      `got ${options.simulatedMinutes}; scenarios need at least ${SCENARIO_SHAPE.minSimulatedMinutes}`,
    );
  }
  return spanMs;
}
