import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode } from '../../cli/exit-codes';
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
  public readonly exitCode = ExitCode.Refused;
  public constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
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
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (cause) {
    // A truncated or hand-edited synth: name the file, not just the parser's position.
    throw new PlanMatrixError(`${file}: not valid JSON; expected ${what} (run npm run synth again)`, { cause });
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The plan jobs of a synth output directory: every `pipeline-*` stack of its manifest,
 * with the account and region of the stack's own provider and the plan role of that
 * account's bootstrap. Refuses a stack on local state (nobody else could plan it), a
 * stack whose account has no `bootstrap-<account>` in the manifest, and a stack the
 * config does not know or whose account differs from the config's.
 */
export function planMatrix(outdir: string, environments: readonly EnvironmentConfig[]): PlanJob[] {
  const manifestFile = join(outdir, 'manifest.json');
  const manifest = readJson<Partial<Manifest>>(manifestFile, 'the cdktf manifest');
  if (!isObject(manifest) || !isObject(manifest.stacks))
    throw new PlanMatrixError(`${manifestFile}: no 'stacks' object; expected the cdktf manifest (run npm run synth again)`);
  const listed = manifest.stacks;
  const stacks = Object.keys(listed).sort();
  // GitHub Actions fails an empty matrix with an obscure error; say what is wrong here instead.
  if (!stacks.some((s) => s.startsWith('pipeline-')))
    throw new PlanMatrixError(`${manifestFile}: no pipeline-* stack; expected at least one environment's stack to plan`);
  const problems: string[] = [];
  const jobs: PlanJob[] = [];
  for (const stack of stacks.filter((s) => s.startsWith('pipeline-'))) {
    const entry = listed[stack];
    if (entry === undefined || typeof entry.synthesizedStackPath !== 'string') {
      problems.push(`${stack}: the manifest gives no synthesizedStackPath`);
      continue;
    }
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
    if (env.accountId !== account)
      problems.push(`${stack}: synthesized for account ${account}, but config says ${env.accountId}; synthesize again`);
    if (json.terraform?.backend?.s3 === undefined)
      problems.push(`${stack}: keeps local state; expected the s3 backend of its account's bootstrap`);
    if (!stacks.includes(`bootstrap-${account}`))
      problems.push(`${stack}: account ${account} has no bootstrap-${account} stack (state bucket and plan role)`);
    jobs.push({ stack, account, region, role: planRoleArn(env) });
  }
  if (problems.length > 0) throw new PlanMatrixError(problems.join('; '));
  return jobs;
}
