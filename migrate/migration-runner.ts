import { randomUUID } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { checkStatement } from './destructive-check';
import { classifyStatement } from './guard-parser';
import {
  BaselineRefusedError,
  FailedMigrationError,
  HistoryConflictError,
  LockRefusedError,
  MigrateError,
  MigrateUsageError,
  SqlFileError,
  StatementFailedError,
  ValidationFailedError,
} from './errors';
import {
  DESTRUCTIVE_USES_KEPT,
  ERROR_MESSAGE_MAX_CHARS,
  latestEntry,
  nextRun,
  withEntry,
  withExecution,
  type HistoryEntry,
  type SchemaHistory,
  type StatementExecution,
} from './history';
import type { HistoryStore, HistoryVersion, LockGrant } from './history-store';
import { MIGRATE_DEFAULTS } from './migrate-defaults';
import { compareVersions, sha256, type MigrationFile } from './migration-files';
import { resolvePlaceholders } from './placeholders';
import type { QueryEngine } from './query-engine';
import { MAX_QUERY_BYTES } from './statement-splitter';

/** A dotted numeric version as migration file names carry it: `3`, `2.1`. */
const VERSION = /^\d+(\.\d+)*$/;

export type MigrationState =
  | 'applied'
  | 'pending'
  | 'failed'
  | 'in-progress'
  | 'checksum-mismatch'
  | 'missing'
  | 'out-of-order'
  | 'outdated'
  | 'baseline'
  | 'below-baseline'
  | 'above-target';

export interface StatusRow {
  readonly script: string;
  readonly version: string | null;
  readonly description: string;
  readonly state: MigrationState;
  readonly installedOn?: string;
  readonly statementsDone?: number;
  readonly statementsTotal: number;
  readonly detail?: string;
}

export interface PlannedMigration {
  readonly script: string;
  /** First statement to run (non-zero when resuming). */
  readonly fromStatement: number;
  readonly statements: readonly { readonly index: number; readonly line: number; readonly column: number; readonly sql: string }[];
}

export interface ApplyResult {
  readonly applied: readonly { readonly script: string; readonly statements: number; readonly executionIds: readonly string[] }[];
  readonly lock: LockGrant;
}

export interface MigrationRunnerProps {
  readonly engine: QueryEngine;
  readonly store: HistoryStore;
  readonly migrations: readonly MigrationFile[];
  /**
   * Files (`V5__drop_old.sql`) or single statements (`V5__drop_old.sql:2`, 1-based)
   * whose destructive statements may run; the history records each use and who made it.
   * @default none
   */
  readonly allowDestructive?: readonly string[];
  /** Lock lifetime; renewed between statements and while one runs. @default MIGRATE_DEFAULTS.lockTtlMs (60 minutes) */
  readonly lockTtlMs?: number;
  /** Who runs it, recorded in the history and the lock. @default user@host:pid:random */
  readonly owner?: string;
  /** @default () => new Date() */
  readonly now?: () => Date;
  /** Versioned migrations above this version are left pending (Flyway's `target`). @default all */
  readonly target?: string;
  /** Apply a pending version below the highest applied one instead of refusing it (Flyway's `outOfOrder`). @default false */
  readonly outOfOrder?: boolean;
  /** Progress lines (takeovers, each statement). @default discard */
  readonly log?: (line: string) => void;
}

interface WorkItem {
  readonly file: MigrationFile;
  readonly entry: HistoryEntry | undefined;
  readonly fromStatement: number;
  /** A repeatable re-run appends a new history entry; a resume updates the latest. */
  readonly append: boolean;
  /**
   * Attempt number of the run. A repeatable's new run continues from its previous
   * run's attempt, so a revert (A -> B -> A) never derives the tokens of an earlier run.
   */
  readonly attempt: number;
}

/**
 * Applies `sql/migrations` with a Flyway-like schema history kept in the catalog,
 * a lock with expiry, per-statement progress and deterministic request tokens,
 * so that a failure or crash mid-file resumes at the statement that did not
 * finish and never submits a finished one again.
 */
export class MigrationRunner {
  private readonly owner: string;
  private readonly now: () => Date;
  private readonly log: (line: string) => void;

  constructor(private readonly props: MigrationRunnerProps) {
    // compareVersions reads parts with BigInt, which takes '0x10' as 16 and '' (from '1..2') as 0, and throws a bare SyntaxError on 'abc'.
    if (props.target !== undefined && !VERSION.test(props.target))
      throw new MigrateUsageError(`--target '${props.target}': expected a version like 3 or 2.1`);
    this.owner = props.owner ?? `${userInfo().username}@${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.now = props.now ?? (() => new Date());
    this.log = props.log ?? (() => undefined);
  }

  /** Every migration file and history entry with its state; one history read. */
  async status(): Promise<StatusRow[]> {
    const { history } = await this.props.store.read();
    return this.statusOf(history);
  }

  /** Problems that make `apply` refuse to run: edited, missing and out-of-order migrations. */
  async validate(): Promise<string[]> {
    const { history } = await this.props.store.read();
    return this.problemsOf(history);
  }

  /**
   * The statements `apply` would run, placeholders resolved; runs nothing. It makes
   * every check `apply` makes (validation, failed entries, ordering, the
   * destructive guard) and refuses with the same error, so a dry run that passes
   * means the real run passes them too. Only the lock is not taken.
   */
  async plan(): Promise<PlannedMigration[]> {
    const { history } = await this.props.store.read();
    return (await this.prepare(history)).plans;
  }

  /** The checks that gate a run, and the work that passed them. */
  private async prepare(
    history: SchemaHistory,
  ): Promise<{ work: WorkItem[]; plans: PlannedMigration[]; destructive: Map<string, number[]> }> {
    const problems = this.problemsOf(history);
    if (problems.length > 0) throw new ValidationFailedError(problems);
    const failed = this.statusOf(history).filter((r) => r.state === 'failed');
    if (failed.length > 0) {
      throw new FailedMigrationError(
        `${failed.map((r) => `${r.script}: ${r.detail ?? 'failed'}`).join('; ')}. Fix the cause (or the failed statement), then run 'repair' and 'apply' again`,
      );
    }
    const work = this.workOf(history);
    const plans = work.map((item) => this.planOf(item));
    const destructive = await this.checkDestructive(plans);
    return { work, plans, destructive };
  }

  async apply(): Promise<ApplyResult> {
    const ttl = this.props.lockTtlMs ?? MIGRATE_DEFAULTS.lockTtlMs;
    const lock = await this.props.store.acquireLock(this.owner, ttl, this.now());
    if (lock.tookOverFrom)
      this.log(`took over the migration lock of ${lock.tookOverFrom.owner}, which expired at ${lock.tookOverFrom.expiredAt}`);
    let lockRenewedAt = this.now().getTime();
    const renewLock = async (): Promise<void> => {
      if (this.now().getTime() - lockRenewedAt < ttl / 2) return;
      await this.props.store.acquireLock(this.owner, ttl, this.now());
      lockRenewedAt = this.now().getTime();
    };
    try {
      let { history, version } = await this.props.store.read();
      const { work, plans, destructive } = await this.prepare(history);
      const applied: { script: string; statements: number; executionIds: string[] }[] = [];
      for (const [i, item] of work.entries()) {
        const result = await this.run(item, plans[i], history, version, renewLock, destructive.get(item.file.script));
        history = result.history;
        version = result.version;
        applied.push({ script: item.file.script, statements: plans[i].statements.length, executionIds: result.executionIds });
      }
      return { applied, lock };
    } finally {
      await this.props.store.releaseLock(this.owner);
    }
  }

  /**
   * Clears failed entries so the next `apply` resumes them with a new attempt number; returns what it did.
   * With `dryRun` it only reads: no lock, no write, and each action says what it would do.
   */
  async repair(options: { readonly dryRun?: boolean } = {}): Promise<string[]> {
    if (options.dryRun === true) {
      const { history } = await this.props.store.read();
      return this.repairOf(history, true).actions;
    }
    const lock = await this.props.store.acquireLock(this.owner, this.props.lockTtlMs ?? MIGRATE_DEFAULTS.lockTtlMs, this.now());
    const actions: string[] = [];
    if (lock.tookOverFrom)
      actions.push(`took over the migration lock of ${lock.tookOverFrom.owner}, which expired at ${lock.tookOverFrom.expiredAt}`);
    try {
      const { history: read, version } = await this.props.store.read();
      const { history, actions: repaired } = this.repairOf(read, false);
      actions.push(...repaired);
      if (repaired.length > 0) await this.props.store.write(history, version);
      if (actions.length === 0) actions.push('nothing to repair: no failed migration in the history');
      return actions;
    } finally {
      await this.props.store.releaseLock(this.owner);
    }
  }

  /** The history with every failed entry cleared, and one line per entry saying what changed. */
  private repairOf(start: SchemaHistory, dryRun: boolean): { history: SchemaHistory; actions: string[] } {
    let history = start;
    const actions: string[] = [];
    const scripts = [...new Set(history.entries.map((e) => e.script))];
    for (const script of scripts) {
      const entry = latestEntry(history, script);
      if (!entry?.error) continue;
      // A statement seen in a final state needs a new token, or Athena would return that execution again. One whose
      // outcome was never seen (polls ran out, the connection failed) keeps its token: if it ran, Athena returns it.
      const finished = entry.error.state !== undefined;
      const repaired: HistoryEntry = {
        ...entry,
        error: undefined,
        attempt: finished ? entry.attempt + 1 : entry.attempt,
        repairedOn: this.now().toISOString(),
      };
      history = withEntry(history, repaired, false);
      const attempt = finished
        ? `with attempt ${repaired.attempt}`
        : `with attempt ${repaired.attempt} unchanged, because the statement's final state was never seen: if it ran, its execution is returned instead of a new one`;
      actions.push(
        `${script}: ${dryRun ? 'would clear' : 'cleared'} the failure at statement ${entry.error.statement + 1} (${entry.error.message.split('\n')[0]}); the next apply ${dryRun ? 'would resume' : 'resumes'} at statement ${entry.statementsDone + 1} of ${entry.statementsTotal} ${attempt}`,
      );
    }
    return { history, actions };
  }

  /**
   * Adopts an existing catalog at `version` (Flyway's `baseline`): writes a
   * baseline entry, so that the files at or below it count as applied and are
   * never run. Refused unless the history is empty.
   */
  async baseline(version: string, description = '<< baseline >>'): Promise<string> {
    if (!VERSION.test(version)) throw new MigrateUsageError(`--baseline-version '${version}': expected a version like 3 or 2.1`);
    const lock = await this.props.store.acquireLock(this.owner, this.props.lockTtlMs ?? MIGRATE_DEFAULTS.lockTtlMs, this.now());
    try {
      const { history, version: stored } = await this.props.store.read();
      if (history.entries.length > 0) {
        throw new BaselineRefusedError(
          `baseline: the schema history already has ${history.entries.length} entries (the latest is ${history.entries[history.entries.length - 1].script}); baseline only adopts a catalog with no history`,
        );
      }
      const entry: HistoryEntry = {
        version,
        description,
        type: 'baseline',
        script: `<< baseline ${version} >>`,
        run: 1,
        checksum: '',
        statementChecksums: [],
        installedBy: this.owner,
        installedOn: this.now().toISOString(),
        executionMs: 0,
        success: true,
        statementsTotal: 0,
        statementsDone: 0,
        attempt: 1,
        executions: [],
      };
      await this.props.store.write(withEntry(history, entry, true), stored);
      const below = this.props.migrations
        .filter((f) => f.version !== null && compareVersions(f.version, version) <= 0)
        .map((f) => f.script);
      return `baselined at version ${version}${lock.tookOverFrom ? ` (took over the expired lock of ${lock.tookOverFrom.owner})` : ''}; treated as applied: ${below.join(', ') || '(no file at or below it)'}`;
    } finally {
      await this.props.store.releaseLock(this.owner);
    }
  }

  /**
   * Releases a lock whose holder is dead. Names the owner and the lock's age. A
   * lock renewed less than half its lifetime ago may belong to a live run (a run
   * renews it at least that often), so it is refused unless `force` or the owner
   * is a process of this host that no longer exists.
   */
  async unlock(options: { readonly force?: boolean } = {}): Promise<string> {
    const lock = await this.props.store.readLock();
    if (!lock || lock.state === 'released') return 'no lock is held';
    const now = this.now().getTime();
    const renewed = lock.renewedAt === undefined ? undefined : Date.parse(lock.renewedAt);
    const age = renewed === undefined ? 'of unknown age' : `renewed ${formatAge(now - renewed)} ago`;
    const expired = Date.parse(lock.expiresAt) <= now;
    const ttl = lock.ttlMs ?? MIGRATE_DEFAULTS.lockTtlMs;
    const overdue = renewed !== undefined && now - renewed > ttl / 2;
    const dead = deadLocalProcess(lock.owner);
    if (!expired && !overdue && !dead && options.force !== true) {
      throw new LockRefusedError(
        `unlock: the lock of ${lock.owner} was ${age} and expires at ${lock.expiresAt}; a live run renews it every ${formatAge(ttl / 2)}, so it may still be running. If that run is dead, run 'unlock --force'`,
      );
    }
    await this.props.store.releaseLock(lock.owner);
    const why = expired
      ? 'it had expired'
      : dead
        ? 'its process no longer exists on this host'
        : overdue
          ? 'it was overdue for renewal'
          : 'forced';
    return `released the lock of ${lock.owner}, ${age} (${why})`;
  }

  private statusOf(history: SchemaHistory): StatusRow[] {
    const rows: StatusRow[] = [];
    const files = new Map(this.props.migrations.map((f) => [f.script, f]));
    const highest = this.highestApplied(history);
    const baseline = history.entries.find((e) => e.type === 'baseline');
    const target = this.props.target;
    if (baseline)
      rows.push({
        script: baseline.script,
        version: baseline.version,
        description: baseline.description,
        state: 'baseline',
        installedOn: baseline.installedOn,
        statementsTotal: 0,
      });
    for (const file of this.props.migrations) {
      const entry = latestEntry(history, file.script);
      const base = { script: file.script, version: file.version, description: file.description, statementsTotal: file.statements.length };
      if (!entry) {
        if (file.version !== null && baseline?.version != null && compareVersions(file.version, baseline.version) <= 0) {
          rows.push({ ...base, state: 'below-baseline', detail: `at or below the baseline ${baseline.version}: treated as applied` });
        } else if (file.version !== null && target !== undefined && compareVersions(file.version, target) > 0) {
          rows.push({ ...base, state: 'above-target', detail: `above --target ${target}` });
        } else {
          const outOfOrder = file.version !== null && highest !== null && compareVersions(file.version, highest) < 0;
          rows.push({
            ...base,
            state: outOfOrder ? 'out-of-order' : 'pending',
            detail: outOfOrder ? `version ${file.version} is below the applied ${highest}` : undefined,
          });
        }
      } else if (entry.error) {
        rows.push({
          ...base,
          state: 'failed',
          statementsDone: entry.statementsDone,
          detail: `failed at statement ${entry.error.statement + 1} (line ${entry.error.line}): ${entry.error.message}`,
        });
      } else if (!entry.success) {
        rows.push({
          ...base,
          state: 'in-progress',
          statementsDone: entry.statementsDone,
          detail: `resumes at statement ${entry.statementsDone + 1}`,
        });
      } else if (entry.checksum !== file.checksum && entry.checksum !== file.legacyChecksum) {
        rows.push({
          ...base,
          state: file.type === 'repeatable' ? 'outdated' : 'checksum-mismatch',
          installedOn: entry.installedOn,
          statementsDone: entry.statementsDone,
        });
      } else {
        rows.push({ ...base, state: 'applied', installedOn: entry.installedOn, statementsDone: entry.statementsDone });
      }
    }
    for (const script of new Set(history.entries.map((e) => e.script))) {
      const entry = latestEntry(history, script);
      if (files.has(script) || !entry || entry.type === 'baseline') continue;
      rows.push({
        script,
        version: entry.version,
        description: entry.description,
        state: 'missing',
        installedOn: entry.installedOn,
        statementsTotal: entry.statementsTotal,
        detail: 'in the history but no longer in sql/migrations',
      });
    }
    return rows;
  }

  private problemsOf(history: SchemaHistory): string[] {
    const problems: string[] = [];
    const files = new Map(this.props.migrations.map((f) => [f.script, f]));
    for (const row of this.statusOf(history)) {
      const entry = latestEntry(history, row.script);
      const file = files.get(row.script);
      if (row.state === 'checksum-mismatch' && entry && file) {
        problems.push(
          `${row.script}: edited after it was applied (checksum ${entry.checksum.slice(0, 12)} in the history, ${file.checksum.slice(0, 12)} on disk); add a new migration instead of editing an applied one`,
        );
      } else if (row.state === 'missing' && row.version !== null) {
        problems.push(`${row.script}: applied on ${row.installedOn ?? '?'} but the file is missing from sql/migrations; restore it`);
      } else if (row.state === 'out-of-order' && this.props.outOfOrder !== true) {
        problems.push(
          `${row.script}: ${row.detail ?? 'out of order'}; versions must be added above the highest applied one (or pass --out-of-order to apply it anyway)`,
        );
      } else if ((row.state === 'failed' || row.state === 'in-progress') && entry && file) {
        const changed = entry.statementChecksums.slice(0, entry.statementsDone).findIndex((c, i) => file.statementChecksums[i] !== c);
        if (changed !== -1)
          problems.push(
            `${row.script}: statement ${changed + 1} already ran but was edited since; only the failed statement and those after it may change`,
          );
      }
    }
    return problems;
  }

  private highestApplied(history: SchemaHistory): string | null {
    let highest: string | null = null;
    for (const entry of history.entries) {
      if (entry.version !== null && (highest === null || compareVersions(entry.version, highest) > 0)) highest = entry.version;
    }
    return highest;
  }

  private workOf(history: SchemaHistory): WorkItem[] {
    const states = new Map(this.statusOf(history).map((r) => [r.script, r.state]));
    // With --target, repeatables wait until no versioned file above the target is pending: they may read what those create.
    const heldBack = this.props.migrations.some((f) => states.get(f.script) === 'above-target');
    const items: WorkItem[] = [];
    for (const file of this.props.migrations) {
      const state = states.get(file.script);
      if (state === 'below-baseline' || state === 'above-target' || (file.type === 'repeatable' && heldBack)) continue;
      const entry = latestEntry(history, file.script);
      if (!entry) {
        items.push({ file, entry, fromStatement: 0, append: true, attempt: 1 });
      } else if (!entry.success && !entry.error) {
        items.push({ file, entry, fromStatement: entry.statementsDone, append: false, attempt: entry.attempt });
      } else if (
        entry.success &&
        file.type === 'repeatable' &&
        entry.checksum !== file.checksum &&
        entry.checksum !== file.legacyChecksum
      ) {
        items.push({ file, entry: undefined, fromStatement: 0, append: true, attempt: entry.attempt + 1 });
      }
    }
    return items;
  }

  private planOf(item: WorkItem): PlannedMigration {
    const { file } = item;
    const statements = file.statements.map((s, index) => ({
      index,
      line: s.line,
      column: s.column,
      sql: resolvePlaceholders(s.sql, this.props.engine.target.placeholders, file.script, s.line),
    }));
    // The splitter checked the size before placeholders were resolved; their values can push a statement over.
    for (const statement of statements) {
      const bytes = Buffer.byteLength(statement.sql, 'utf8');
      if (bytes > MAX_QUERY_BYTES) {
        throw new SqlFileError(
          `${file.script}: statement ${statement.index + 1} (line ${statement.line}) is ${bytes} bytes with placeholders resolved; Athena accepts at most ${MAX_QUERY_BYTES}`,
          file.script,
        );
      }
    }
    return { script: file.script, fromStatement: item.fromStatement, statements: statements.slice(item.fromStatement) };
  }

  /**
   * Refuses destructive statements not named by `allowDestructive`; returns, per
   * script, the destructive statements that were allowed (recorded in the history).
   */
  private async checkDestructive(plans: readonly PlannedMigration[]): Promise<Map<string, number[]>> {
    const permissions = this.props.allowDestructive ?? [];
    for (const permission of permissions) {
      const [script, statement] = splitPermission(permission);
      const plan = plans.find((p) => p.script === script);
      if (!plan)
        throw new MigrateError(
          `--allow-destructive ${permission}: names no pending migration; expected one of: ${plans.map((p) => p.script).join(', ') || '(none pending)'}`,
        );
      if (statement !== undefined && !plan.statements.some((s) => s.index + 1 === statement)) {
        throw new MigrateError(`--allow-destructive ${permission}: ${script} has no pending statement ${statement}`);
      }
    }
    const used = new Map<string, number[]>();
    for (const plan of plans) {
      for (const statement of plan.statements) {
        const guard = classifyStatement(statement.sql);
        const where = `${plan.script} statement ${statement.index + 1} (line ${statement.line})`;
        const table = guard.destructive === 'if-data' ? guard.table : undefined;
        const facts =
          table === undefined
            ? undefined
            : await this.props.engine.tableFacts({ database: table.database ?? this.props.engine.target.database, table: table.table });
        const allowed = permissions.includes(plan.script) || permissions.includes(`${plan.script}:${statement.index + 1}`);
        const hint = `pass --allow-destructive ${plan.script} (the file) or ${plan.script}:${statement.index + 1} (this statement) if this is intended`;
        if (checkStatement(guard, facts, allowed, where, hint)) used.set(plan.script, [...(used.get(plan.script) ?? []), statement.index]);
      }
    }
    return used;
  }

  private async run(
    item: WorkItem,
    plan: PlannedMigration,
    startHistory: SchemaHistory,
    startVersion: HistoryVersion,
    renewLock: () => Promise<void>,
    destructiveAllowed: readonly number[] | undefined,
  ): Promise<{ history: SchemaHistory; version: HistoryVersion; executionIds: string[] }> {
    const { file } = item;
    const started = this.now().getTime();
    let history = startHistory;
    let version = startVersion;
    let entry: HistoryEntry = {
      version: file.version,
      description: file.description,
      type: file.type,
      script: file.script,
      run: item.entry?.run ?? nextRun(history, file.script),
      checksum: file.checksum,
      statementChecksums: file.statementChecksums,
      installedBy: this.owner,
      installedOn: this.now().toISOString(),
      executionMs: item.entry?.executionMs ?? 0,
      success: false,
      statementsTotal: file.statements.length,
      statementsDone: item.fromStatement,
      attempt: item.attempt,
      executions: item.entry?.executions ?? [],
      repairedOn: item.entry?.repairedOn,
      destructiveAllowed:
        destructiveAllowed === undefined
          ? item.entry?.destructiveAllowed
          : [
              ...(item.entry?.destructiveAllowed ?? []),
              { statements: destructiveAllowed.map((n) => n + 1), by: this.owner, on: this.now().toISOString() },
            ].slice(-DESTRUCTIVE_USES_KEPT),
    };
    let append = item.append;
    const save = async (): Promise<void> => {
      history = withEntry(history, entry, append);
      append = false;
      try {
        version = await this.props.store.write(history, version);
      } catch (error) {
        if (error instanceof HistoryConflictError) {
          throw new HistoryConflictError(
            `${file.script}: the schema history was changed by another run while this one held the lock (was it taken over after expiry?); stopping`,
            { cause: error },
          );
        }
        throw error;
      }
    };
    if (item.fromStatement > 0)
      this.log(`${file.script}: resuming at statement ${item.fromStatement + 1} of ${file.statements.length} (attempt ${entry.attempt})`);
    await save();
    const executionIds: string[] = [];
    for (const statement of plan.statements) {
      await renewLock();
      const token = statementToken(this.props.engine.target.database, file, statement.index, entry.attempt);
      this.log(`${file.script}: statement ${statement.index + 1}/${file.statements.length} (line ${statement.line})`);
      let execution: StatementExecution;
      try {
        const outcome = await this.props.engine.execute({ sql: statement.sql, clientRequestToken: token, onWait: renewLock });
        execution = { statement: statement.index, attempt: entry.attempt, executionId: outcome.executionId, state: 'SUCCEEDED' };
      } catch (error) {
        const failure = error instanceof StatementFailedError ? error.details : undefined;
        const message = (error as Error).message;
        entry = {
          ...entry,
          executionMs: entry.executionMs + (this.now().getTime() - started),
          executions: failure?.executionId
            ? withExecution(entry.executions, {
                statement: statement.index,
                attempt: entry.attempt,
                executionId: failure.executionId,
                state: failure.state,
              })
            : entry.executions,
          error: {
            statement: statement.index,
            line: statement.line,
            message: message.slice(0, ERROR_MESSAGE_MAX_CHARS),
            executionId: failure?.executionId,
            state: failure?.state,
          },
        };
        await save();
        const at = positionInFile(message, statement);
        throw new MigrateError(
          `${file.script}:${at.line}:${at.column}: statement ${statement.index + 1} of ${file.statements.length} failed: ${message}`,
          { cause: error },
        );
      }
      executionIds.push(execution.executionId);
      entry = { ...entry, statementsDone: statement.index + 1, executions: withExecution(entry.executions, execution) };
      await save();
    }
    entry = {
      ...entry,
      success: true,
      installedOn: this.now().toISOString(),
      executionMs: entry.executionMs + (this.now().getTime() - started),
    };
    await save();
    return { history, version, executionIds };
  }
}

/**
 * The ClientRequestToken of one statement. A versioned file's tokens depend on the
 * statement and the attempt. A repeatable's also depend on the file's checksum,
 * and its attempt grows with every run, so every statement of a changed
 * repeatable is a new execution, even one whose text did not change.
 */
export function statementToken(database: string, file: MigrationFile, index: number, attempt: number): string {
  const parts: (string | number)[] = [database, file.script, index, attempt, file.statementChecksums[index]];
  if (file.type === 'repeatable') parts.push(file.checksum);
  return sha256(parts.join('|'));
}

/** `V5__x.sql` -> [`V5__x.sql`, undefined]; `V5__x.sql:2` -> [`V5__x.sql`, 2]. */
function splitPermission(permission: string): [string, number | undefined] {
  const match = /^(.+):(\d+)$/.exec(permission);
  return match ? [match[1], Number(match[2])] : [permission, undefined];
}

/** `95 s`, `12 min`, `3 h`. */
function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 3600)} h`;
}

/** True when `owner` (`user@host:pid:nonce`) names a process of this host that no longer runs. */
function deadLocalProcess(owner: string): boolean {
  const match = /^[^@]*@(.+):(\d+):[^:]*$/.exec(owner);
  if (!match || match[1] !== hostname()) return false;
  try {
    process.kill(Number(match[2]), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Where in the file an engine's error points: Athena reports `line L:C` counted
 * from the statement's start; this maps it to the file (exact unless a comment
 * spanning lines, or a placeholder on that line, sits before the position). With
 * no position in the message, the statement's first token.
 */
export function positionInFile(
  message: string,
  statement: { readonly line: number; readonly column: number },
): { line: number; column: number } {
  const match = /\bline (\d+):(\d+)/.exec(message);
  if (!match) return { line: statement.line, column: statement.column };
  const line = Number(match[1]);
  const column = Number(match[2]);
  return { line: statement.line + line - 1, column: line === 1 ? statement.column + column - 1 : column };
}
