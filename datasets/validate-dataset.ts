import type { AlarmRule, DatasetDeclaration, DimensionName, FieldSpec, MetricName } from './dataset';
import { PROCESSING_FIELDS } from './naming';

/**
 * The one validator of dataset declarations, run at load by everything that loads
 * them (synth, the processor's cold start, the local run, the migrate CLI). It checks
 * every invariant the rest of the code relies on and reports all problems at once,
 * each one line naming the dataset and the field: `datasets/<name>.<path>: <problem>`.
 * Pure (no Node built-ins): declarations are bundled into the Lambda.
 */

/** One or more declarations break an invariant; `problems` lists every one. */
export class DatasetDeclarationError extends Error {
  /**
   * The project's "refused" exit code, `ExitCode.Refused` (cli/exit-codes.ts), spelt as a
   * number on purpose: lint would allow the import, but datasets/ imports nothing outside
   * itself, and tests rely on it: they copy datasets/ alone into a scratch directory and
   * compile or run it there (__tests__/datasets/rename-fails-build.test.ts,
   * synth-refuses-bad-declaration.test.ts). validate-dataset.test.ts holds it equal to ExitCode.Refused.
   */
  public readonly exitCode = 3;

  constructor(public readonly problems: readonly string[]) {
    super(`invalid dataset declaration: ${problems.join('; ')}`);
    this.name = 'DatasetDeclarationError';
  }
}

/** Metrics the processor emits for every dataset, besides the declared specs. */
export const GENERIC_METRICS: readonly MetricName[] = ['RecordsValid', 'RecordsInvalid', 'CriticalErrors'];

/** CloudWatch alarm periods: 10 and 30 s (high resolution) or a multiple of 60. */
function periodAllowed(seconds: number): boolean {
  return seconds === 10 || seconds === 30 || (Number.isInteger(seconds) && seconds > 0 && seconds % 60 === 0);
}

/** Days Glacier Flexible Retrieval bills at least (stacks/storage/hardened-bucket.ts refuses less). */
const GLACIER_MINIMUM_DAYS = 90;

const INT32 = { lo: -(2 ** 31), hi: 2 ** 31 - 1 } as const;
const SAFE = { lo: Number.MIN_SAFE_INTEGER, hi: Number.MAX_SAFE_INTEGER } as const;

/** CloudWatch's rule for a dimension value: 1-1024 printable ASCII characters. */
const DIMENSION_VALUE = /^[\x20-\x7e]{1,1024}$/;

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const SNAKE = /^[a-z][a-z0-9_]*$/;

type ExtraDimension = Exclude<DimensionName, 'Dataset'>;

const PROCESSING_FIELD_NAMES: readonly string[] = PROCESSING_FIELDS.map((f) => f.name);

function fieldChecks(where: string, dataset: DatasetDeclaration): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const field of [...dataset.fields, ...dataset.derivedFields]) {
    if (!SNAKE.test(field.name)) problems.push(`${where}.fields[${field.name}]: expected a snake_case name`);
    if (seen.has(field.name)) problems.push(`${where}.fields[${field.name}]: declared twice; expected unique field names`);
    seen.add(field.name);
  }
  // The processor appends these after the derived fields; a derived field of the same name would be two columns.
  for (const field of dataset.derivedFields) {
    if (PROCESSING_FIELD_NAMES.includes(field.name))
      problems.push(`${where}.derivedFields[${field.name}]: the processor adds this column to every dataset; expected another name`);
  }
  // Input values outside an enum are mapped to `other`, so it must be a value.
  for (const field of dataset.fields) {
    if (field.enum !== undefined && !field.enum.includes('other'))
      problems.push(`${where}.fields[${field.name}].enum: expected 'other' among the values (unknown input becomes 'other')`);
    problems.push(...boundChecks(`${where}.fields[${field.name}]`, field));
  }
  const byName = new Map<string, FieldSpec>(dataset.fields.map((f) => [f.name, f]));
  const reference = (prop: 'eventTimeField' | 'partitionKeyField' | 'eventIdField', expected: FieldSpec['type']): void => {
    const name = dataset[prop];
    if (name === undefined) return;
    const field = byName.get(name);
    if (field === undefined) problems.push(`${where}.${prop}: '${name}' is not a declared field`);
    else if (field.type !== expected) problems.push(`${where}.${prop}: field '${name}' has type ${field.type}; expected ${expected}`);
  };
  reference('eventTimeField', 'timestamp');
  reference('partitionKeyField', 'string');
  reference('eventIdField', 'string');
  // The processor fills a missing id with a content-derived UUID (so the field is optional and a UUID), and the lake counts records by it.
  const idField = dataset.eventIdField === undefined ? undefined : byName.get(dataset.eventIdField);
  if (idField !== undefined && idField.type === 'string' && (idField.format !== 'uuid' || idField.required !== false)) {
    problems.push(
      `${where}.eventIdField: field '${idField.name}' is ${idField.format === 'uuid' ? '' : 'not format uuid, '}${idField.required === false ? 'optional' : 'required'}; expected format 'uuid' and required: false (the processor fills a missing id)`,
    );
  }
  return problems;
}

/**
 * Bounds the processor (zod gte/lte, truncation) and the schema-driven generator rely on:
 * a NaN bound admits nothing, min above max admits nothing, an integer column whose bounds
 * hold no integer admits nothing, and a maxLength below 1 truncates every value away.
 */
function boundChecks(at: string, field: FieldSpec): string[] {
  const problems: string[] = [];
  for (const key of ['min', 'max'] as const) {
    const bound = field[key];
    if (bound !== undefined && !Number.isFinite(bound)) problems.push(`${at}.${key}: ${bound}; expected a finite number`);
  }
  // Glue's int is 32-bit (Parquet conversion fails on a larger value); bigint and the processor's integers are exact only up to 2^53.
  const range = field.type === 'int' ? INT32 : field.type === 'bigint' ? SAFE : undefined;
  for (const key of ['min', 'max'] as const) {
    const bound = field[key];
    if (range !== undefined && bound !== undefined && Number.isFinite(bound) && (bound < range.lo || bound > range.hi))
      problems.push(`${at}.${key}: ${bound}; expected ${range.lo}..${range.hi} (a ${field.type} column)`);
  }
  const { min, max } = field;
  if (min !== undefined && max !== undefined && Number.isFinite(min) && Number.isFinite(max)) {
    if (min > max) problems.push(`${at}.max: ${max}; expected at least min (${min})`);
    else if ((field.type === 'int' || field.type === 'bigint') && Math.ceil(min) > Math.floor(max))
      problems.push(`${at}: no integer in [${min}, ${max}]; expected bounds that hold one`);
  }
  if (field.maxLength !== undefined && !(Number.isInteger(field.maxLength) && field.maxLength >= 1))
    problems.push(`${at}.maxLength: ${field.maxLength}; expected a positive integer`);
  return problems;
}

function dimensionChecks(where: string, dataset: DatasetDeclaration): string[] {
  const problems: string[] = [];
  for (const [name, values] of Object.entries(dataset.dimensionValues ?? {})) {
    if (values !== undefined && !values.includes('other'))
      problems.push(`${where}.dimensionValues.${name}: expected 'other' among the values`);
    for (const value of values ?? []) {
      if (!DIMENSION_VALUE.test(value) || value.trim() === '')
        problems.push(
          `${where}.dimensionValues.${name}: ${JSON.stringify(value)}; expected 1-1024 printable ASCII characters, not blank (CloudWatch)`,
        );
    }
  }
  // The processor's compile step refuses these too, but only at the Lambda's cold start: synth and the CLIs must refuse them first.
  for (const spec of dataset.metrics) {
    for (const name of Object.keys(spec.dimensions ?? {})) {
      if (dataset.dimensionValues?.[name as ExtraDimension] === undefined)
        problems.push(`${where}.dimensionValues.${name}: missing; expected the values of every dimension a metric uses (${spec.name})`);
    }
  }
  return problems;
}

function burstChecks(where: string, dataset: DatasetDeclaration): string[] {
  const rule = dataset.burstRule;
  if (rule === undefined) return [];
  const problems: string[] = [];
  // A threshold of 0 marks every match critical; NaN never fires: both silently.
  if (!(Number.isInteger(rule.threshold) && rule.threshold >= 1))
    problems.push(`${where}.burstRule.threshold: ${rule.threshold}; expected a positive integer number of records`);
  if (!(Number.isFinite(rule.windowMs) && rule.windowMs > 0))
    problems.push(`${where}.burstRule.windowMs: ${rule.windowMs}; expected a positive number of milliseconds`);
  if (rule.label.trim() === '') problems.push(`${where}.burstRule.label: expected a short name (part of the critical reason)`);
  return problems;
}

function retentionChecks(where: string, dataset: DatasetDeclaration): string[] {
  const r = dataset.retention;
  const problems: string[] = [];
  const at = `${where}.retention`;
  if (!Number.isInteger(r.streamHours) || r.streamHours < 24 || r.streamHours > 8760)
    problems.push(`${at}.streamHours: ${r.streamHours}; expected an integer 24..8760`);
  for (const key of ['rawGlacierAfterDays', 'rawExpireAfterDays', 'processedExpireAfterDays', 'quarantineExpireAfterDays'] as const) {
    if (!Number.isInteger(r[key]) || r[key] < 1) problems.push(`${at}.${key}: ${r[key]}; expected a positive integer number of days`);
  }
  if (r.rawExpireAfterDays <= r.rawGlacierAfterDays)
    problems.push(`${at}.rawExpireAfterDays: ${r.rawExpireAfterDays}; expected more than rawGlacierAfterDays (${r.rawGlacierAfterDays})`);
  // Glacier bills 90 days at least, and the raw bucket's lifecycle refuses less at synth; refuse it here too, so every entry point says so.
  else if (r.rawExpireAfterDays - r.rawGlacierAfterDays < GLACIER_MINIMUM_DAYS) {
    problems.push(
      `${at}.rawExpireAfterDays: ${r.rawExpireAfterDays}; expected at least rawGlacierAfterDays + ${GLACIER_MINIMUM_DAYS} (${r.rawGlacierAfterDays + GLACIER_MINIMUM_DAYS}, Glacier's minimum storage duration)`,
    );
  }
  return problems;
}

function alarmChecks(where: string, dataset: DatasetDeclaration): string[] {
  const problems: string[] = [];
  const emitted = new Map<MetricName, Set<string>>(GENERIC_METRICS.map((m) => [m, new Set<string>()]));
  for (const spec of dataset.metrics)
    emitted.set(spec.name, new Set([...(emitted.get(spec.name) ?? []), ...Object.keys(spec.dimensions ?? {})]));
  const seen = new Set<string>();
  dataset.alarms.forEach((rule: AlarmRule) => {
    const at = `${where}.alarms[${rule.id}]`;
    if (!KEBAB.test(rule.id)) problems.push(`${at}.id: expected kebab-case`);
    if (seen.has(rule.id)) problems.push(`${at}.id: duplicate; expected ids unique within the dataset`);
    seen.add(rule.id);
    if (!periodAllowed(rule.periodSeconds))
      problems.push(`${at}.periodSeconds: ${rule.periodSeconds}; expected 10, 30 or a multiple of 60`);
    if (!Number.isInteger(rule.evaluationPeriods) || rule.evaluationPeriods < 1)
      problems.push(`${at}.evaluationPeriods: ${rule.evaluationPeriods}; expected a positive integer`);
    if (
      rule.datapointsToAlarm !== undefined &&
      !(Number.isInteger(rule.datapointsToAlarm) && rule.datapointsToAlarm >= 1 && rule.datapointsToAlarm <= rule.evaluationPeriods)
    ) {
      problems.push(`${at}.datapointsToAlarm: ${rule.datapointsToAlarm}; expected 1..evaluationPeriods (${rule.evaluationPeriods})`);
    }
    if (rule.reason.trim() === '') problems.push(`${at}.reason: expected the reason for the threshold`);
    const dims = emitted.get(rule.metric);
    if (dims === undefined) {
      problems.push(`${at}.metric: ${rule.metric} is not emitted by this dataset; expected one of ${[...emitted.keys()].join(', ')}`);
    } else {
      for (const [dim, value] of Object.entries(rule.dimensions ?? {})) {
        if (!dims.has(dim)) problems.push(`${at}.dimensions.${dim}: ${rule.metric} is not published by ${dim}`);
        // A value outside the declared set is never published (it becomes 'other'): the alarm would watch a series that never exists.
        else if (value !== undefined && dataset.dimensionValues?.[dim as ExtraDimension]?.includes(value) === false)
          problems.push(`${at}.dimensions.${dim}: '${value}' is not among dimensionValues.${dim}; the series would never exist`);
      }
      if (rule.kind === 'silence' && !dims.has(rule.sourceDimension))
        problems.push(`${at}.sourceDimension: ${rule.metric} is not published by ${rule.sourceDimension}`);
    }
    if (rule.kind === 'silence') {
      // Whatever the metric: with no sources a silence rule makes no alarm at all.
      const sources = dataset.expectedSources ?? [];
      if (sources.length === 0) problems.push(`${at}: a silence rule needs expectedSources (the sources to watch); there are none`);
      // One alarm per source, named by it: a source listed twice would be two alarms of one name.
      for (const source of sources.filter((s, i) => sources.indexOf(s) !== i))
        problems.push(`${at}: expected source '${source}' is listed twice; expected each source once`);
      const known = dataset.dimensionValues?.[rule.sourceDimension as ExtraDimension];
      for (const source of sources) {
        if (known !== undefined && !known.includes(source))
          problems.push(`${at}: expected source '${source}' is not among dimensionValues.${rule.sourceDimension}`);
      }
    }
    if (rule.kind === 'anomaly' && !(rule.bandWidth > 0 && Number.isFinite(rule.bandWidth)))
      problems.push(`${at}.bandWidth: ${rule.bandWidth}; expected a positive number of standard deviations`);
    if (rule.kind === 'threshold' && !Number.isFinite(rule.threshold))
      problems.push(`${at}.threshold: ${rule.threshold}; expected a finite number`);
  });
  return problems;
}

/** Every problem of one declaration, in a stable order; empty when it is valid. */
export function datasetProblems(dataset: DatasetDeclaration): string[] {
  const where = `datasets/${dataset.name}`;
  const problems: string[] = [];
  if (!KEBAB.test(dataset.name)) problems.push(`${where}.name: expected kebab-case`);
  return [
    ...problems,
    ...fieldChecks(where, dataset),
    ...dimensionChecks(where, dataset),
    ...burstChecks(where, dataset),
    ...retentionChecks(where, dataset),
    ...alarmChecks(where, dataset),
  ];
}

/** Every problem of a registry: each declaration's, plus names declared twice. */
export function registryProblems(datasets: readonly DatasetDeclaration[]): string[] {
  const names = new Set<string>();
  const problems: string[] = [];
  for (const dataset of datasets) {
    if (names.has(dataset.name)) problems.push(`datasets/${dataset.name}: declared twice in the registry`);
    names.add(dataset.name);
    problems.push(...datasetProblems(dataset));
  }
  return problems;
}

/** Throws one DatasetDeclarationError listing every problem; returns the datasets when valid. */
export function validateDatasets<T extends readonly DatasetDeclaration[]>(datasets: T): T {
  const problems = registryProblems(datasets);
  if (problems.length > 0) throw new DatasetDeclarationError(problems);
  return datasets;
}
