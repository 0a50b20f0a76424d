import { AthenaClient } from '@aws-sdk/client-athena';
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import { Command, Option } from 'commander';
import { AthenaEngine } from './athena-engine';
import {
  DestructiveStatementError,
  FailedMigrationError,
  HistoryConflictError,
  LockHeldError,
  MigrateError,
  SqlFileError,
  SqlSyntaxError,
  UnknownQueryError,
  UnresolvedPlaceholderError,
  UnsupportedSqlError,
  ValidationFailedError,
} from './errors';
import { GlueHistoryStore } from './glue-history-store';
import type { HistoryStore } from './history-store';
import { LocalEngine } from './local-engine';
import { LocalHistoryStore } from './local-history-store';
import { loadMigrations } from './migration-files';
import { MigrationRunner, type StatusRow } from './migration-runner';
import { syncNamedQueries } from './named-query-sync';
import type { QueryEngine } from './query-engine';
import { listSavedQueries, MIGRATIONS_DIR, QUERIES_DIR, runSavedQuery } from './saved-queries';
import { stackFile, stackOutputPlaceholders } from './stack-outputs';
import { findEnvironment, resolveTarget, type StackPlaceholders } from './target';
import { silenceSdkNodeVersionWarning } from '../config/sdk-node-warning';
import { awsClientConfig } from '../aws/client-config';
import { CliError, UsageError } from '../cli/cli-errors';
import { applyCliConventions, runCli } from '../cli/error-boundary';
import { ExitCode } from '../cli/exit-codes';
import { projectVersion } from '../cli/version';
import { makeDirectory } from '../local/make-directory';

/**
 * `npm run migrate -- <command> [--env dev] [--engine athena|local] [--dry-run] [--json]`.
 * Human-readable output by default; `--json` prints one JSON document.
 */

interface GlobalOptions {
  readonly env?: string;
  readonly engine?: 'athena' | 'local';
  readonly dataDir: string;
  readonly dryRun: boolean;
  readonly json: boolean;
  readonly allowDestructive: boolean;
  readonly placeholder: string[];
  readonly migrationsDir: string;
  readonly queriesDir: string;
  readonly stackOutputs?: string;
}

interface Context {
  readonly engine: QueryEngine;
  readonly store: HistoryStore;
  readonly athena?: AthenaClient;
}

/** Credentials from the environment that the default provider chain would use. */
function hasAwsCredentials(): boolean {
  return ['AWS_ACCESS_KEY_ID', 'AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'].some(
    (name) => (process.env[name] ?? '') !== '',
  );
}

function placeholderOverrides(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--placeholder '${pair}': expected name=value`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

/** Outputs of the synthesized pipeline stack: the given file (which must exist), else the default one when synthesized. */
function stackPlaceholders(options: GlobalOptions, env: string): StackPlaceholders | undefined {
  const file = options.stackOutputs ?? stackFile(env);
  const values = stackOutputPlaceholders(file);
  if (values === undefined && options.stackOutputs !== undefined) throw new UsageError(`--stack-outputs: ${file} does not exist; run 'npm run synth' first`);
  return values === undefined ? undefined : { file, values };
}

async function openContext(options: GlobalOptions): Promise<Context> {
  const env = findEnvironment(options.env ?? 'dev');
  const target = resolveTarget(env, placeholderOverrides(options.placeholder), stackPlaceholders(options, env.name));
  // Local unless asked for Athena, or an --env target with credentials to reach it.
  const kind = options.engine ?? (options.env !== undefined && hasAwsCredentials() ? 'athena' : 'local');
  if (kind === 'local') {
    try {
      // Not mkdir({ recursive }): it loops forever under /proc (see make-directory.ts).
      await makeDirectory(options.dataDir);
    } catch (error) {
      throw new UsageError(`--data-dir ${options.dataDir} cannot be used (${(error as Error).message}); expected a directory this user can create and write`, { cause: error });
    }
    const engine = await LocalEngine.open({ dataDir: options.dataDir, target });
    return { engine, store: new LocalHistoryStore(options.dataDir, target.database) };
  }
  // The shared factory: request timeouts that raise and bounded attempts (a silent endpoint must not hang a migration).
  const athena = new AthenaClient(awsClientConfig({ region: env.region }));
  const glue = new GlueClient(awsClientConfig({ region: env.region }));
  const engine = new AthenaEngine({ athena, glue, s3: new S3Client(awsClientConfig({ region: env.region })), target });
  return { engine, store: new GlueHistoryStore(glue, target.database), athena };
}

function print(options: GlobalOptions, json: unknown, human: () => string): void {
  process.stdout.write(`${options.json ? JSON.stringify(json, null, 2) : human()}\n`);
}

function statusTable(rows: readonly StatusRow[]): string {
  if (rows.length === 0) return 'no migrations';
  return rows
    .map((r) => {
      const progress = r.statementsDone !== undefined ? ` ${r.statementsDone}/${r.statementsTotal}` : ` 0/${r.statementsTotal}`;
      return `${r.state.padEnd(17)} ${r.script}${progress}${r.installedOn ? ` ${r.installedOn}` : ''}${r.detail ? `  (${r.detail})` : ''}`;
    })
    .join('\n');
}

async function withRunner(options: GlobalOptions, fn: (runner: MigrationRunner, context: Context) => Promise<number>): Promise<number> {
  const context = await openContext(options);
  try {
    const runner = new MigrationRunner({
      engine: context.engine,
      store: context.store,
      migrations: loadMigrations(options.migrationsDir),
      allowDestructive: options.allowDestructive,
      log: options.json ? undefined : (line) => process.stderr.write(`${line}\n`),
    });
    return await fn(runner, context);
  } finally {
    await context.engine.close();
  }
}

export function buildProgram(run: (code: number) => void): Command {
  const program = new Command('migrate')
    .description('Versioned Athena DDL and saved queries for the analytics layer')
    .option('--env <name>', 'environment from config/environments.ts (default: dev)')
    .addOption(new Option('--engine <engine>', 'athena or local (default: local unless --env is given and AWS credentials are set)').choices(['athena', 'local']))
    .option('--data-dir <dir>', 'root of the local lake for the local engine', '.local')
    .option('--dry-run', 'show what would happen without changing anything', false)
    .option('--json', 'print JSON instead of text', false)
    .option('--allow-destructive', 'allow DROP DATABASE and DROP TABLE of Iceberg tables or tables with data', false)
    .option('--placeholder <name=value...>', 'override a ${placeholder} value (e.g. from stack outputs)', [])
    .option('--stack-outputs <file>', 'synthesized stack whose outputs give placeholder values (default: cdktf.out/stacks/pipeline-<env>/cdk.tf.json when it exists)')
    .option('--migrations-dir <dir>', 'migrations folder', MIGRATIONS_DIR)
    .option('--queries-dir <dir>', 'saved queries folder', QUERIES_DIR);
  const opts = (): GlobalOptions => program.opts<GlobalOptions>();

  const plan = async (runner: MigrationRunner): Promise<number> => {
    const planned = await runner.plan();
    print(opts(), planned, () =>
      planned.length === 0
        ? 'nothing to apply'
        : planned.map((p) => `-- ${p.script}${p.fromStatement > 0 ? ` (resuming at statement ${p.fromStatement + 1})` : ''}\n${p.statements.map((s) => `${s.sql};`).join('\n\n')}`).join('\n\n'),
    );
    return 0;
  };

  program.command('status').description('applied, pending, failed and checksum-mismatched migrations').action(async () =>
    run(await withRunner(opts(), async (runner) => {
      const rows = await runner.status();
      print(opts(), rows, () => statusTable(rows));
      return 0;
    })),
  );
  program.command('plan').description('the statements apply would run, without running any').action(async () => run(await withRunner(opts(), plan)));
  program.command('apply').description('run the pending migrations').action(async () =>
    run(await withRunner(opts(), async (runner) => {
      if (opts().dryRun) return plan(runner);
      const result = await runner.apply();
      print(opts(), result, () => (result.applied.length === 0 ? 'schema is up to date' : result.applied.map((a) => `applied ${a.script} (${a.statements} statements)`).join('\n')));
      return 0;
    })),
  );
  program.command('validate').description('check applied migrations against the files').action(async () =>
    run(await withRunner(opts(), async (runner) => {
      const problems = await runner.validate();
      print(opts(), { valid: problems.length === 0, problems }, () => (problems.length === 0 ? 'valid' : problems.map((p) => `- ${p}`).join('\n')));
      return problems.length === 0 ? ExitCode.Ok : ExitCode.Refused;
    })),
  );
  program.command('repair').description('clear failed entries after the cause was fixed by hand').action(async () =>
    run(await withRunner(opts(), async (runner) => {
      const actions = await runner.repair();
      print(opts(), { actions }, () => actions.join('\n'));
      return 0;
    })),
  );

  const queries = program.command('queries').description('saved queries (sql/queries)');
  queries.command('list').action(() => {
    const all = listSavedQueries(opts().queriesDir);
    print(opts(), all, () => all.map((q) => `${q.name.padEnd(40)} ${q.description}`).join('\n'));
    run(0);
  });
  queries.command('run <name>').description('run a saved query and print its rows').action(async (name: string) => {
    const context = await openContext(opts());
    try {
      const rows = await runSavedQuery(context.engine, name, opts().queriesDir);
      print(opts(), rows, () => (rows.length === 0 ? '(no rows)' : rows.map((r) => JSON.stringify(r)).join('\n')));
      run(0);
    } finally {
      await context.engine.close();
    }
  });
  queries.command('sync').description('create, update and delete the owned Athena named queries').action(async () => {
    const context = await openContext({ ...opts(), engine: 'athena' });
    try {
      if (!context.athena) throw new MigrateError('queries sync needs the athena engine');
      const result = await syncNamedQueries({ athena: context.athena, target: context.engine.target, queries: listSavedQueries(opts().queriesDir), dryRun: opts().dryRun });
      print(opts(), result, () =>
        (['created', 'updated', 'deleted', 'unchanged'] as const).map((k) => `${opts().dryRun ? `would be ${k}` : k}: ${result[k].join(', ') || '-'}`).join('\n'),
      );
      run(0);
    } finally {
      await context.engine.close();
    }
  });
  return applyCliConventions(program, projectVersion());
}

/** Refusals of the runner (a guard, a lock, validation, the SQL it was given): exit 3. */
const REFUSALS = [ValidationFailedError, LockHeldError, DestructiveStatementError, FailedMigrationError, HistoryConflictError, SqlSyntaxError, SqlFileError, UnresolvedPlaceholderError, UnsupportedSqlError];

/** The runner's errors keep their one-line message and get the project-wide exit code. */
function asCliError(error: unknown): unknown {
  if (!(error instanceof MigrateError)) return error;
  const code = error instanceof UnknownQueryError ? ExitCode.Usage : REFUSALS.some((kind) => error instanceof kind) ? ExitCode.Refused : ExitCode.Failure;
  return new CliError(error.message, code, { cause: error });
}

if (require.main === module) {
  silenceSdkNodeVersionWarning();
  void runCli('migrate', async () => {
    let code: number = ExitCode.Ok;
    await buildProgram((c) => (code = c))
      .parseAsync(process.argv)
      .catch((error: unknown) => Promise.reject(asCliError(error)));
    return code;
  });
}
