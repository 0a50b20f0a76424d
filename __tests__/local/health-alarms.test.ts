import { evaluateHealthRule, HEALTH_RULES, type HealthRule } from '../../local/health-alarms';

const rule = (id: string): HealthRule => {
  const found = HEALTH_RULES.find((r) => r.id === id);
  if (found === undefined) throw new Error(`no rule ${id}`);
  return found;
};
const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;

describe('Function: evaluateHealthRule', () => {
  it('iterator age: alarms after 5 consecutive minutes above 300 s, not after 4', () => {
    const four = [0, 1, 2, 3].map((m) => ({ timestampMs: T0 + m * MIN, value: 400_000 }));
    expect(evaluateHealthRule('d/iterator-age', rule('iterator-age'), four).alerts).toEqual([]);
    const five = [...four, { timestampMs: T0 + 4 * MIN, value: 500_000 }, { timestampMs: T0 + 5 * MIN, value: 1000 }];
    expect(evaluateHealthRule('d/iterator-age', rule('iterator-age'), five).alerts).toEqual([
      {
        key: 'd/iterator-age',
        description: rule('iterator-age').description,
        from: new Date(T0).toISOString(),
        to: new Date(T0 + 5 * MIN).toISOString(),
        peak: 500_000,
      },
    ]);
  });

  it('a minute without data ends a run of breaches (treat_missing_data = notBreaching)', () => {
    const gap = [0, 1, 3, 4, 5].map((m) => ({ timestampMs: T0 + m * MIN, value: 400_000 }));
    expect(evaluateHealthRule('d/iterator-age', rule('iterator-age'), gap).alerts).toEqual([]);
  });

  it('delivery success: the average per 5 minutes below 1 for 15 minutes alarms, with its lowest value', () => {
    const calls = [0, 5, 10].flatMap((m) => [
      { timestampMs: T0 + m * MIN, value: 1 },
      { timestampMs: T0 + m * MIN + 1000, value: 0 },
    ]);
    const result = evaluateHealthRule('d/processed-delivery-failures', rule('processed-delivery-failures'), calls);
    expect(result.alerts.map((a) => [a.from, a.to, a.peak])).toEqual([
      [new Date(T0).toISOString(), new Date(T0 + 15 * MIN).toISOString(), 0.5],
    ]);
    expect(evaluateHealthRule('d/processed-delivery-failures', rule('processed-delivery-failures'), calls.slice(2)).alerts).toEqual([]);
  });

  it('one failure-destination object alarms; none does not', () => {
    expect(
      evaluateHealthRule('failure-destination', rule('failure-destination'), [{ timestampMs: T0 + 61_000, value: 1 }]).alerts,
    ).toHaveLength(1);
    expect(evaluateHealthRule('failure-destination', rule('failure-destination'), []).alerts).toEqual([]);
  });
});
