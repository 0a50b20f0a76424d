import { accessLogs } from '../../datasets/access-logs';
import type { AlarmRule } from '../../datasets/dataset';
import { turbineTelemetry } from '../../datasets/turbine-telemetry';
import type { Alert, RuleEvaluation } from '../../local/alarm-evaluator';
import { cliErrorMessage } from '../../local/cli';
import { LocalOptionError } from '../../local/errors';
import { minimumSpikeMinutes, resolveRunOptions } from '../../local/run-options';
import { attributeAlerts } from '../../local/scenario-alarms';
import type { ScenarioWindow } from '../../producers';

function ruleOf(dataset: { alarms: readonly AlarmRule[] }, id: string): AlarmRule {
  const rule = dataset.alarms.find((r) => r.id === id);
  if (rule === undefined) throw new Error(`no rule ${id}`);
  return rule;
}

/** An evaluation of a declared rule with alerts at the given [from, to) ISO times. */
function evaluation(
  dataset: typeof accessLogs | typeof turbineTelemetry,
  ruleId: string,
  alerts: readonly [string, string][],
  source?: string,
): RuleEvaluation {
  const rule = ruleOf(dataset, ruleId);
  const made: Alert[] = alerts.map(([from, to]) => ({
    dataset: dataset.name,
    ruleId,
    kind: rule.kind,
    metric: rule.metric,
    from,
    to,
    firedAt: to,
    peak: 1,
    ...(source !== undefined ? { source } : {}),
  }));
  return {
    dataset: dataset.name,
    rule,
    title: ruleId,
    periodSeconds: rule.periodSeconds,
    periods: [],
    alerts: made,
    ...(source !== undefined ? { source } : {}),
  };
}

const OUTAGE: ScenarioWindow = { scenario: 'outage', from: '2026-01-01T10:20:00.000Z', to: '2026-01-01T10:25:00.000Z', region: 'eu-west' };
const SILENT: ScenarioWindow = {
  scenario: 'silent',
  from: '2026-01-01T10:15:00.000Z',
  to: '2026-01-01T10:30:00.000Z',
  turbineId: 'WT-003',
};

describe('Function: attributeAlerts', () => {
  it('explains an alert that starts inside the window of a scenario built to trip its rule', () => {
    // Act
    const result = attributeAlerts(
      [evaluation(accessLogs, 'critical-errors', [['2026-01-01T10:21:00.000Z', '2026-01-01T10:25:00.000Z']])],
      [OUTAGE],
    );
    // Assess
    expect(result.unexplained).toEqual([]);
    expect(result.missed).toEqual([]);
    expect(result.alerts[0]?.scenario).toBe(OUTAGE);
  });

  it('flags an alert outside every window, or of a rule its scenario does not trip, as a false alarm', () => {
    // Prepare: critical-errors an hour after the outage; usage-spike during the outage
    const late = evaluation(accessLogs, 'critical-errors', [
      ['2026-01-01T10:21:00.000Z', '2026-01-01T10:25:00.000Z'],
      ['2026-01-01T11:20:00.000Z', '2026-01-01T11:22:00.000Z'],
    ]);
    const spike = evaluation(accessLogs, 'usage-spike', [['2026-01-01T10:20:00.000Z', '2026-01-01T10:30:00.000Z']]);
    // Act
    const result = attributeAlerts([late, spike], [OUTAGE]);
    // Assess
    expect(result.unexplained.map((a) => `${a.ruleId} ${a.from}`)).toEqual([
      'critical-errors 2026-01-01T11:20:00.000Z',
      'usage-spike 2026-01-01T10:20:00.000Z',
    ]);
  });

  it('expects a silence alert for the scenario turbine only, and reports a scenario that tripped nothing', () => {
    // Prepare: WT-001 silent during WT-003's window
    const wrongTurbine = evaluation(
      turbineTelemetry,
      'silent-turbine',
      [['2026-01-01T10:15:00.000Z', '2026-01-01T10:30:00.000Z']],
      'WT-001',
    );
    // Act
    const result = attributeAlerts([wrongTurbine], [SILENT, OUTAGE]);
    // Assess
    expect(result.unexplained.map((a) => a.source)).toEqual(['WT-001']);
    expect(result.missed.map((m) => `${m.scenario.scenario} ${m.dataset} ${m.ruleId}`)).toEqual([
      `silent ${turbineTelemetry.name} silent-turbine`,
      `outage ${accessLogs.name} critical-errors`,
    ]);
  });

  it('raises nothing without scenarios and alerts', () => {
    expect(attributeAlerts([evaluation(accessLogs, 'usage-spike', [])], [])).toEqual({ alerts: [], unexplained: [], missed: [] });
  });
});

describe('Function: resolveRunOptions', () => {
  it('refuses a span too short for the anomaly band to see the spike, naming the CLI flag', () => {
    // Act
    const attempt = (): unknown => resolveRunOptions({ simulatedMinutes: minimumSpikeMinutes() - 1, accessLogScenarios: ['spike'] });
    // Assess
    expect(minimumSpikeMinutes()).toBe(150);
    expect(attempt).toThrow(LocalOptionError);
    let message = '';
    try {
      attempt();
    } catch (error) {
      message = cliErrorMessage(error);
    }
    expect(message).toBe(
      "--duration: got 149; the spike scenario needs at least 150 simulated minutes (it starts at 10 % of the span, after the anomaly band's 3-period warm-up)",
    );
    expect(resolveRunOptions({ simulatedMinutes: 60, accessLogScenarios: ['outage'] }).simulatedMinutes).toBe(60);
  });
});
