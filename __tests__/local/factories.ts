import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert } from '../../local/alarm-evaluator';
import type { LocalRunOptions } from '../../local/run-options';
import type { ScenarioWindow } from '../../producers/scenarios';

const created: string[] = [];

/** Removes the data directories `smallRunOptions` created (call in afterAll). */
export function removeRunDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * A small run: a few hundred records per dataset over 150 simulated minutes (the
 * spike starts at 10% of the span, which leaves the anomaly band its warm-up),
 * no queries, no report, in a fresh temporary data directory.
 */
export function smallRunOptions(overrides: Partial<LocalRunOptions> = {}): LocalRunOptions {
  const dataDir = mkdtempSync(join(tmpdir(), 'local-run-'));
  created.push(dataDir);
  return {
    dataDir,
    seed: 7,
    count: 600,
    turbineCount: 150,
    simulatedMinutes: 150,
    accessLogScenarios: [],
    turbineScenarios: [],
    queries: false,
    report: false,
    ...overrides,
  };
}

/** Whether an alert's window overlaps a scenario's window. */
export function overlaps(alert: Pick<Alert, 'from' | 'to'>, window: Pick<ScenarioWindow, 'from' | 'to'>): boolean {
  return Date.parse(alert.from) < Date.parse(window.to) && Date.parse(alert.to) > Date.parse(window.from);
}
