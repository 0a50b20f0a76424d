import type { MigrationType } from './migration-files';

/** One statement's Athena (or local) execution, kept for audit and resume. */
export interface StatementExecution {
  readonly statement: number;
  readonly attempt: number;
  readonly executionId: string;
  readonly state: 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'ERROR';
}

/** A schema-history row, like Flyway's, plus per-statement progress. */
export interface HistoryEntry {
  readonly version: string | null;
  readonly description: string;
  /** `baseline`: the entry `baseline` writes; files at or below its version count as applied. */
  readonly type: MigrationType | 'baseline';
  readonly script: string;
  /** 1 for a versioned file; a repeatable's runs count up. With `script`, it names the entry's place in the store. */
  readonly run: number;
  readonly checksum: string;
  /** Checksums of the statements already run, to resume safely after a fix. */
  readonly statementChecksums: readonly string[];
  readonly installedBy: string;
  readonly installedOn: string;
  readonly executionMs: number;
  readonly success: boolean;
  readonly statementsTotal: number;
  /** Statements that succeeded, from the first; resume starts at this index. */
  readonly statementsDone: number;
  /** Bumped by `repair`: part of each ClientRequestToken, so a retry is a new execution. */
  readonly attempt: number;
  readonly executions: readonly StatementExecution[];
  /** Set while the entry is failed. `state` is the final state seen; absent when the outcome is unknown (polls ran out, a call failed). */
  readonly error?: {
    readonly statement: number;
    readonly line: number;
    readonly message: string;
    readonly executionId?: string;
    readonly state?: StatementExecution['state'];
  };
  /** Set by `repair`: what it did and when. */
  readonly repairedOn?: string;
  /** Each run that used `--allow-destructive` for this file: the destructive statements it allowed (1-based), who ran it and when. */
  readonly destructiveAllowed?: readonly { readonly statements: readonly number[]; readonly by: string; readonly on: string }[];
}

export interface SchemaHistory {
  readonly entries: readonly HistoryEntry[];
}

export const EMPTY_HISTORY: SchemaHistory = { entries: [] };

/** Executions kept per statement of an entry (the latest ones): a statement retried many times cannot grow its entry without bound. */
export const EXECUTIONS_KEPT_PER_STATEMENT = 3;
/** Uses of --allow-destructive kept per entry (the latest; a resumed file may add several). */
export const DESTRUCTIVE_USES_KEPT = 10;
/** Characters of an engine's error message kept in the history. */
export const ERROR_MESSAGE_MAX_CHARS = 2000;

/** `executions` plus `added`, keeping the latest EXECUTIONS_KEPT_PER_STATEMENT of each statement. */
export function withExecution(executions: readonly StatementExecution[], added: StatementExecution): StatementExecution[] {
  const all = [...executions, added];
  const same = all.filter((e) => e.statement === added.statement);
  if (same.length <= EXECUTIONS_KEPT_PER_STATEMENT) return all;
  const dropped = new Set(same.slice(0, same.length - EXECUTIONS_KEPT_PER_STATEMENT));
  return all.filter((e) => !dropped.has(e));
}

/** Runs of one repeatable migration kept in the history; older ones are dropped so the history stays bounded. */
export const REPEATABLE_RUNS_KEPT = 10;

/** The latest entry for a script (repeatables have one per run). */
export function latestEntry(history: SchemaHistory, script: string): HistoryEntry | undefined {
  for (let i = history.entries.length - 1; i >= 0; i -= 1) {
    if (history.entries[i].script === script) return history.entries[i];
  }
  return undefined;
}

/** The run number of a new entry for `script`: one past its latest run. */
export function nextRun(history: SchemaHistory, script: string): number {
  return history.entries.filter((e) => e.script === script).reduce((max, e) => Math.max(max, e.run), 0) + 1;
}

/** History with the latest entry of `script` replaced, or `entry` appended when `append`. */
export function withEntry(history: SchemaHistory, entry: HistoryEntry, append: boolean): SchemaHistory {
  if (append) {
    // A repeatable appends one entry per run; every versioned entry is kept, like Flyway's.
    const earlierRuns = history.entries.filter((e) => e.script === entry.script);
    const dropped = new Set(
      entry.type === 'repeatable' ? earlierRuns.slice(0, Math.max(0, earlierRuns.length - (REPEATABLE_RUNS_KEPT - 1))) : [],
    );
    return { entries: [...history.entries.filter((e) => !dropped.has(e)), entry] };
  }
  const entries = [...history.entries];
  for (let i = entries.length - 1; i >= 0; i -= 1) {
    if (entries[i].script === entry.script) {
      entries[i] = entry;
      return { entries };
    }
  }
  return { entries: [...entries, entry] };
}
