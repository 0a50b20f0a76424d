import { Command } from 'commander';
import { UsageError } from '../cli/cli-errors';
import { applyCliConventions, runCli } from '../cli/error-boundary';
import { projectVersion } from '../cli/version';
import { findEnvironment } from '../config/environment-lookup';
import { DATASETS } from '../datasets/registry';
import { validateDatasets } from '../datasets/validate-dataset';
import { CAPACITY_DEFAULTS, type CapacityAssumptions } from './capacity-defaults';
import { capacityReport, MIB } from './capacity-model';
import { renderReport } from './render-report';

interface CapacityOptions {
  readonly env: string;
  readonly eventsPerSecond: string;
  readonly recordBytes?: string;
  readonly indexMibPerNode?: string;
  readonly json?: boolean;
}

const DECIMAL = /^\+?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A positive number from an option's text, or a usage error naming the option. */
export function positiveNumber(option: string, text: string, integer: boolean): number {
  const value = Number(text);
  // Decimal notation only: Number() also reads '0x10', '0b11' and '0o7', which nobody means as a load.
  if (!DECIMAL.test(text.trim()) || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new UsageError(`${option}: got '${text}'; expected ${integer ? 'a whole number' : 'a number'} above 0`);
  }
  return value;
}

export async function main(argv: readonly string[]): Promise<void> {
  const program = new Command('capacity')
    .description(
      'Per dataset and stage, the load against each AWS quota at N events/s per dataset, and the first quota to break (a model; no AWS call).',
    )
    .requiredOption('--env <name>', 'environment from config/environments.ts')
    .requiredOption('--events-per-second <n>', 'events per second per dataset')
    .option('--record-bytes <b>', `bytes per record, raw and processed (default ${CAPACITY_DEFAULTS.recordBytes})`)
    .option(
      '--index-mib-per-node <mib>',
      `assumed OpenSearch indexing MiB/s per data node (default ${CAPACITY_DEFAULTS.indexingBytesPerSecondPerNode / MIB})`,
    )
    .option('--json', 'print the report as JSON');
  applyCliConventions(program, projectVersion());
  program.parse([...argv], { from: 'user' });
  const options = program.opts<CapacityOptions>();
  // The declarations first, as in every CLI: a bad one is refused (exit 3).
  validateDatasets(DATASETS);
  const eventsPerSecond = positiveNumber('--events-per-second', options.eventsPerSecond, false);
  // The model searches break points up to this load; above it, say so under the flag's name.
  if (eventsPerSecond > CAPACITY_DEFAULTS.maxEventsPerSecond) {
    throw new UsageError(
      `--events-per-second: got ${options.eventsPerSecond}; expected at most ${CAPACITY_DEFAULTS.maxEventsPerSecond} (the highest load the model searches)`,
    );
  }
  const assumptions: Partial<CapacityAssumptions> = {
    ...(options.recordBytes !== undefined ? { recordBytes: positiveNumber('--record-bytes', options.recordBytes, true) } : {}),
    ...(options.indexMibPerNode !== undefined
      ? { indexingBytesPerSecondPerNode: positiveNumber('--index-mib-per-node', options.indexMibPerNode, false) * MIB }
      : {}),
  };
  if ((assumptions.recordBytes ?? 0) > 1_024_000)
    throw new UsageError(`--record-bytes: got ${assumptions.recordBytes}; expected at most 1024000 (the Firehose record limit)`);
  const report = capacityReport({ env: findEnvironment(options.env), datasets: DATASETS, eventsPerSecond, assumptions });
  process.stdout.write(options.json === true ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report));
}

if (require.main === module) {
  void runCli('capacity', () => main(process.argv.slice(2)));
}
