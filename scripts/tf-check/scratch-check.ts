import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shimHcl, shimJson, shimNeeded, type ShimApplication } from './compat-shim';
import { SHIM_ENTRIES } from './compat-shim-entries';
import type { LocalStub } from './local-stubs';
import { planCounts, planCountsFromText, type PlanCounts, type TerraformPlan } from './plan-json';
import type { ProviderMirror } from './provider-mirror';
import { scratchOverride } from './scratch-override';
import type { SecretsManagerStub } from './secrets-manager-stub';
import { firstLines, mustSucceed, selectedProviderVersion, terraform, validate, type Context } from './terraform-context';
import { AWS_PROVIDER, OVERRIDE_FILE, TIMEOUTS, WORK_DIR } from './tf-check-defaults';

/** The parts of a synthesized cdk.tf.json that tf:check reads. */
export interface SynthDoc {
  terraform?: { required_providers?: Record<string, { version?: string }> };
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, unknown>;
}

/** The provider version to pin in the scratch override: the stacks' own when the mirror has it, else the mirror's newest. */
export function overrideVersion(mirror: ProviderMirror | undefined, pinned: string | undefined): string | undefined {
  if (!mirror) return undefined;
  return pinned !== undefined && mirror.versions.includes(pinned) ? pinned : mirror.versions[0];
}

export interface ScratchResult {
  readonly installedVersion: string;
  readonly validateProblems: string[];
  readonly shim: ShimApplication[];
  readonly plan?: { readonly doc: TerraformPlan; readonly counts: PlanCounts };
  readonly stubs: { readonly stub: LocalStub; readonly answered: number }[];
  readonly problems: string[];
}

/**
 * One scratch copy under .tf-check/work/<kind>/<stack>: copy, override, init, shim, then
 * validate (json, hcl) and plan + show (json, repeat).
 */
export async function checkScratch(
  ctx: Context,
  stack: string,
  kind: 'json' | 'hcl' | 'repeat',
  source: string,
  synthDoc: SynthDoc,
  stubServers: readonly { readonly stub: LocalStub; readonly server: SecretsManagerStub }[],
): Promise<ScratchResult> {
  const dir = join(ctx.root, WORK_DIR, kind, stack);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(source, dir, { recursive: true });
  const problems: string[] = [];
  // The HCL copy is only validated: no data source is read, so no stub.
  const servers = kind === 'hcl' ? [] : stubServers;
  const answeredBefore = servers.map(({ server }) => server.answered());
  const refusedBefore = servers.map(({ server }) => server.refused().length);
  const endpoints = Object.fromEntries(servers.map(({ stub, server }) => [stub.endpoint, server.url]));
  const pinned = synthDoc.terraform?.required_providers?.[AWS_PROVIDER.type]?.version;
  const version = overrideVersion(ctx.mirror, pinned);
  writeFileSync(
    join(dir, OVERRIDE_FILE),
    `${JSON.stringify(scratchOverride({ ...(version === undefined ? {} : { providerVersion: version }), endpoints }), null, 2)}\n`,
  );
  await mustSucceed(ctx, dir, ['init', '-input=false', '-no-color'], TIMEOUTS.init);
  const installedVersion = await selectedProviderVersion(ctx, dir);
  const apply = (entry: (typeof SHIM_ENTRIES)[number]): boolean => shimNeeded(entry, installedVersion);
  let shim: ShimApplication[];
  if (kind === 'hcl') {
    const file = join(dir, 'cdk.tf');
    const result = shimHcl(readFileSync(file, 'utf8'), SHIM_ENTRIES, apply);
    writeFileSync(file, result.text);
    shim = result.applications;
  } else {
    const file = join(dir, 'cdk.tf.json');
    const doc = JSON.parse(readFileSync(file, 'utf8')) as SynthDoc;
    shim = shimJson(doc, SHIM_ENTRIES, apply);
    writeFileSync(file, JSON.stringify(doc, null, 2));
  }
  // The second synth is planned for determinism only: validate ran on the first.
  const validateProblems = kind === 'repeat' ? [] : await validate(ctx, dir);
  if (kind === 'hcl' || validateProblems.length > 0) return { installedVersion, validateProblems, shim, stubs: [], problems };
  const plan = await terraform(
    ctx,
    dir,
    ['plan', '-refresh=false', '-input=false', '-no-color', '-lock=false', '-out=tfplan'],
    TIMEOUTS.plan,
  );
  if (plan.code !== 0) {
    problems.push(`plan failed: ${firstLines(plan.stderr || plan.stdout, 8)}`);
    return { installedVersion, validateProblems, shim, stubs: [], problems };
  }
  const show = await mustSucceed(ctx, dir, ['show', '-json', '-no-color', 'tfplan'], TIMEOUTS.show);
  const doc = JSON.parse(show.stdout) as TerraformPlan;
  const counts = planCounts(doc);
  const text = planCountsFromText(plan.stdout);
  if (!text || text.add !== counts.add || text.change !== counts.change || text.destroy !== counts.destroy) {
    problems.push(`plan summary line (${JSON.stringify(text)}) disagrees with show -json (${JSON.stringify(counts)})`);
  }
  if (doc.errored === true) problems.push('show -json says the plan errored');
  const answered = servers.map(({ stub, server }, i) => {
    const refused = server.refused().slice(refusedBefore[i] ?? 0);
    const calls = server.answered() - (answeredBefore[i] ?? 0);
    if (refused.length > 0) problems.push(`stub ${stub.endpoint} refused unexpected calls: ${refused.join(', ')}`);
    if (calls === 0) problems.push(`stub for data.${stub.dataSource} was configured but never called`);
    return { stub, answered: calls };
  });
  return { installedVersion, validateProblems, shim, plan: { doc, counts }, stubs: answered, problems };
}
