import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { planMatrix, PlanMatrixError } from '../../scripts/plan-matrix/plan-matrix';
import { realEnvironments } from '../stacks/factories';
import { spawnTsx, type SpawnOutcome } from '../support/spawn-command';

/** A synth output directory with the given stacks (name -> account and backend). */
function fakeSynth(stacks: Record<string, { account?: string; backend?: 's3' | 'local' }>): string {
  const outdir = mkdtempSync(path.join(tmpdir(), 'plan-matrix-'));
  const manifest: Record<string, { synthesizedStackPath: string }> = {};
  for (const [name, s] of Object.entries(stacks)) {
    const dir = path.join(outdir, 'stacks', name);
    mkdirSync(dir, { recursive: true });
    const json = {
      provider: { aws: [{ region: 'us-east-1', ...(s.account ? { allowed_account_ids: [s.account] } : {}) }] },
      terraform: { backend: s.backend === 'local' ? { local: { path: 'x' } } : { s3: { bucket: 'b' } } },
    };
    writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(json));
    manifest[name] = { synthesizedStackPath: `stacks/${name}/cdk.tf.json` };
  }
  writeFileSync(path.join(outdir, 'manifest.json'), JSON.stringify({ stacks: manifest }));
  return outdir;
}

describe('Function: planMatrix', () => {
  const dirs: string[] = [];
  const synth = (stacks: Parameters<typeof fakeSynth>[0]): string => {
    const dir = fakeSynth(stacks);
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it("gives each pipeline stack the role of its own account's bootstrap", () => {
    const outdir = synth({
      'bootstrap-111111111111': { account: '111111111111' },
      'bootstrap-222222222222': { account: '222222222222' },
      'pipeline-dev': { account: '111111111111' },
      'pipeline-prod': { account: '222222222222' },
    });
    expect(planMatrix(outdir, realEnvironments())).toEqual([
      { stack: 'pipeline-dev', account: '111111111111', region: 'us-east-1', role: 'arn:aws:iam::111111111111:role/logtel-ci-plan' },
      { stack: 'pipeline-prod', account: '222222222222', region: 'us-east-1', role: 'arn:aws:iam::222222222222:role/logtel-ci-plan' },
    ]);
  });

  it('refuses local state, a missing bootstrap, an account the config disagrees with and an unknown stack, all at once', () => {
    const outdir = synth({
      'bootstrap-222222222222': { account: '222222222222' },
      'pipeline-dev': { account: '111111111111', backend: 'local' },
      'pipeline-prod': { account: '333333333333' },
      'pipeline-qa': { account: '222222222222' },
    });
    expect(() => planMatrix(outdir, realEnvironments())).toThrow(
      new PlanMatrixError(
        "pipeline-dev: keeps local state; expected the s3 backend of its account's bootstrap; pipeline-dev: account 111111111111 has no bootstrap-111111111111 stack (state bucket and plan role); " +
          'pipeline-prod: synthesized for account 333333333333, but config says 222222222222; synthesize again; pipeline-prod: account 333333333333 has no bootstrap-333333333333 stack (state bucket and plan role); ' +
          'pipeline-qa: no environment in config/environments.ts plans as this stack',
      ),
    );
  });

  it('says to synthesize first when there is no manifest', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'plan-matrix-'));
    dirs.push(empty);
    expect(() => planMatrix(empty, realEnvironments())).toThrow(
      `${path.join(empty, 'manifest.json')}: not found; expected the cdktf manifest (run npm run synth first)`,
    );
  });

  it('refuses a manifest that is not JSON, has no stacks, or has no pipeline stack, naming the file', () => {
    const broken = (text: string): string => {
      const dir = mkdtempSync(path.join(tmpdir(), 'plan-matrix-'));
      dirs.push(dir);
      writeFileSync(path.join(dir, 'manifest.json'), text);
      return dir;
    };
    const notJson = broken('{');
    expect(() => planMatrix(notJson, realEnvironments())).toThrow(
      `${path.join(notJson, 'manifest.json')}: not valid JSON; expected the cdktf manifest (run npm run synth again)`,
    );
    const noStacks = broken('{}');
    expect(() => planMatrix(noStacks, realEnvironments())).toThrow(
      new PlanMatrixError(
        `${path.join(noStacks, 'manifest.json')}: no 'stacks' object; expected the cdktf manifest (run npm run synth again)`,
      ),
    );
    const onlyBootstrap = synth({ 'bootstrap-111111111111': { account: '111111111111' } });
    expect(() => planMatrix(onlyBootstrap, realEnvironments())).toThrow(
      new PlanMatrixError(
        `${path.join(onlyBootstrap, 'manifest.json')}: no pipeline-* stack; expected at least one environment's stack to plan`,
      ),
    );
  });

  it('refuses a stack file that is not JSON, naming it', () => {
    const outdir = synth({ 'bootstrap-111111111111': { account: '111111111111' }, 'pipeline-dev': { account: '111111111111' } });
    const file = path.join(outdir, 'stacks', 'pipeline-dev', 'cdk.tf.json');
    writeFileSync(file, 'nope');
    expect(() => planMatrix(outdir, realEnvironments())).toThrow(
      `${file}: not valid JSON; expected the synthesized pipeline-dev (run npm run synth again)`,
    );
  });
});

describe('CLI: npm run plan:matrix', () => {
  const run = (args: readonly string[]): Promise<SpawnOutcome> => spawnTsx('scripts/plan-matrix/cli.ts', args, { timeoutMs: 30_000 });

  it('prints the jobs as one JSON line for the workflow output, and refuses a broken synth with exit 3 and one line', async () => {
    const good = fakeSynth({
      'bootstrap-111111111111': { account: '111111111111' },
      'bootstrap-222222222222': { account: '222222222222' },
      'pipeline-dev': { account: '111111111111' },
      'pipeline-prod': { account: '222222222222' },
    });
    const bad = fakeSynth({ 'pipeline-dev': { account: '111111111111', backend: 'local' } });
    try {
      const ok = await run([good]);
      expect(ok.code).toBe(0);
      expect(ok.stdout.split('\n')).toHaveLength(2);
      expect((JSON.parse(ok.stdout) as { stack: string; role: string }[]).map((j) => j.role)).toEqual([
        'arn:aws:iam::111111111111:role/logtel-ci-plan',
        'arn:aws:iam::222222222222:role/logtel-ci-plan',
      ]);
      const refused = await run([bad]);
      expect({ code: refused.code, stdout: refused.stdout }).toEqual({ code: 3, stdout: '' });
      expect(refused.stderr).toBe(
        "plan:matrix: pipeline-dev: keeps local state; expected the s3 backend of its account's bootstrap; pipeline-dev: account 111111111111 has no bootstrap-111111111111 stack (state bucket and plan role)\n",
      );
    } finally {
      rmSync(good, { recursive: true, force: true });
      rmSync(bad, { recursive: true, force: true });
    }
  });
});
