import { ExitCode } from '../../cli/exit-codes';
import type { AlarmRule, DatasetDeclaration } from '../../datasets/dataset';
import { DATASETS } from '../../datasets/registry';
import { DatasetDeclarationError, datasetProblems, registryProblems, validateDatasets } from '../../datasets/validate-dataset';

/** A valid declaration the table breaks one invariant at a time. */
const base: DatasetDeclaration = {
  name: 'player-heartbeats',
  description: 'Periodic heartbeats from video players.',
  fields: [
    { name: 'event_id', type: 'string', required: false, format: 'uuid', description: 'Producer UUID.' },
    { name: 'beat_time', type: 'timestamp', description: 'Heartbeat time.' },
    { name: 'player_id', type: 'string', description: 'Player.' },
    { name: 'buffer_ms', type: 'int', min: 0, max: 600_000, description: 'Buffered media, ms.' },
    { name: 'cdn', type: 'string', enum: ['akamai', 'fastly', 'other'], description: 'CDN.' },
  ],
  eventTimeField: 'beat_time',
  eventIdField: 'event_id',
  partitionKeyField: 'player_id',
  derivedFields: [{ name: 'is_starving', type: 'boolean', description: 'Less than one second buffered.' }],
  enrich: (r) => ({ is_starving: Number(r.buffer_ms) < 1000 }),
  detectCritical: () => null,
  metrics: [{ name: 'Readings', unit: 'Count', dimensions: { TurbineId: (r) => String(r.player_id) } }],
  dimensionValues: { TurbineId: ['p-1', 'p-2', 'other'] },
  expectedSources: ['p-1', 'p-2'],
  retention: {
    streamHours: 24,
    rawGlacierAfterDays: 30,
    rawExpireAfterDays: 180,
    processedExpireAfterDays: 180,
    quarantineExpireAfterDays: 14,
  },
  alarms: [
    {
      kind: 'threshold',
      id: 'critical-errors',
      metric: 'CriticalErrors',
      statistic: 'Sum',
      periodSeconds: 60,
      evaluationPeriods: 1,
      comparison: 'GreaterThanThreshold',
      threshold: 0,
      reason: 'Any.',
    },
    {
      kind: 'silence',
      id: 'silent-player',
      metric: 'Readings',
      statistic: 'SampleCount',
      periodSeconds: 60,
      evaluationPeriods: 5,
      sourceDimension: 'TurbineId',
      reason: 'Five minutes.',
    },
  ],
};

const alarm = (id: string, patch: Partial<AlarmRule>): AlarmRule =>
  ({ ...(base.alarms.find((a) => a.id === id) as AlarmRule), ...patch }) as AlarmRule;
/** An anomaly-band alarm on the dataset's Readings, `bandWidth` standard deviations wide. */
const anomalyAlarm = (bandWidth: number): AlarmRule => ({
  kind: 'anomaly',
  id: 'reading-spike',
  metric: 'Readings',
  statistic: 'Sum',
  periodSeconds: 60,
  evaluationPeriods: 1,
  bandWidth,
  reason: 'Spikes.',
});
const D = 'datasets/player-heartbeats';

describe('Function: datasetProblems', () => {
  it('finds nothing wrong with a valid declaration, nor with the registry', () => {
    expect(datasetProblems(base)).toEqual([]);
    expect(registryProblems(DATASETS)).toEqual([]);
  });

  it.each<[string, Partial<DatasetDeclaration>, string]>([
    [
      'event time is not a timestamp',
      { eventTimeField: 'buffer_ms' },
      `${D}.eventTimeField: field 'buffer_ms' has type int; expected timestamp`,
    ],
    ['event time is not a field', { eventTimeField: 'beat_tme' }, `${D}.eventTimeField: 'beat_tme' is not a declared field`],
    ['partition key is not a field', { partitionKeyField: 'player' }, `${D}.partitionKeyField: 'player' is not a declared field`],
    ['event id is not a field', { eventIdField: 'eventid' }, `${D}.eventIdField: 'eventid' is not a declared field`],
    [
      'an enum lost other',
      { fields: base.fields.map((f) => (f.name === 'cdn' ? { ...f, enum: ['akamai', 'fastly'] } : f)) },
      `${D}.fields[cdn].enum: expected 'other' among the values (unknown input becomes 'other')`,
    ],
    [
      'a dimension lost other',
      { dimensionValues: { TurbineId: ['p-1', 'p-2'] } },
      `${D}.dimensionValues.TurbineId: expected 'other' among the values`,
    ],
    [
      'retention out of order',
      { retention: { ...base.retention, rawGlacierAfterDays: 200 } },
      `${D}.retention.rawExpireAfterDays: 180; expected more than rawGlacierAfterDays (200)`,
    ],
    [
      'alarm ids not unique',
      { alarms: [...base.alarms, alarm('critical-errors', { threshold: 5 })] },
      `${D}.alarms[critical-errors].id: duplicate; expected ids unique within the dataset`,
    ],
    [
      'a period CloudWatch refuses',
      { alarms: [alarm('critical-errors', { periodSeconds: 45 })] },
      `${D}.alarms[critical-errors].periodSeconds: 45; expected 10, 30 or a multiple of 60`,
    ],
    // The checks below were also written out in stacks/monitoring/dataset-alarms.ts until the stack relied on this validator.
    [
      'an alarm id not in kebab-case',
      { alarms: [alarm('critical-errors', { id: 'Critical_Errors' })] },
      `${D}.alarms[Critical_Errors].id: expected kebab-case`,
    ],
    [
      'no evaluation period',
      { alarms: [alarm('critical-errors', { evaluationPeriods: 0 })] },
      `${D}.alarms[critical-errors].evaluationPeriods: 0; expected a positive integer`,
    ],
    [
      'more datapoints than evaluation periods',
      { alarms: [alarm('critical-errors', { datapointsToAlarm: 3 })] },
      `${D}.alarms[critical-errors].datapointsToAlarm: 3; expected 1..evaluationPeriods (1)`,
    ],
    [
      'an alarm without its reason',
      { alarms: [alarm('critical-errors', { reason: '  ' })] },
      `${D}.alarms[critical-errors].reason: expected the reason for the threshold`,
    ],
    [
      'an anomaly band of no width',
      { alarms: [anomalyAlarm(0)] },
      `${D}.alarms[reading-spike].bandWidth: 0; expected a positive number of standard deviations`,
    ],
    [
      'a metric the specs do not emit',
      { alarms: [alarm('critical-errors', { metric: 'LatencyMs' })] },
      `${D}.alarms[critical-errors].metric: LatencyMs is not emitted by this dataset; expected one of RecordsValid, RecordsInvalid, CriticalErrors, Readings`,
    ],
    [
      'a silence rule without sources',
      { expectedSources: [] },
      `${D}.alarms[silent-player]: a silence rule needs expectedSources (the sources to watch); there are none`,
    ],
    [
      'a silence rule on a dimension the metric lacks',
      { alarms: [alarm('silent-player', { sourceDimension: 'Region' } as Partial<AlarmRule>)] },
      `${D}.alarms[silent-player].sourceDimension: Readings is not published by Region`,
    ],
    // Found by attacking the validator (issue 19 review): each passed it before, and failed later or never.
    [
      'raw expiry within Glacier minimum storage (synth refused it, the CLIs did not)',
      { retention: { ...base.retention, rawGlacierAfterDays: 30, rawExpireAfterDays: 90 } },
      `${D}.retention.rawExpireAfterDays: 90; expected at least rawGlacierAfterDays + 90 (120, Glacier's minimum storage duration)`,
    ],
    [
      'an infinite anomaly band',
      { alarms: [anomalyAlarm(Infinity)] },
      `${D}.alarms[reading-spike].bandWidth: Infinity; expected a positive number of standard deviations`,
    ],
    [
      'bounds that admit nothing',
      { fields: base.fields.map((f) => (f.name === 'buffer_ms' ? { ...f, min: 10, max: 5 } : f)) },
      `${D}.fields[buffer_ms].max: 5; expected at least min (10)`,
    ],
    [
      'a NaN bound',
      { fields: base.fields.map((f) => (f.name === 'buffer_ms' ? { ...f, max: NaN } : f)) },
      `${D}.fields[buffer_ms].max: NaN; expected a finite number`,
    ],
    [
      'integer bounds that hold no integer',
      { fields: base.fields.map((f) => (f.name === 'buffer_ms' ? { ...f, min: 0.2, max: 0.8 } : f)) },
      `${D}.fields[buffer_ms]: no integer in [0.2, 0.8]; expected bounds that hold one`,
    ],
    [
      'a maxLength of 0',
      { fields: base.fields.map((f) => (f.name === 'player_id' ? { ...f, maxLength: 0 } : f)) },
      `${D}.fields[player_id].maxLength: 0; expected a positive integer`,
    ],
    [
      'a derived field named like a processing column',
      { derivedFields: [...base.derivedFields, { name: 'is_critical', type: 'boolean', description: 'Clash.' }] },
      `${D}.derivedFields[is_critical]: the processor adds this column to every dataset; expected another name`,
    ],
    [
      'an int column bounded beyond 32 bits',
      { fields: base.fields.map((f) => (f.name === 'buffer_ms' ? { ...f, max: 1e10 } : f)) },
      `${D}.fields[buffer_ms].max: 10000000000; expected -2147483648..2147483647 (a int column)`,
    ],
    [
      'a bigint bound beyond exact integers (the generator made values the processor refused)',
      { fields: base.fields.map((f) => (f.name === 'buffer_ms' ? { ...f, type: 'bigint' as const, max: 1e18 } : f)) },
      `${D}.fields[buffer_ms].max: 1000000000000000000; expected -9007199254740991..9007199254740991 (a bigint column)`,
    ],
    [
      'an event id that is no optional UUID (the generator gave 8 distinct ids)',
      {
        fields: base.fields.map((f) =>
          f.name === 'event_id' ? { name: 'event_id', type: 'string' as const, maxLength: 16, description: 'Id.' } : f,
        ),
      },
      `${D}.eventIdField: field 'event_id' is not format uuid, required; expected format 'uuid' and required: false (the processor fills a missing id)`,
    ],
    [
      'a field declared twice',
      { fields: [...base.fields, { name: 'cdn', type: 'string', description: 'Again.' }] },
      `${D}.fields[cdn]: declared twice; expected unique field names`,
    ],
    [
      'a metric dimension without declared values (only the cold start refused it)',
      { dimensionValues: {} },
      `${D}.dimensionValues.TurbineId: missing; expected the values of every dimension a metric uses (Readings)`,
    ],
    [
      'a blank dimension value',
      { dimensionValues: { TurbineId: ['p-1', 'p-2', ' ', 'other'] } },
      `${D}.dimensionValues.TurbineId: " "; expected 1-1024 printable ASCII characters, not blank (CloudWatch)`,
    ],
    [
      'an alarm on a dimension value never published',
      {
        alarms: [
          ...base.alarms,
          {
            kind: 'threshold',
            id: 'player-one',
            metric: 'Readings',
            statistic: 'Sum',
            periodSeconds: 60,
            evaluationPeriods: 1,
            comparison: 'GreaterThanThreshold',
            threshold: 5,
            dimensions: { TurbineId: 'p-3' },
            reason: 'One player.',
          },
        ],
      },
      `${D}.alarms[player-one].dimensions.TurbineId: 'p-3' is not among dimensionValues.TurbineId; the series would never exist`,
    ],
    [
      'a burst threshold of 0 (every match critical)',
      { burstRule: { label: 'starving', matches: () => true, threshold: 0, windowMs: 60_000 } },
      `${D}.burstRule.threshold: 0; expected a positive integer number of records`,
    ],
    [
      'a burst window of NaN (never fires)',
      { burstRule: { label: 'starving', matches: () => true, threshold: 5, windowMs: NaN } },
      `${D}.burstRule.windowMs: NaN; expected a positive number of milliseconds`,
    ],
    [
      'a source listed twice',
      { expectedSources: ['p-1', 'p-2', 'p-1'] },
      `${D}.alarms[silent-player]: expected source 'p-1' is listed twice; expected each source once`,
    ],
  ])('reports %s, naming the dataset and the field', (_what, patch, expected) => {
    expect(datasetProblems({ ...base, ...patch })).toEqual([expected]);
  });

  it('reports a silence rule without sources even when its metric is also not emitted', () => {
    // Act
    const problems = datasetProblems({ ...base, expectedSources: [], alarms: [alarm('silent-player', { metric: 'Faults' })] });

    // Assess
    expect(problems).toEqual([
      `${D}.alarms[silent-player].metric: Faults is not emitted by this dataset; expected one of RecordsValid, RecordsInvalid, CriticalErrors, Readings`,
      `${D}.alarms[silent-player]: a silence rule needs expectedSources (the sources to watch); there are none`,
    ]);
  });

  it('reports every problem of a declaration with several faults, at once and in order', () => {
    // Prepare
    const broken: DatasetDeclaration = {
      ...base,
      eventTimeField: 'player_id',
      eventIdField: 'evt',
      fields: base.fields.map((f) => (f.name === 'cdn' ? { ...f, enum: ['akamai'] } : f)),
      retention: { ...base.retention, rawExpireAfterDays: 30 },
      alarms: [
        alarm('critical-errors', { periodSeconds: 90 }),
        alarm('critical-errors', { metric: 'Faults' }),
        alarm('silent-player', { sourceDimension: 'Severity' } as Partial<AlarmRule>),
      ],
    };

    // Act
    let error: unknown;
    try {
      validateDatasets([broken]);
    } catch (caught) {
      error = caught;
    }

    // Assess
    expect(error).toBeInstanceOf(DatasetDeclarationError);
    expect((error as DatasetDeclarationError).exitCode).toBe(ExitCode.Refused);
    expect((error as DatasetDeclarationError).problems).toEqual([
      `${D}.fields[cdn].enum: expected 'other' among the values (unknown input becomes 'other')`,
      `${D}.eventTimeField: field 'player_id' has type string; expected timestamp`,
      `${D}.eventIdField: 'evt' is not a declared field`,
      `${D}.retention.rawExpireAfterDays: 30; expected more than rawGlacierAfterDays (30)`,
      `${D}.alarms[critical-errors].periodSeconds: 90; expected 10, 30 or a multiple of 60`,
      `${D}.alarms[critical-errors].id: duplicate; expected ids unique within the dataset`,
      `${D}.alarms[critical-errors].metric: Faults is not emitted by this dataset; expected one of RecordsValid, RecordsInvalid, CriticalErrors, Readings`,
      `${D}.alarms[silent-player].sourceDimension: Readings is not published by Severity`,
    ]);
  });

  it('reports a dataset declared twice in the registry', () => {
    expect(registryProblems([base, base])).toEqual([`${D}: declared twice in the registry`]);
  });
});
