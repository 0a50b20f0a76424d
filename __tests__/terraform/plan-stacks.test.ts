import { planCounts } from '../../scripts/tf-check/plan-json';
import { listPlannedStacks, loadCheckSummary, loadPlan, loadSynth, resourceChanges } from './plans';

function countByType(types: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of types) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

describe('Terraform plans (npm run tf:check, terraform show -json)', () => {
  const stacks = listPlannedStacks();

  it('exist for every synthesized stack, and tf:check reported no problem', () => {
    // Assess
    expect(stacks.length).toBeGreaterThan(0);
    const summary = loadCheckSummary();
    expect(summary.problems).toEqual([]);
    expect(summary.stacks.map((s) => s.stack).sort()).toEqual(stacks);
  });

  it.each(listPlannedStacks())('%s plans with 0 errors, validated as JSON and HCL', (stack) => {
    // Act
    const plan = loadPlan(stack);
    const summary = loadCheckSummary().stacks.find((s) => s.stack === stack);

    // Assess
    expect(plan.errored).toBe(false);
    expect(plan.complete).toBe(true);
    expect(summary?.validate).toEqual({ json: true, hcl: true });
    expect(summary?.plan).toEqual(planCounts(plan));
  });

  it.each(listPlannedStacks())('%s: the plan creates exactly the resources the synth declares, per type', (stack) => {
    // Prepare
    const synth = loadSynth(stack);
    const declared = Object.entries(synth.resource ?? {}).flatMap(([type, byName]) =>
      Object.keys(byName).map((name) => ({ type, address: `${type}.${name}` })),
    );

    // Act
    const changes = [...resourceChanges(loadPlan(stack)).values()];

    // Assess: nothing dropped, nothing extra, and all of it new
    expect(countByType(changes.map((c) => c.type))).toEqual(countByType(declared.map((d) => d.type)));
    expect(changes.map((c) => c.address).sort()).toEqual(declared.map((d) => d.address).sort());
    expect(changes.filter((c) => c.change.actions.join() !== 'create').map((c) => c.address)).toEqual([]);
    expect(planCounts(loadPlan(stack))).toEqual({ add: declared.length, change: 0, destroy: 0 });
  });
});
