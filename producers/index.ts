/** The producers' library API (the CLI in `cli.ts` is built on it; `npm run local` uses it too). */
export {
  generateAccessLogs,
  type AccessLogGeneratorOptions,
  type AccessLogRecord,
  type DeviceType,
  type Region,
} from './access-log-generator';
export {
  simulateTurbine,
  assignTurbineScenarios,
  type TurbineReading,
  type TurbineSimulationOptions,
  type TurbineAssignment,
  type TurbineStatus,
} from './turbine-simulator';
export {
  ACCESS_LOG_SCENARIOS,
  TURBINE_SCENARIOS,
  SCENARIO_SHAPE,
  parseScenarioList,
  type AccessLogScenario,
  type TurbineScenario,
  type ScenarioWindow,
  type GeneratedRun,
} from './scenarios';
export { SimulatedSpan, defaultStart } from './simulated-span';
export {
  KinesisBatchSender,
  type KinesisBatchSenderProps,
  type OutgoingRecord,
  type SendTotals,
  type FailedRecord,
} from './kinesis-batch-sender';
export { KINESIS_LIMITS } from './kinesis-limits';
export { createKinesisClient, type KinesisClientOptions } from './kinesis-client';
export { encodeRecord, partitionKeyFor } from './record-encoding';
export { recordShapeProblems } from './record-shape';
export { sendRun, type SendRunOptions } from './send-run';
export { runTurbineApp, type TurbineAppConfig, type TurbineAppHooks, type TurbineAppResult } from './turbine-app';
export { startTurbineFleet, type TurbineFleet } from './turbine-workers';
export { startLocalKinesis, createStream, readStream, type LocalKinesis, type ReadRecord } from './local-kinesis';
export { ProgressReporter, formatProgress } from './progress-reporter';
export * from './errors';
export {
  GENERATORS,
  SCHEMA_GENERATOR,
  generatorFor,
  generateDataset,
  type DatasetGenerator,
  type GenerationRequest,
  type GenerationSize,
  type Scenario,
} from './generator-registry';
export { generateFromSchema, schemaRecord, type SchemaRecord, type SchemaGeneratorOptions } from './schema-generator';
export { invalidMutation, invalidRecords, type InvalidMutation } from './invalid-records';
