import { planEnvironmentName } from '../../config/ci';
import { realEnvironments } from '../stacks/factories';
import { listPlannedStacks, loadPlan, resourceChanges } from './plans';

const ENVS = realEnvironments();
const PIPELINES = listPlannedStacks().filter((s) => ENVS.some((e) => planEnvironmentName(e.name) === s));

describe("Each environment plans with its own account's settings (npm run tf:check)", () => {
  it('plans every environment of the config, and a bootstrap for each of their accounts', () => {
    expect(PIPELINES).toEqual(ENVS.map((e) => planEnvironmentName(e.name)).sort());
    for (const account of new Set(ENVS.map((e) => e.accountId))) expect(listPlannedStacks()).toContain(`bootstrap-${account}`);
  });

  it.each(PIPELINES)(
    "%s: every planned bucket is in the environment's account and region, and its state bucket is planned by that account's bootstrap",
    (stack) => {
      // Prepare
      const env = ENVS.find((e) => planEnvironmentName(e.name) === stack);
      if (env === undefined) throw new Error(stack);
      const changes = [...resourceChanges(loadPlan(stack)).values()];

      // Act
      const buckets = changes
        .filter((rc) => rc.type === 'aws_s3_bucket')
        .map((rc) => String((rc.change.after as { bucket?: unknown } | null)?.bucket));

      // Assess
      expect(buckets.length).toBeGreaterThan(0);
      for (const bucket of buckets) expect(bucket.endsWith(`-${env.accountId}-${env.region}`)).toBe(true);
      const bootstrap = [...resourceChanges(loadPlan(`bootstrap-${env.accountId}`)).values()];
      expect(
        bootstrap.filter((rc) => rc.type === 'aws_s3_bucket').map((rc) => (rc.change.after as { bucket?: unknown } | null)?.bucket),
      ).toContain(env.backend.kind === 's3' ? env.backend.bucket : 'no s3 backend');
    },
  );
});
