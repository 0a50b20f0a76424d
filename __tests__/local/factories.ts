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
 * The wall clock of every small run. Fixed, because the access-log generator follows
 * a daily traffic curve: at some hours no record was in flight during the fault
 * test's 5-second outage, so that test passed or failed with the time of day.
 */
export const SMALL_RUN_NOW_MS = Date.UTC(2026, 10, 24, 20, 10);

/**
 * A small run: a few hundred records per dataset over 150 simulated minutes (the
 * spike starts at 10% of the span, which leaves the anomaly band its warm-up),
 * no queries, no report, in a fresh temporary data directory, at a fixed wall clock.
 */
export function smallRunOptions(overrides: Partial<LocalRunOptions> = {}): LocalRunOptions {
  const dataDir = mkdtempSync(join(tmpdir(), 'local-run-'));
  created.push(dataDir);
  return {
    dataDir,
    seed: 7,
    count: 600,
    readingsPerTurbine: 150,
    simulatedMinutes: 150,
    accessLogScenarios: [],
    turbineScenarios: [],
    queries: false,
    report: false,
    now: () => SMALL_RUN_NOW_MS,
    ...overrides,
  };
}

/**
 * Whether an alert starts inside a scenario window: its first breaching period
 * begins no earlier than the period holding the window's start, and before the
 * window ends.
 */
export function startsInside(
  alert: Pick<Alert, 'from' | 'to'>,
  window: Pick<ScenarioWindow, 'from' | 'to'>,
  periodSeconds: number,
): boolean {
  const periodMs = periodSeconds * 1000;
  const from = Date.parse(alert.from);
  return from >= Math.floor(Date.parse(window.from) / periodMs) * periodMs && from < Date.parse(window.to) && Date.parse(alert.to) > from;
}
