import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ExitCode } from '../../cli/exit-codes';

/** The exit codes of a bench: a missed target fails it, like a failed run. */
export const BENCH_EXIT_CODES_HELP = 'Exit codes: 0 ok (targets met), 1 a target missed or the run failed, 2 usage error.';

/**
 * The command-line contract of every bench (`bench/<name>.bench.ts`): it takes no
 * arguments. `--help` (or `-h`) prints what it measures, from the bench file's opening
 * comment, so the text has one home, and exits 0; anything else exits 2 with one line.
 * Call it before any work: a bench runs for minutes, and `npm run bench:x -- --help`
 * used to start one.
 */
export function handleBenchArguments(benchFile: string, argv: readonly string[] = process.argv.slice(2)): void {
  const name = `bench:${basename(benchFile).replace(/\.bench\.[jt]s$/, '')}`;
  if (argv.length === 0) return;
  if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h')) {
    process.stdout.write(`Usage: npm run ${name}\n\n${openingComment(benchFile)}\n\n${BENCH_EXIT_CODES_HELP}\n`);
    process.exit(ExitCode.Ok);
  }
  const unknown = argv.find((a) => a !== '--help' && a !== '-h') ?? argv[0];
  process.stderr.write(`${name}: unknown argument '${unknown}'; expected none, or --help\n`);
  process.exit(ExitCode.Usage);
}

/** The text of the file's leading `/** ... *\/` comment, without its stars. */
export function openingComment(file: string): string {
  const match = /^\s*\/\*\*([\s\S]*?)\*\//.exec(readFileSync(file, 'utf8'));
  if (match === null) return '';
  return match[1]
    .split('\n')
    .map((line) => line.replace(/^\s*\* ?/, ''))
    .join('\n')
    .trim();
}
