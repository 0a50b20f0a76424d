import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { parse } from 'yaml';
import { SUMMARY_MARKER } from '../../scripts/tf-check/check-summary';
import { BootstrapStack } from '../../stacks/bootstrap-stack';
import { DATASETS } from '../../datasets/registry';
import { composeApp } from '../../stacks/compose';
import { fixtureBundle, realEnvironments, statementsOf } from '../stacks/factories';

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}

interface Job {
  readonly needs?: string;
  readonly environment?: string;
  readonly if?: string;
  readonly permissions?: Record<string, string>;
  readonly strategy?: { readonly matrix?: Record<string, unknown> };
  readonly steps: readonly Step[];
}

interface Workflow {
  readonly on: Record<string, unknown>;
  readonly jobs: Record<string, Job>;
}

const FILE = path.resolve(__dirname, '../../.github/workflows/plan.yml');

function loadWorkflow(): Workflow {
  return parse(readFileSync(FILE, 'utf8')) as Workflow;
}

function runs(job: Job): string[] {
  return job.steps.flatMap((s) => (s.run ? [s.run] : []));
}

describe('Workflow: plan.yml', () => {
  it('is valid YAML that runs on pull requests', () => {
    expect(loadWorkflow().on).toHaveProperty('pull_request');
  });

  it("installs, tests and synthesizes with the README's own commands", () => {
    // Act
    const commands = runs(loadWorkflow().jobs['test-and-synth']);

    // Assess
    expect(commands).toEqual(expect.arrayContaining(['npm ci', 'npm test', 'npm run synth']));
    expect(commands.indexOf('npm ci')).toBeLessThan(commands.indexOf('npm test'));
  });

  it('points the headless report test at the Chrome the runner has, before npm test', () => {
    // Act
    const commands = runs(loadWorkflow().jobs['test-and-synth']);

    // Assess
    const locate = commands.findIndex((r) => r.includes('CHROMIUM_PATH=') && r.includes('$GITHUB_ENV') && r.includes('command -v google-chrome'));
    expect(locate).toBeGreaterThanOrEqual(0);
    expect(locate).toBeLessThan(commands.indexOf('npm test'));
  });

  it('installs Terraform 1.11.4 before npm test, which runs tf:check (the README\'s test command)', () => {
    // Prepare
    const job = loadWorkflow().jobs['test-and-synth'];
    const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as { scripts: Record<string, string> };

    // Act
    const setup = job.steps.findIndex((s) => s.uses?.startsWith('hashicorp/setup-terraform'));
    const test = job.steps.findIndex((s) => s.run === 'npm test');

    // Assess
    expect(setup).toBeGreaterThanOrEqual(0);
    expect(job.steps[setup]?.with).toMatchObject({ terraform_version: '1.11.4', terraform_wrapper: false });
    expect(setup).toBeLessThan(test);
    expect(pkg.scripts.test).toContain('npm run tf:check');
    // The plan tests read tf:check's plans, so it runs before jest.
    expect(pkg.scripts.test.indexOf('npm run tf:check')).toBeLessThan(pkg.scripts.test.indexOf('jest'));
  });

  it('keeps the offline plan summary and posts it as a PR comment even when tests or the AWS plan fail', () => {
    // Prepare
    const workflow = loadWorkflow();
    const test = workflow.jobs['test-and-synth'];
    const comment = workflow.jobs['offline-plan-comment'];

    // Act
    const upload = test.steps.find((s) => s.uses?.startsWith('actions/upload-artifact') && s.with?.name === 'tf-check-summary');
    const download = comment.steps.find((s) => s.uses?.startsWith('actions/download-artifact'));
    const script = String(comment.steps.find((s) => s.uses?.startsWith('actions/github-script'))?.with?.script);

    // Assess
    expect(upload?.with?.path).toBe('.tf-check/summary.md');
    expect((upload as { if?: string } | undefined)?.if).toBe('always()');
    expect(test.steps.indexOf(upload as Step)).toBeGreaterThan(test.steps.findIndex((s) => s.run === 'npm test'));
    expect(comment.needs).toBe('test-and-synth');
    expect(comment.if).toBe('always()');
    // Not gated on the AWS plan job, and the untrusted test job itself gets no write permission.
    expect(comment.needs).not.toContain('plan');
    expect(comment.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(test as unknown as { permissions?: unknown }).not.toHaveProperty('permissions');
    expect(download?.with?.name).toBe('tf-check-summary');
    expect(script).toContain(SUMMARY_MARKER);
    expect(script).toContain('tf-check-summary/summary.md');
    expect(script).toContain('updateComment');
  });

  it('plans every pipeline stack with a role assumed through OIDC, and comments per stack', () => {
    // Prepare
    const plan = loadWorkflow().jobs.plan;

    // Assess
    expect(plan.needs).toBe('test-and-synth');
    expect(plan.permissions).toMatchObject({ 'id-token': 'write', 'pull-requests': 'write' });
    expect(plan.strategy?.matrix?.stack).toBe('${{ fromJSON(needs.test-and-synth.outputs.stacks) }}');
    const credentials = plan.steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials'));
    expect(credentials?.with?.['role-to-assume']).toBe('${{ vars.AWS_PLAN_ROLE_ARN }}');
    // The plan role cannot write the state bucket (stacks/bootstrap-stack.ts), so plans skip the lock.
    expect(runs(plan).some((r) => r.includes('terraform plan -input=false') && r.includes('-lock=false'))).toBe(true);
    expect(runs(plan).some((r) => r.startsWith('terraform init'))).toBe(true);
    const comment = plan.steps.find((s) => s.uses?.startsWith('actions/github-script'));
    expect(String(comment?.with?.script)).toContain('updateComment');
  });

  it('plans each stack in the GitHub environment named after it, the only OIDC subject the plan role trusts', () => {
    // Prepare
    const envs = realEnvironments().filter((e) => e.backend.kind === 's3');
    const app = Testing.app();
    const { pipelines, bootstraps } = composeApp(app, { environments: envs, datasets: DATASETS, githubRepository: 'logtel/realtime-pipeline', processorBundle: fixtureBundle() });

    // Act
    const plan = loadWorkflow().jobs.plan;
    const roles = JSON.parse(Testing.synth(bootstraps[0])).resource.aws_iam_role as Record<string, { assume_role_policy: string }>;
    const [trust] = statementsOf(Object.values(roles)[0].assume_role_policy);

    // Assess
    expect(plan.environment).toBe('${{ matrix.stack }}');
    // The matrix runs the stack ids; the role admits exactly those environments, nothing for a bare pull_request.
    expect(trust.Condition?.StringEquals?.['token.actions.githubusercontent.com:sub']).toEqual(
      pipelines.map((p) => `repo:logtel/realtime-pipeline:environment:${p.node.id}`),
    );
    expect(JSON.stringify(trust)).not.toContain(':pull_request');
  });

  it('matches the plan role: it can read the state bucket but write nothing in it', () => {
    // Prepare
    const envs = realEnvironments().filter((e) => e.backend.kind === 's3');
    const stack = new BootstrapStack(Testing.app(), 'bootstrap', { envs, githubRepository: 'logtel/realtime-pipeline' });

    // Act
    const policies = JSON.parse(Testing.synth(stack)).resource.aws_iam_role_policy as Record<string, { name: string; policy: string }>;
    const state = Object.values(policies).find((p) => p.name === 'terraform-state');
    const actions = (JSON.parse(String(state?.policy)) as { Statement: { Action: string | string[] }[] }).Statement.flatMap((s) => s.Action);

    // Assess
    expect(actions.sort()).toEqual(['kms:Decrypt', 'kms:DescribeKey', 's3:GetObject', 's3:ListBucket']);
  });
});
