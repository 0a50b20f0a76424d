import { AthenaClient } from '@aws-sdk/client-athena';
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { Command, Option } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { awsClientConfig } from '../aws/client-config';
import { applyCliConventions, runCli } from '../cli/error-boundary';
import { ExitCode } from '../cli/exit-codes';
import { projectVersion } from '../cli/version';
import { makeDirectory } from '../local/make-directory';
import { silenceSdkNodeVersionWarning } from '../aws/sdk-node-warning';
import { AthenaEngine } from './athena-engine';
import { MigrateError, MigrateUsageError, ValidationFailedError } from './errors';
import { flywayInfo } from './flyway-info';
import { GlueHistoryStore } from './glue-history-store';
import type { HistoryStore } from './history-store';
import { LocalEngine } from './local-engine';
import { LocalHistoryStore } from './local-history-store';
import { loadMigrations } from './migration-files';
import { MIGRATE_DEFAULTS } from './migrate-defaults';
import { MigrationRunner, type StatusRow } from './migration-runner';
import { syncNamedQueries } from './named-query-sync';
import type { QueryEngine } from './query-engine';
import { listSavedQueries, MIGRATIONS_DIR, QUERIES_DIR, runSavedQuery } from './saved-queries';
import { validateSqlFiles } from './sql-validator';
import { stackFile, stackOutputPlaceholders } from './stack-outputs';
import { findEnvironment } from '../config/environment-lookup';
import { environments, resolveMigrationTarget, type StackPlaceholders } from './target';

/**
 * `npm run migrate -- <command> [--env dev] [--engine athena|local] [--json] ...`.
 * Human-readable output by default; `--json` prints one JSON document. Before it
 * acts, every command prints one header line on stderr naming the engine,
 * database, workgroup, region and account. Exit codes: 0 ok, 1 runtime failure,
 * 2 usage, 3 refused (validation, guard, lock) or checks failed.
 */

interface GlobalOptions {
  readonly env?: string;
  readonly engine?: 'athena' | 'local';
  readonly dataDir: string;
  readonly json: boolean;
  readonly placeholder: string[];
  readonly migrationsDir: string;
  readonly queriesDir: string;
  readonly stackOutputs?: string;
  readonly timeout?: string;
}

interface RunOptions {
  readonly dryRun?: boolean;
  readonly allowDestructive?: string[];
  readonly target?: string;
  readonly outOfOrder?: boolean;
}

interface Context {
  readonly engine: QueryEngine;
  readonly store: HistoryStore;
  readonly athena?: AthenaClient;
}

const CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_PROFILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
];

/** Credentials from the environment that the default provider chain would use. */
function hasAwsCredentials(): boolean {
  return CREDENTIAL_VARIABLES.some((name) => (process.env[name] ?? '') !== '');
}

function placeholderOverrides(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new MigrateUsageError(`--placeholder '${pair}': expected name=value`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

function requestTimeoutMs(options: GlobalOptions): number {
  if (options.timeout === undefined) return MIGRATE_DEFAULTS.requestTimeoutMs;
  const seconds = Number(options.timeout);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600)
    throw new MigrateUsageError(`--timeout '${options.timeout}': expected seconds between 0 and 3600, e.g. 30`);
  return Math.ceil(seconds * 1000);
}

/** Outputs of the synthesized pipeline stack: the given file (which must exist), else the default one when synthesized. */
function stackPlaceholders(options: GlobalOptions, env: string): StackPlaceholders | undefined {
  const file = options.stackOutputs ?? stackFile(env);
  const values = stackOutputPlaceholders(file);
  if (values === undefined && options.stackOutputs !== undefined)
    throw new MigrateUsageError(`--stack-outputs: ${file} does not exist; run 'npm run synth' first`);
  return values === undefined ? undefined : { file, values };
}

/** The engine to use: explicit, or the only one possible. Both are possible with --env and AWS credentials: then it must be said. */
function engineKind(options: GlobalOptions): 'athena' | 'local' {
  if (options.engine !== undefined) return options.engine;
  if (options.env !== undefined && hasAwsCredentials()) {
    const found = CREDENTIAL_VARIABLES.filter((name) => (process.env[name] ?? '') !== '').join(', ');
    throw new MigrateUsageError(
      `--engine: both engines are possible (--env ${options.env} with AWS credentials in the environment: ${found}); pass --engine athena to act on AWS or --engine local for the local lake`,
    );
  }
  return 'local';
}

/**
 * Opens the engine and history store, and prints the header line first: for
 * Athena the account comes from STS GetCallerIdentity, which also proves the
 * credentials before anything else is called.
 */
async function openContext(options: GlobalOptions, forced?: 'athena'): Promise<Context> {
  const env = findEnvironment(options.env ?? 'dev', environments());
  const target = resolveMigrationTarget(env, placeholderOverrides(options.placeholder), stackPlaceholders(options, env.name));
  const kind = forced ?? engineKind(options);
  const header = (engine: string, account: string): void => {
    process.stderr.write(
      `migrate: engine ${engine}, database ${target.database}, workgroup ${target.workgroup}, region ${env.region}, account ${account}\n`,
    );
  };
  if (kind === 'local') {
    // A file there would fail deep in the engine with a bare ENOTDIR naming a path under it.
    if (existsSync(options.dataDir) && !statSync(options.dataDir).isDirectory()) {
      throw new MigrateUsageError(
        `--data-dir '${options.dataDir}': is not a directory; expected the local lake's folder (created when missing)`,
      );
    }
    header(`local (DuckDB over ${options.dataDir})`, 'none (local lake)');
    try {
      // Not mkdir({ recursive }): it loops forever under /proc (see make-directory.ts).
      await makeDirectory(options.dataDir);
    } catch (error) {
      throw new MigrateUsageError(
        `--data-dir ${options.dataDir} cannot be used (${(error as Error).message}); expected a directory this user can create and write`,
        { cause: error },
      );
    }
    const engine = await LocalEngine.open({ dataDir: options.dataDir, target });
    return { engine, store: new LocalHistoryStore(options.dataDir, target.database) };
  }
  // Clients are created once, from the shared factory: every call has a timeout that raises and bounded attempts.
  const config = awsClientConfig({ region: env.region, requestTimeoutMs: requestTimeoutMs(options) });
  const identity = await new STSClient(config).send(new GetCallerIdentityCommand({}));
  header('athena', identity.Account ?? 'unknown');
  const athena = new AthenaClient(config);
  const glue = new GlueClient(config);
  const engine = new AthenaEngine({ athena, glue, s3: new S3Client(config), target });
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

async function withRunner(
  options: GlobalOptions,
  run: RunOptions,
  fn: (runner: MigrationRunner, context: Context) => Promise<number>,
): Promise<number> {
  const migrations = loadMigrations(options.migrationsDir);
  const context = await openContext(options);
  try {
    const runner = new MigrationRunner({
      engine: context.engine,
      store: context.store,
      migrations,
      allowDestructive: run.allowDestructive,
      target: run.target,
      outOfOrder: run.outOfOrder,
      log: options.json ? undefined : (line) => process.stderr.write(`${line}\n`),
    });
    return await fn(runner, context);
  } finally {
    await context.engine.close();
  }
}

export function buildProgram(setCode: (code: number) => void): Command {
  const program = new Command('migrate')
    .description('Versioned Athena DDL and saved queries for the analytics layer')
    .configureHelp({ showGlobalOptions: true })
    .option('--env <name>', 'environment from config/environments.ts (default: dev)')
    .addOption(
      new Option('--engine <engine>', 'athena or local; required when --env is given and AWS credentials are set (default: local)').choices(
        ['athena', 'local'],
      ),
    )
    .option('--data-dir <dir>', 'root of the local lake for the local engine', '.local')
    .option('--json', 'print JSON instead of text', false)
    .option('--placeholder <name=value...>', 'override a ${placeholder} value (e.g. from stack outputs)', [])
    .option(
      '--stack-outputs <file>',
      'synthesized stack whose outputs give placeholder values (default: cdktf.out/stacks/pipeline-<env>/cdk.tf.json when it exists)',
    )
    .option('--migrations-dir <dir>', 'migrations folder', MIGRATIONS_DIR)
    .option('--queries-dir <dir>', 'saved queries folder', QUERIES_DIR)
    .option('--timeout <seconds>', `time each AWS request may take before it fails (default: ${MIGRATE_DEFAULTS.requestTimeoutMs / 1000})`);
  const opts = (): GlobalOptions => program.opts<GlobalOptions>();
  const done = (code: number): void => setCode(code);

  /** The grammar check of `validate`, on the files apply would run, before the runner's own checks: a malformed statement never reaches the engine. */
  const syntaxGate = async (runner: MigrationRunner): Promise<void> => {
    const runnable = new Set(['pending', 'in-progress', 'outdated', 'out-of-order']);
    const scripts = new Set((await runner.status()).filter((r) => runnable.has(r.state)).map((r) => r.script));
    if (scripts.size === 0) return;
    const problems = validateSqlFiles(loadMigrations(opts().migrationsDir).filter((f) => scripts.has(f.script)));
    if (problems.length > 0) throw new ValidationFailedError(problems);
  };
  const planned = async (runner: MigrationRunner): Promise<number> => {
    await syntaxGate(runner);
    const plans = await runner.plan();
    print(opts(), plans, () =>
      plans.length === 0
        ? 'nothing to apply'
        : plans
            .map(
              (p) =>
                `-- ${p.script}${p.fromStatement > 0 ? ` (resuming at statement ${p.fromStatement + 1})` : ''}\n${p.statements.map((s) => `${s.sql};`).join('\n\n')}`,
            )
            .join('\n\n'),
    );
    return ExitCode.Ok;
  };
  const runOptions = (command: Command): Command =>
    command
      .option(
        '--allow-destructive <file...>',
        'let the destructive statements of these migration files (or of single statements: file:N, 1-based) run; recorded in the history',
        [],
      )
      .option('--target <version>', 'apply versioned migrations up to this version only (repeatables wait until none above it is pending)')
      .option('--out-of-order', 'apply a pending version below the highest applied one instead of refusing it', false);

  program
    .command('status')
    .alias('info')
    .description(
      "every migration and its state; --json prints Flyway's info columns (category, version, description, type, installedOn, state, undoable) and ours",
    )
    .action(async () =>
      done(
        await withRunner(opts(), {}, async (runner) => {
          const rows = await runner.status();
          print(opts(), flywayInfo(rows), () => statusTable(rows));
          return ExitCode.Ok;
        }),
      ),
    );
  runOptions(
    program.command('plan').description('the statements apply would run, after every check apply makes, without running any'),
  ).action(async (_o: unknown, command: Command) => done(await withRunner(opts(), command.opts<RunOptions>(), planned)));
  runOptions(program.command('apply').description('run the pending migrations'))
    .option('--dry-run', 'show what apply would run (like plan) without changing anything', false)
    .action(async (_o: unknown, command: Command) => {
      const run = command.opts<RunOptions>();
      done(
        await withRunner(opts(), run, async (runner) => {
          if (run.dryRun === true) return planned(runner);
          await syntaxGate(runner);
          const result = await runner.apply();
          print(opts(), result, () =>
            result.applied.length === 0
              ? 'schema is up to date'
              : result.applied.map((a) => `applied ${a.script} (${a.statements} statements)`).join('\n'),
          );
          return ExitCode.Ok;
        }),
      );
    });
  program
    .command('validate')
    .description(
      'parse every statement (Hive grammar for DDL, Trino for queries and views) and check applied migrations against the files; exit 3 on any problem',
    )
    .action(async () =>
      done(
        await withRunner(opts(), {}, async (runner) => {
          const syntax = validateSqlFiles(loadMigrations(opts().migrationsDir));
          const problems = [...syntax, ...(await runner.validate())];
          print(opts(), { valid: problems.length === 0, problems }, () =>
            problems.length === 0 ? 'valid' : problems.map((p) => `- ${p}`).join('\n'),
          );
          return problems.length === 0 ? ExitCode.Ok : ExitCode.Refused;
        }),
      ),
    );
  program
    .command('repair')
    .description('clear failed entries after the cause was fixed by hand')
    .option('--dry-run', 'only print what it would clear', false)
    .action(async (_o: unknown, command: Command) =>
      done(
        await withRunner(opts(), {}, async (runner) => {
          const actions = await runner.repair({ dryRun: command.opts<RunOptions>().dryRun });
          print(opts(), { actions }, () => actions.join('\n'));
          return ExitCode.Ok;
        }),
      ),
    );
  program
    .command('baseline')
    .description('adopt an existing catalog at a version: files at or below it count as applied; refused unless the history is empty')
    .requiredOption('--baseline-version <version>', 'the version the catalog is at, e.g. 3')
    .option('--baseline-description <text>', 'description of the baseline entry', '<< baseline >>')
    .action(async (_o: unknown, command: Command) =>
      done(
        await withRunner(opts(), {}, async (runner) => {
          const { baselineVersion, baselineDescription } = command.opts<{ baselineVersion: string; baselineDescription: string }>();
          const message = await runner.baseline(baselineVersion, baselineDescription);
          print(opts(), { message }, () => message);
          return ExitCode.Ok;
        }),
      ),
    );
  program
    .command('unlock')
    .description("release the migration lock of a run that is known to be dead; names the owner and the lock's age")
    .option('--force', 'release it even if it was renewed recently (its holder may still be running)', false)
    .action(async (_o: unknown, command: Command) =>
      done(
        await withRunner(opts(), {}, async (runner) => {
          const message = await runner.unlock({ force: command.opts<{ force: boolean }>().force });
          print(opts(), { message }, () => message);
          return ExitCode.Ok;
        }),
      ),
    );

  const queries = program.command('queries').description('saved queries (sql/queries)');
  queries
    .command('list')
    .description('the saved queries and what each answers')
    .action(() => {
      const all = listSavedQueries(opts().queriesDir);
      print(opts(), all, () => all.map((q) => `${q.name.padEnd(40)} ${q.description}`).join('\n'));
      done(ExitCode.Ok);
    });
  queries
    .command('run <name>')
    .description('run a saved query and print its rows')
    .action(async (name: string) => {
      const context = await openContext(opts());
      try {
        const rows = await runSavedQuery(context.engine, name, opts().queriesDir);
        print(opts(), rows, () => (rows.length === 0 ? '(no rows)' : rows.map((r) => JSON.stringify(r)).join('\n')));
        done(ExitCode.Ok);
      } finally {
        await context.engine.close();
      }
    });
  queries
    .command('sync')
    .description('create, update and delete the owned Athena named queries (always Athena)')
    .option('--dry-run', 'print what would change without changing it', false)
    .action(async (_o: unknown, command: Command) => {
      const dryRun = command.opts<RunOptions>().dryRun === true;
      const context = await openContext(opts(), 'athena');
      try {
        if (!context.athena) throw new MigrateError('queries sync needs the athena engine');
        const result = await syncNamedQueries({
          athena: context.athena,
          target: context.engine.target,
          queries: listSavedQueries(opts().queriesDir),
          dryRun,
        });
        print(opts(), result, () =>
          (['created', 'updated', 'deleted', 'unchanged'] as const)
            .map((k) => `${dryRun ? `would be ${k}` : k}: ${result[k].join(', ') || '-'}`)
            .join('\n'),
        );
        done(ExitCode.Ok);
      } finally {
        await context.engine.close();
      }
    });
  return applyCliConventions(program, projectVersion());
}

if (require.main === module) {
  silenceSdkNodeVersionWarning();
  void runCli('migrate', async () => {
    let code: number = ExitCode.Ok;
    await buildProgram((c) => {
      code = c;
    }).parseAsync(process.argv);
    return code;
  });
}
