import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planEnvironmentName, planRoleArn } from '../../config/ci';
import type { EnvironmentConfig } from '../../config/environment';

/** One plan job: the stack, and the account, region and read-only role it plans with. */
export interface PlanJob {
  readonly stack: string;
  readonly account: string;
  readonly region: string;
  readonly role: string;
}

/** The synth does not support a plan job; the message names the stack and what is missing. */
export class PlanMatrixError extends Error {
  public readonly exitCode = 3;
  public constructor(message: string) {
    super(message);
    this.name = 'PlanMatrixError';
  }
}

interface Manifest {
  readonly stacks: Record<string, { readonly synthesizedStackPath: string }>;
}

interface StackJson {
  readonly provider?: { readonly aws?: readonly { readonly region?: string; readonly allowed_account_ids?: readonly string[] }[] };
  readonly terraform?: { readonly backend?: Record<string, unknown> };
}

function readJson<T>(file: string, what: string): T {
  if (!existsSync(file)) throw new PlanMatrixError(`${file}: not found; expected ${what} (run npm run synth first)`);
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/**
 * The plan jobs of a synth output directory: every `pipeline-*` stack of its manifest,
 * with the account and region of the stack's own provider and the plan role of that
 * account's bootstrap. Refuses a stack on local state (nobody else could plan it), a
 * stack whose account has no `bootstrap-<account>` in the manifest, and a stack the
 * config does not know or whose account differs from the config's.
 */
export function planMatrix(outdir: string, environments: readonly EnvironmentConfig[]): PlanJob[] {
  const manifest = readJson<Manifest>(join(outdir, 'manifest.json'), 'the cdktf manifest');
  const stacks = Object.keys(manifest.stacks).sort();
  const problems: string[] = [];
  const jobs: PlanJob[] = [];
  for (const stack of stacks.filter((s) => s.startsWith('pipeline-'))) {
    const entry = manifest.stacks[stack];
    if (entry === undefined) continue;
    const json = readJson<StackJson>(join(outdir, entry.synthesizedStackPath), `the synthesized ${stack}`);
    const provider = json.provider?.aws?.[0];
    const account = provider?.allowed_account_ids?.[0];
    const region = provider?.region;
    const env = environments.find((e) => planEnvironmentName(e.name) === stack);
    if (account === undefined || region === undefined) {
      problems.push(`${stack}: its aws provider names no allowed account and region`);
      continue;
    }
    if (env === undefined) {
      problems.push(`${stack}: no environment in config/environments.ts plans as this stack`);
      continue;
    }
    if (env.accountId !== account) problems.push(`${stack}: synthesized for account ${account}, but config says ${env.accountId}; synthesize again`);
    if (json.terraform?.backend?.s3 === undefined) problems.push(`${stack}: keeps local state; expected the s3 backend of its account's bootstrap`);
    if (!stacks.includes(`bootstrap-${account}`)) problems.push(`${stack}: account ${account} has no bootstrap-${account} stack (state bucket and plan role)`);
    jobs.push({ stack, account, region, role: planRoleArn(env) });
  }
  if (problems.length > 0) throw new PlanMatrixError(problems.join('; '));
  return jobs;
}
