import type { DatasetDeclaration } from '../datasets/dataset';
import { accessLogs } from '../datasets/access-logs';
import { turbineTelemetry } from '../datasets/turbine-telemetry';
import type { AccessLogScenario, ScenarioWindow, TurbineScenario } from '../producers';
import type { Alert, RuleEvaluation } from './alarm-evaluator';
import { LocalRunError } from './errors';

/** An alarm rule of a dataset declaration. */
export interface RuleRef {
  readonly dataset: DatasetDeclaration;
  readonly ruleId: string;
}

/**
 * The alarms each scenario is built to trip (the producers size the scenarios
 * against these rules: `SCENARIO_SHAPE`). A silence rule is expected for the
 * scenario's turbine only.
 */
export const SCENARIO_ALARMS: Readonly<Record<AccessLogScenario | TurbineScenario, readonly RuleRef[]>> = {
  outage: [{ dataset: accessLogs, ruleId: 'critical-errors' }],
  spike: [{ dataset: accessLogs, ruleId: 'usage-spike' }],
  fault: [
    { dataset: turbineTelemetry, ruleId: 'critical-errors' },
    { dataset: turbineTelemetry, ruleId: 'out-of-range' },
  ],
  silent: [{ dataset: turbineTelemetry, ruleId: 'silent-turbine' }],
};

/** An alert with the scenario that explains it, if any. */
export interface AttributedAlert {
  readonly alert: Alert;
  readonly scenario?: ScenarioWindow;
}

/** A scenario window whose alarm did not fire. */
export interface MissedAlarm {
  readonly scenario: ScenarioWindow;
  readonly dataset: string;
  readonly ruleId: string;
}

export interface AlertAttribution {
  readonly alerts: readonly AttributedAlert[];
  /** Alerts no scenario explains: false alarms. */
  readonly unexplained: readonly Alert[];
  /** Scenarios whose alarm did not fire. */
  readonly missed: readonly MissedAlarm[];
}

/** Whether a scenario is built to trip this evaluated alarm (its rule; for a silence rule, its turbine too). */
export function scenarioConcerns(window: ScenarioWindow, evaluation: Pick<RuleEvaluation, 'dataset' | 'rule' | 'source'>): boolean {
  const refs = SCENARIO_ALARMS[window.scenario];
  const match = refs.some((r) => r.dataset.name === evaluation.dataset && r.ruleId === evaluation.rule.id);
  return match && (evaluation.source === undefined || evaluation.source === window.turbineId);
}

/**
 * Whether the alert was caused by the scenario: its first breaching period starts
 * inside the window (the window's start rounded down to the period, since a
 * period containing the scenario's start already sees it), and it ends at most
 * `evaluationPeriods` periods after the window (the M-of-N window drains).
 */
function inside(alert: Alert, window: ScenarioWindow, evaluation: RuleEvaluation): boolean {
  const periodMs = evaluation.periodSeconds * 1000;
  const from = Math.floor(Date.parse(window.from) / periodMs) * periodMs;
  const to = Date.parse(window.to);
  const latestEnd = Math.ceil(to / periodMs) * periodMs + evaluation.rule.evaluationPeriods * periodMs;
  const alertFrom = Date.parse(alert.from);
  return alertFrom >= from && alertFrom < to && Date.parse(alert.to) <= latestEnd;
}

/** Fails fast when a rule of `SCENARIO_ALARMS` is not declared (a renamed rule would make every run pass blind). */
function assertDeclared(): void {
  for (const [scenario, refs] of Object.entries(SCENARIO_ALARMS)) {
    for (const r of refs) {
      if (!r.dataset.alarms.some((a) => a.id === r.ruleId)) {
        throw new LocalRunError(
          `SCENARIO_ALARMS.${scenario}: rule '${r.ruleId}' is not declared in datasets/${r.dataset.name}.ts; expected one of ${r.dataset.alarms.map((a) => a.id).join(', ')}`,
        );
      }
    }
  }
}

/**
 * Matches the alerts against the scenario windows: every alert must fall inside
 * the window of a scenario built to trip its rule, and every scenario must trip
 * each of its rules. A run without scenarios therefore passes only without alerts.
 */
export function attributeAlerts(evaluations: readonly RuleEvaluation[], windows: readonly ScenarioWindow[]): AlertAttribution {
  assertDeclared();
  const alerts: AttributedAlert[] = [];
  const unexplained: Alert[] = [];
  const explained = new Set<string>();
  for (const evaluation of evaluations) {
    for (const alert of evaluation.alerts) {
      const scenario = windows.find((w) => scenarioConcerns(w, evaluation) && inside(alert, w, evaluation));
      if (scenario === undefined) {
        unexplained.push(alert);
        alerts.push({ alert });
      } else {
        explained.add(`${windows.indexOf(scenario)}|${evaluation.dataset}|${evaluation.rule.id}`);
        alerts.push({ alert, scenario });
      }
    }
  }
  const missed: MissedAlarm[] = [];
  windows.forEach((scenario, i) => {
    for (const r of SCENARIO_ALARMS[scenario.scenario]) {
      if (!explained.has(`${i}|${r.dataset.name}|${r.ruleId}`)) missed.push({ scenario, dataset: r.dataset.name, ruleId: r.ruleId });
    }
  });
  return { alerts, unexplained, missed };
}
