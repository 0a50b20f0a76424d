import { Command, InvalidArgumentError } from 'commander';
import { readFileSync } from 'node:fs';
import { UsageError } from '../cli/cli-errors';
import { applyCliConventions, runCli } from '../cli/error-boundary';
import { exitQuietlyOnClosedStdout } from '../cli/stdout-pipe';
import { projectVersion } from '../cli/version';
import { OUTPUT_FORMATS, type OutputFormat } from './result-writer';
import { runQuery } from './run-query';

interface QueryOptions {
  readonly file?: string;
  readonly dataDir: string;
  readonly env?: string;
  readonly format: OutputFormat;
}

function formatOption(value: string): OutputFormat {
  const found = OUTPUT_FORMATS.find((f) => f === value);
  if (found === undefined) throw new InvalidArgumentError(`expected one of ${OUTPUT_FORMATS.join(', ')}`);
  return found;
}

function readSqlFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `--file ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}; expected a file holding one SELECT`,
      { cause: error },
    );
  }
}

export function buildProgram(): Command {
  const program = new Command('query')
    .description(
      'Runs one SELECT over the tables and views of the local lake (the last `npm run local`), in the Athena dialect, through the local engine. Never calls AWS.',
    )
    .argument('[sql]', 'the SELECT to run (or --file)')
    .option('--file <path>', 'read the SELECT from a file')
    .option('--data-dir <dir>', 'the local lake', '.local')
    .option('--env <name>', 'environment whose tables to read (default: the one the lake holds)')
    .option('--format <format>', `output: ${OUTPUT_FORMATS.join(', ')}`, formatOption, 'table')
    .action(async (sql: string | undefined, opts: QueryOptions) => {
      if (sql !== undefined && opts.file !== undefined) throw new UsageError('give the SQL as an argument or with --file, not both');
      if (sql === undefined && opts.file === undefined)
        throw new UsageError('no SQL: expected npm run query -- "<SELECT ...>" or --file <path>');
      const text = opts.file !== undefined ? readSqlFile(opts.file) : (sql ?? '');
      await runQuery({
        sql: text,
        source: opts.file ?? 'SQL',
        dataDir: opts.dataDir,
        ...(opts.env !== undefined ? { env: opts.env } : {}),
        format: opts.format,
        output: process.stdout,
      });
    });
  return applyCliConventions(program, projectVersion());
}

if (require.main === module) {
  exitQuietlyOnClosedStdout();
  void runCli('query', async () => {
    await buildProgram().parseAsync(process.argv);
  });
}
