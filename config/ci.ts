import { iamRoleArn } from './arns';

/**
 * The GitHub repository whose pull-request plans may assume the plan role through
 * OIDC. Change it when the repository moves.
 */
export const GITHUB_REPOSITORY = 'logtel/realtime-pipeline';

/**
 * The GitHub environment the pull-request plan of `pipeline-<env>` runs in: named after
 * the stack, because `.github/workflows/plan.yml` sets `environment: ${{ matrix.stack }}`.
 * A job in an environment gets the OIDC subject `repo:<owner>/<name>:environment:<name>`,
 * and the plan role trusts only that subject; give the production environment required
 * reviewers in the repository settings (docs/deploy.md), so no pull request reads prod
 * before someone approves its run.
 */
export function planEnvironmentName(envName: string): string {
  return `pipeline-${envName}`;
}

/**
 * The read-only plan role each account's bootstrap creates: `<project>-ci-plan`, where
 * `<project>` is the name prefix without its environment suffix (`logtel-prod` -> `logtel`).
 */
export function planRoleName(namePrefix: string): string {
  return `${namePrefix.replace(/-[a-z0-9]+$/, '')}-ci-plan`;
}

/** The plan role in an environment's own account: what the plan job of `pipeline-<env>` assumes. */
export function planRoleArn(env: { readonly accountId: string; readonly namePrefix: string }): string {
  return iamRoleArn(env.accountId, planRoleName(env.namePrefix));
}
