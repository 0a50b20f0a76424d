/**
 * The shape of a dataset declaration. Every per-dataset resource (stream, delivery
 * streams, processed Glue table, processor behaviour, metrics, alarms, local run)
 * is derived from one of these, so adding a dataset means adding one declaration
 * file (plus its SQL migration) and registering it in `registry.ts`.
 *
 * Declarations are imported by the CDKTF stacks *and* bundled into the Lambda,
 * so they must stay pure: no AWS SDK, no cdktf, no Node built-ins.
 */

/** Column types, named after their Glue/Athena (Hive) spelling. */
export type FieldType = 'string' | 'int' | 'bigint' | 'double' | 'boolean' | 'timestamp';

export interface FieldSpec {
  /** snake_case column name; also the JSON key producers send. */
  readonly name: string;
  readonly type: FieldType;
  /** @default true */
  readonly required?: boolean;
  /** One line, used for the Glue column comment and the docs. */
  readonly description: string;
  /**
   * Semantic format checked and normalized by the processor:
   * - `uuid`: RFC 4122 text form, lower-cased;
   * - `ip`: IPv4 or IPv6, canonicalized.
   */
  readonly format?: 'uuid' | 'ip';
  /**
   * Known values. Input outside the set is mapped to `other` (which must be listed)
   * so unknown values stay visible instead of failing the record.
   */
  readonly enum?: readonly string[];
  /** Inclusive numeric bounds; a value outside them makes the record invalid. */
  readonly min?: number;
  readonly max?: number;
  /** Longer strings are truncated by the processor (strings are bounded). */
  readonly maxLength?: number;
}

/** Names of the metrics the processor emits (CloudWatch EMF). */
export type MetricName =
  | 'RecordsValid'
  | 'RecordsInvalid'
  | 'Requests'
  | 'Errors'
  | 'CriticalErrors'
  | 'LatencyMs'
  | 'Readings'
  | 'OutOfRange'
  | 'PowerOutputKw'
  | 'Faults';

/** Low-cardinality dimensions; `Dataset` is always present. */
export type DimensionName = 'Dataset' | 'DeviceType' | 'Region' | 'ErrorCode' | 'Severity' | 'TurbineId';

export type MetricUnit = 'Count' | 'Milliseconds' | 'None';

/**
 * Extra dimensions besides `Dataset`. A value is published once under the dimension
 * set [Dataset] and once under [Dataset, K] for each key K here (one EMF entry with
 * several dimension sets), so aggregates never double count.
 */
export type MetricDimensions = Partial<Record<Exclude<DimensionName, 'Dataset'>, string>>;

/** One value of one metric (the batch-level counts; per-record metrics are MetricSpecs). */
export interface MetricPoint {
  readonly name: MetricName;
  readonly value: number;
  readonly unit: MetricUnit;
  readonly dimensions?: MetricDimensions;
}

/**
 * A metric the processor emits for each valid, enriched record it applies to.
 * Declared once, not built per record: the processor resolves the series of each
 * distinct dimension value once per batch and only adds values after that.
 */
export interface MetricSpec {
  readonly name: MetricName;
  readonly unit: MetricUnit;
  /** The record's value. @default 1 (one occurrence; use with unit Count) */
  readonly value?: (record: NormalizedRecord) => number;
  /**
   * The record's value of each extra dimension. A value outside the dataset's declared
   * `dimensionValues` for that dimension is published as `other`. @default none: only [Dataset]
   */
  readonly dimensions?: Partial<Record<Exclude<DimensionName, 'Dataset'>, (record: NormalizedRecord) => string>>;
  /** Only records this accepts count. @default every record */
  readonly when?: (record: NormalizedRecord) => boolean;
}

interface AlarmRuleBase {
  /** kebab-case, unique within the dataset; part of the alarm name. */
  readonly id: string;
  /** Why the threshold is what it is. Rendered into the alarm description. */
  readonly reason: string;
  readonly metric: MetricName;
  readonly statistic: 'Sum' | 'Average' | 'Maximum' | 'SampleCount' | 'p99';
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  /** @default evaluationPeriods */
  readonly datapointsToAlarm?: number;
  /**
   * The one extra dimension (besides `Dataset`) of the alarmed metric, if any.
   * @default the aggregate [Dataset] series
   */
  readonly dimensions?: MetricDimensions;
}

/** A static threshold on a processor metric. */
export interface ThresholdAlarmRule extends AlarmRuleBase {
  readonly kind: 'threshold';
  readonly comparison: 'GreaterThanOrEqualToThreshold' | 'GreaterThanThreshold';
  readonly threshold: number;
}

/** An anomaly-detection band (`ANOMALY_DETECTION_BAND(m1, bandWidth)`), alarming above it. */
export interface AnomalyAlarmRule extends AlarmRuleBase {
  readonly kind: 'anomaly';
  readonly bandWidth: number;
}

/**
 * Fires when a source sends nothing for `evaluationPeriods * periodSeconds`
 * (treat_missing_data = breaching); one alarm per `sources` entry, on the
 * metric's `sourceDimension`.
 */
export interface SilenceAlarmRule extends AlarmRuleBase {
  readonly kind: 'silence';
  readonly sourceDimension: Exclude<DimensionName, 'Dataset'>;
}

export type AlarmRule = ThresholdAlarmRule | AnomalyAlarmRule | SilenceAlarmRule;

/**
 * A burst: `threshold` or more records the rule `matches` whose event times fall
 * within `windowMs` of each other, inside one batch. Every record of such a window is
 * marked critical, so it counts in CriticalErrors and the critical-errors alarm.
 * Declared by the dataset (the processor knows no dataset's fields).
 */
export interface BurstRule {
  /** Short name, part of the critical reason, e.g. `5xx burst`. */
  readonly label: string;
  readonly matches: (record: NormalizedRecord) => boolean;
  readonly threshold: number;
  readonly windowMs: number;
}

export interface DatasetRetention {
  /** Kinesis retention, 24..8760 hours. */
  readonly streamHours: number;
  /**
   * Raw objects move to Glacier Flexible Retrieval after this many days. Athena skips
   * archived objects, so raw tables only serve queries for data younger than this.
   */
  readonly rawGlacierAfterDays: number;
  /** Raw objects expire after this many days (> rawGlacierAfterDays). */
  readonly rawExpireAfterDays: number;
  /** Processed Parquet expires after this many days; it is never archived, so it stays queryable. */
  readonly processedExpireAfterDays: number;
  /** Quarantined records expire after this many days. */
  readonly quarantineExpireAfterDays: number;
}

/** A record after parsing and normalization: keys are the declared field names. */
export type NormalizedRecord = Readonly<Record<string, string | number | boolean | null>>;

export interface DatasetDeclaration {
  /** kebab-case; used in resource names, S3 prefixes and the `Dataset` dimension. */
  readonly name: string;
  readonly description: string;
  /** Input record schema, in column order. */
  readonly fields: readonly FieldSpec[];
  /**
   * Field holding the producer's event id (format uuid, optional): the processor fills
   * it with a content-derived UUID when a record has none. Absent: no event id.
   */
  readonly eventIdField?: string;
  /** Name of the `timestamp` field that holds the event time. */
  readonly eventTimeField: string;
  /**
   * Field whose value is the Kinesis partition key, when order per value matters
   * (turbines). Absent: producers spread keys randomly.
   */
  readonly partitionKeyField?: string;
  /** Columns the processor adds (enrichment), appended after `fields` in the processed table. */
  readonly derivedFields: readonly FieldSpec[];
  /** Dataset-specific enrichment; returns exactly the `derivedFields` keys. */
  readonly enrich: (record: NormalizedRecord) => NormalizedRecord;
  /** Returns why the enriched record is critical, or null. */
  readonly detectCritical: (record: NormalizedRecord) => string | null;
  /** Records that are critical only in numbers (e.g. a 5xx burst). @default none */
  readonly burstRule?: BurstRule;
  /** Metrics of each valid, enriched record (RecordsValid/RecordsInvalid/CriticalErrors are added generically). */
  readonly metrics: readonly MetricSpec[];
  /**
   * The values each dimension used by `metrics` may take, `other` included: CloudWatch
   * bills every distinct value as a metric and wants 1-1024 printable ASCII characters,
   * so values come from this set, never straight from producer text; anything else is
   * published as `other` (the raw value stays in the processed row). Every dimension
   * a MetricSpec uses must be declared here.
   * @default {}
   */
  readonly dimensionValues?: Partial<Record<Exclude<DimensionName, 'Dataset'>, readonly string[]>>;
  /**
   * Known sources for silence alarms (e.g. the three turbine ids). Each gets an alarm.
   * @default []
   */
  readonly expectedSources?: readonly string[];
  readonly retention: DatasetRetention;
  readonly alarms: readonly AlarmRule[];
}
