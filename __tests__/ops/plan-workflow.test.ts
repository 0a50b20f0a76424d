import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Testing } from 'cdktf';
import { parse } from 'yaml';
import { planMatrix, type PlanJob } from '../../scripts/plan-matrix/plan-matrix';
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
    const locate = commands.findIndex(
      (r) => r.includes('CHROMIUM_PATH=') && r.includes('$GITHUB_ENV') && r.includes('command -v google-chrome'),
    );
    expect(locate).toBeGreaterThanOrEqual(0);
    expect(locate).toBeLessThan(commands.indexOf('npm test'));
  });

  it("installs Terraform 1.11.4 before npm test, which runs tf:check (the README's test command)", () => {
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

  it("plans every pipeline stack with its own account's role, assumed through OIDC, and comments per stack", () => {
    // Prepare
    const workflow = loadWorkflow();
    const plan = workflow.jobs.plan;
    const test = workflow.jobs['test-and-synth'];

    // Assess
    expect(plan.needs).toBe('test-and-synth');
    expect(plan.permissions).toMatchObject({ 'id-token': 'write', 'pull-requests': 'write' });
    expect(plan.strategy?.matrix?.include).toBe('${{ fromJSON(needs.test-and-synth.outputs.matrix) }}');
    expect((test as unknown as { outputs?: Record<string, string> }).outputs).toEqual({ matrix: '${{ steps.matrix.outputs.matrix }}' });
    // The matrix comes from the synth manifest, after the synth, through scripts/plan-matrix.
    const commands = runs(test);
    const matrix = commands.findIndex((r) => r.includes('npm run -s plan:matrix -- cdktf.out') && r.includes('$GITHUB_OUTPUT'));
    expect(matrix).toBeGreaterThan(commands.indexOf('npm run synth'));
    const credentials = plan.steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials'));
    expect(credentials?.with).toMatchObject({ 'role-to-assume': '${{ matrix.role }}', 'aws-region': '${{ matrix.region }}' });
    expect(JSON.stringify(workflow)).not.toContain('AWS_PLAN_ROLE_ARN');
    // The plan role cannot write the state bucket (stacks/bootstrap-stack.ts), so plans skip the lock.
    expect(runs(plan).some((r) => r.includes('terraform plan -input=false') && r.includes('-lock=false'))).toBe(true);
    expect(runs(plan).some((r) => r.startsWith('terraform init'))).toBe(true);
    const comment = plan.steps.find((s) => s.uses?.startsWith('actions/github-script'));
    expect(String(comment?.with?.script)).toContain('updateComment');
  });

  describe('against the synth manifest', () => {
    let outdir: string;
    let jobs: PlanJob[];
    let manifest: { stacks: Record<string, { synthesizedStackPath: string }> };
    const stackJson = (
      stack: string,
    ): {
      resource: Record<string, Record<string, Record<string, unknown>>>;
      terraform: { backend: Record<string, Record<string, unknown>> };
    } => {
      const entry = manifest.stacks[stack];
      if (entry === undefined) throw new Error(`no ${stack} in the manifest`);
      return JSON.parse(readFileSync(path.join(outdir, entry.synthesizedStackPath), 'utf8'));
    };
    beforeAll(() => {
      outdir = mkdtempSync(path.join(tmpdir(), 'plan-workflow-'));
      const app = new App({ outdir, skipValidation: true });
      composeApp(app, {
        environments: realEnvironments(),
        datasets: DATASETS,
        githubRepository: 'logtel/realtime-pipeline',
        processorBundle: fixtureBundle(),
      });
      app.synth();
      manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
      jobs = planMatrix(outdir, realEnvironments());
    });
    afterAll(() => rmSync(outdir, { recursive: true, force: true }));

    it('has one plan job per pipeline stack of the manifest, each on remote state in its own account', () => {
      expect(jobs.map((j) => j.stack)).toEqual(
        Object.keys(manifest.stacks)
          .filter((s) => s.startsWith('pipeline-'))
          .sort(),
      );
      for (const job of jobs) {
        const json = stackJson(job.stack) as unknown as { provider: { aws: { allowed_account_ids: string[]; region: string }[] } };
        expect([json.provider.aws[0]?.allowed_account_ids, json.provider.aws[0]?.region]).toEqual([[job.account], job.region]);
        expect(job.role).toBe(`arn:aws:iam::${job.account}:role/logtel-ci-plan`);
        expect(Object.keys(stackJson(job.stack).terraform.backend)).toEqual(['s3']);
      }
      // dev and prod are in different accounts, so they plan with different roles.
      expect(new Set(jobs.map((j) => j.role)).size).toBe(jobs.length);
    });

    it("plans each stack in the GitHub environment named after it, the only OIDC subject its account's role trusts", () => {
      const plan = loadWorkflow().jobs.plan;
      expect(plan.environment).toBe('${{ matrix.stack }}');
      for (const account of new Set(jobs.map((j) => j.account))) {
        const roles = stackJson(`bootstrap-${account}`).resource.aws_iam_role ?? {};
        const role = Object.values(roles).find((r) => r.name === 'logtel-ci-plan');
        const [trust] = statementsOf(role?.assume_role_policy);
        expect(trust?.Condition?.StringEquals?.['token.actions.githubusercontent.com:sub']).toEqual(
          jobs.filter((j) => j.account === account).map((j) => `repo:logtel/realtime-pipeline:environment:${j.stack}`),
        );
        expect(JSON.stringify(trust)).not.toContain(':pull_request');
      }
    });
  });

  it('matches the plan role: it can read the state bucket but write nothing in it', () => {
    // Prepare
    const prod = realEnvironments().filter((e) => e.name === 'prod');
    const stack = new BootstrapStack(Testing.app(), 'bootstrap', { envs: prod, githubRepository: 'logtel/realtime-pipeline' });

    // Act
    const policies = JSON.parse(Testing.synth(stack)).resource.aws_iam_role_policy as Record<string, { name: string; policy: string }>;
    const state = Object.values(policies).find((p) => p.name === 'terraform-state');
    const actions = (JSON.parse(String(state?.policy)) as { Statement: { Action: string | string[] }[] }).Statement.flatMap(
      (s) => s.Action,
    );

    // Assess
    expect(actions.sort()).toEqual(['kms:Decrypt', 'kms:DescribeKey', 's3:GetObject', 's3:ListBucket']);
  });
});
