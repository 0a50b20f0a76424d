import { S3Client } from '@aws-sdk/client-s3';
import { Command, InvalidArgumentError } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { awsClientConfig } from '../aws/client-config';
import { awsErrorSummary } from '../aws/error-summary';
import { AWS_CLIENT_DEFAULTS } from '../aws/client-defaults';
import { RefusedError, UsageError } from '../cli/cli-errors';
import { applyCliConventions, runCli } from '../cli/error-boundary';
import { ExitCode } from '../cli/exit-codes';
import { exitQuietlyOnClosedStdout } from '../cli/stdout-pipe';
import { projectVersion } from '../cli/version';
import { findEnvironment } from '../config/environment-lookup';
import { silenceSdkNodeVersionWarning } from '../aws/sdk-node-warning';
import { createKinesisClient } from '../producers/kinesis-client';
import { FIX_RULES, parseFixRules } from './fix-rules';
import { localFiles, parseS3Prefix, s3Files } from './replay-sources';
import { runReplay } from './run-replay';

interface ReplayCliOptions {
  readonly env: string;
  readonly from: string;
  readonly dryRun: boolean;
  readonly fix: string[];
  readonly endpoint?: string;
  readonly s3Endpoint?: string;
  readonly region?: string;
  readonly requestTimeoutMs?: number;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`got '${value}'; expected an integer >= 1`);
  return n;
}

function urlOption(value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return value;
  } catch {
    // reported below
  }
  throw new InvalidArgumentError(`got '${value}'; expected an http(s) URL such as http://127.0.0.1:4567`);
}

/** `state.exitCode` is what the action decided (commander drops an action's return value). */
export function buildProgram(state: { exitCode: ExitCode } = { exitCode: ExitCode.Ok }): Command {
  const program = new Command('replay')
    .description(
      'Re-sends records the pipeline did not process: on-failure batches of the event source mappings unchanged, quarantined records only with --fix. ' +
        'Sets event_id explicitly so that de-duplication holds. Lists every record with what happens to it, then the totals.',
    )
    .requiredOption('--env <name>', 'environment whose streams receive the records')
    .requiredOption('--from <s3-prefix|path>', 's3://bucket/prefix, or a local file or directory (e.g. .local/s3/<quarantine bucket>)')
    .option('--dry-run', 'list what would be sent and why each other record is skipped; send nothing', false)
    .option(
      '--fix <rule>',
      `fix quarantined records with a declared rule (repeatable): ${FIX_RULES.map((r) => r.name).join(', ')}`,
      (v: string, all: string[]) => [...all, v],
      [],
    )
    .option('--endpoint <url>', 'local Kinesis API, e.g. kinesalite at http://127.0.0.1:4567', urlOption)
    .option('--s3-endpoint <url>', 'local S3 API for an s3:// --from', urlOption)
    .option('--region <region>', "AWS region (default: the environment's)")
    .option(
      '--request-timeout-ms <ms>',
      `time one Kinesis or S3 request may take before it fails (default ${AWS_CLIENT_DEFAULTS.requestTimeoutMs}); a batch gives up after 8 attempts`,
      positiveInteger,
    )
    .action(async (opts: ReplayCliOptions) => {
      // Its own errors: an unknown --env is a usage error (2); a bad dataset declaration or
      // environments.ts is refused (3), as in every CLI.
      const env = findEnvironment(opts.env);
      let fixes;
      try {
        fixes = parseFixRules(opts.fix);
      } catch (error) {
        throw new UsageError((error as Error).message, { cause: error });
      }
      const region = opts.region ?? env.region;
      const timeout = opts.requestTimeoutMs !== undefined ? { requestTimeoutMs: opts.requestTimeoutMs } : {};
      if (opts.from.trim() === '') throw new UsageError('--from: empty; expected s3://bucket/prefix or a local path');
      const s3 = parseS3Prefix(opts.from);
      // Without this, `s3://` (no bucket) was taken for a local path and reported as `<cwd>/s3:`.
      if (s3 === undefined && /^s3:/i.test(opts.from)) throw new UsageError(`--from ${opts.from}: no bucket; expected s3://bucket/prefix`);
      if (s3 === undefined && !existsSync(opts.from))
        throw new UsageError(`--from ${resolve(opts.from)}: no such file or directory; expected s3://bucket/prefix or a local path`);
      const s3Client =
        s3 === undefined
          ? undefined
          : new S3Client({
              ...awsClientConfig({ region, ...timeout, ...(opts.s3Endpoint !== undefined ? { endpoint: opts.s3Endpoint } : {}) }),
              forcePathStyle: opts.s3Endpoint !== undefined,
            });
      const kinesis = opts.dryRun
        ? undefined
        : createKinesisClient({ region, ...timeout, ...(opts.endpoint !== undefined ? { endpoint: opts.endpoint } : {}) });
      try {
        const result = await runReplay({
          env,
          files: s3 !== undefined && s3Client !== undefined ? s3Files(s3Client, s3.bucket, s3.prefix) : localFiles(opts.from),
          dryRun: opts.dryRun,
          fixes,
          ...(kinesis !== undefined ? { kinesis } : {}),
          out: (line) => process.stdout.write(`${line}\n`),
        });
        if (result.files === 0)
          throw new UsageError(`--from ${opts.from}: holds no files; expected on-failure invocation records or quarantine objects`);
        const recognised = Object.values(result.datasets).reduce((n, t) => n + t.fromFailureBatches + t.fixed + t.skipped, 0);
        if (recognised === 0 && result.unreadable > 0)
          throw new RefusedError(
            `--from ${opts.from}: none of its ${result.files} files holds an on-failure invocation record or a quarantine entry`,
          );
        if (result.failed > 0) {
          const why = result.unavailable
            .map(
              (u) =>
                `stream ${u.stream} took no record of a batch after ${u.attempts} attempt${u.attempts === 1 ? '' : 's'}: ${awsErrorSummary(Object.assign(new Error(u.errorMessage), { name: u.errorCode || 'Error' }))}; `,
            )
            .join('');
          process.stderr.write(
            `replay: ${why}${result.failed} records could not be sent (listed above as fail); run again to retry them: event_id keeps the re-send idempotent downstream\n`,
          );
          state.exitCode = ExitCode.Failure;
        }
      } finally {
        kinesis?.destroy();
        s3Client?.destroy();
      }
    });
  return applyCliConventions(program, projectVersion());
}

if (require.main === module) {
  exitQuietlyOnClosedStdout();
  silenceSdkNodeVersionWarning();
  void runCli('replay', async () => {
    const state: { exitCode: ExitCode } = { exitCode: ExitCode.Ok };
    await buildProgram(state).parseAsync(process.argv);
    return state.exitCode;
  });
}
