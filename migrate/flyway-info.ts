import type { MigrationState, StatusRow } from './migration-runner';

/**
 * One row of `status --json` (alias `info --json`), with Flyway's `info` columns
 * first (category, version, description, type, installedOn, state, undoable) so
 * that scripts written for Flyway read it, then the runner's own.
 */
export interface FlywayInfoRow {
  readonly category: 'Versioned' | 'Repeatable' | 'Baseline';
  readonly version: string | null;
  readonly description: string;
  /** Always SQL: there are no Java migrations here. */
  readonly type: 'SQL' | 'BASELINE';
  readonly installedOn: string | null;
  readonly state: string;
  /** Always No: there are no undo migrations (see docs/migrations.md). */
  readonly undoable: 'No';
  readonly script: string;
  readonly statementsDone: number;
  readonly statementsTotal: number;
  readonly detail: string | null;
}

/** Flyway's state names where Flyway has the state; the runner's own (In Progress, Checksum Mismatch) otherwise. */
const STATES: Readonly<Record<MigrationState, string>> = {
  applied: 'Success',
  pending: 'Pending',
  failed: 'Failed',
  'in-progress': 'In Progress',
  'checksum-mismatch': 'Checksum Mismatch',
  missing: 'Missing',
  'out-of-order': 'Ignored',
  outdated: 'Outdated',
  baseline: 'Baseline',
  'below-baseline': 'Below Baseline',
  'above-target': 'Above Target',
};

export function flywayInfo(rows: readonly StatusRow[]): FlywayInfoRow[] {
  return rows.map((r) => ({
    category: r.state === 'baseline' ? 'Baseline' : r.version === null ? 'Repeatable' : 'Versioned',
    version: r.version,
    description: r.description,
    type: r.state === 'baseline' ? 'BASELINE' : 'SQL',
    installedOn: r.installedOn ?? null,
    state: STATES[r.state],
    undoable: 'No',
    script: r.script,
    statementsDone: r.statementsDone ?? 0,
    statementsTotal: r.statementsTotal,
    detail: r.detail ?? null,
  }));
}
