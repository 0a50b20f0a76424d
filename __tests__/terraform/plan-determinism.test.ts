import { determinismProblems, lambdaSourceHashes, normalizePlan } from '../../scripts/tf-check/plan-determinism';
import { listPlannedStacks, loadPlan, type TerraformPlan } from './plans';

describe('Plans: determinism of two synths', () => {
  it.each(listPlannedStacks())('%s: the plans of two clean synths are equal (timestamp removed, relevant_attributes sorted)', (stack) => {
    // Act
    const first = loadPlan(stack);
    const second = loadPlan(stack, 'repeat');

    // Assess
    expect(normalizePlan(second)).toEqual(normalizePlan(first));
    const hashes = lambdaSourceHashes(first);
    for (const hash of Object.values(hashes)) expect(typeof hash).toBe('string');
    expect(lambdaSourceHashes(second)).toEqual(hashes);
  });

  it('names a differing source_code_hash and ignores timestamp and relevant_attributes order', () => {
    // Prepare
    const plan = (hash: string, timestamp: string, relevant: string[]): TerraformPlan => ({
      format_version: '1.2',
      terraform_version: '1.11.4',
      timestamp,
      relevant_attributes: relevant.map((r) => ({ resource: r, attribute: ['arn'] })),
      configuration: { root_module: {} },
      resource_changes: [
        {
          address: 'aws_lambda_function.f',
          mode: 'managed',
          type: 'aws_lambda_function',
          name: 'f',
          change: { actions: ['create'], after: { source_code_hash: hash } },
        },
      ],
    });

    // Act + Assess
    expect(determinismProblems(plan('h1', '2026-01-01T00:00:00Z', ['a', 'b']), plan('h1', '2026-01-02T00:00:00Z', ['b', 'a']))).toEqual([]);
    const problems = determinismProblems(plan('h1', 't', []), plan('h2', 't', []));
    expect(problems).toContain('aws_lambda_function.f.source_code_hash differs (h1 vs h2)');
    expect(problems.some((p) => p.includes('source_code_hash'))).toBe(true);
  });
});
