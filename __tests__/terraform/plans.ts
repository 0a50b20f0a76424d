import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckSummary, StackSummary } from '../../scripts/tf-check/check-summary';
import type { ConfigResource, ExpressionValue, Expressions, ResourceChange, TerraformPlan } from '../../scripts/tf-check/plan-json';
import { PLANS_DIR, REPEAT_PLANS_DIR, SUMMARY_JSON, SYNTH_DIR } from '../../scripts/tf-check/tf-check-defaults';

export type { CheckSummary, ConfigResource, ExpressionValue, Expressions, ResourceChange, StackSummary, TerraformPlan };

const ROOT = join(__dirname, '..', '..');
const RUN_TF_CHECK = 'run `npm run tf:check` first';

/** Which of tf:check's plan sets: the synth's, or the second synth's (determinism). */
export type PlanSet = 'plans' | 'repeat';

/** The synthesized JSON of one stack, as `cdktf synth` wrote it to cdktf.out/. */
export interface SynthStack {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
}

interface Manifest {
  readonly stacks: Record<string, { readonly synthesizedStackPath: string }>;
}

function fail(message: string): never {
  // One line, no stack noise: this is the message a developer sees when tf:check did not run.
  throw new Error(message);
}

function readManifest(): Manifest {
  const file = join(ROOT, SYNTH_DIR, 'manifest.json');
  if (!existsSync(file)) fail(`no ${SYNTH_DIR}/manifest.json: ${RUN_TF_CHECK} (it synthesizes, then plans every stack)`);
  return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
}

/** Every stack of the synth (cdktf.out/manifest.json), sorted: never a hard-coded list. */
export function listPlannedStacks(): string[] {
  return Object.keys(readManifest().stacks).sort();
}

/** tf:check's record of the run: shim applications, stubs, plan counts, per stack. */
export function loadCheckSummary(): CheckSummary {
  const file = join(ROOT, SUMMARY_JSON);
  if (!existsSync(file)) fail(`no ${SUMMARY_JSON}: ${RUN_TF_CHECK}`);
  return JSON.parse(readFileSync(file, 'utf8')) as CheckSummary;
}

export function stackSummary(stack: string): StackSummary {
  const found = loadCheckSummary().stacks.find((s) => s.stack === stack);
  if (!found) fail(`${SUMMARY_JSON} has no stack ${stack}: ${RUN_TF_CHECK}`);
  return found;
}

function synthFile(stack: string): string {
  const entry = readManifest().stacks[stack];
  if (!entry) fail(`${SYNTH_DIR}/manifest.json has no stack ${stack}`);
  return join(ROOT, SYNTH_DIR, entry.synthesizedStackPath);
}

export function loadSynth(stack: string): SynthStack {
  return JSON.parse(readFileSync(synthFile(stack), 'utf8')) as SynthStack;
}

/**
 * `terraform show -json` of the stack's plan, written by `npm run tf:check`. Fails with one line
 * when it is missing, or stale (the synth changed since it was planned).
 */
export function loadPlan(stack: string, set: PlanSet = 'plans'): TerraformPlan {
  const file = join(ROOT, set === 'plans' ? PLANS_DIR : REPEAT_PLANS_DIR, `${stack}.json`);
  if (!existsSync(file)) fail(`no Terraform plan for ${stack} (${file}): ${RUN_TF_CHECK}`);
  const recorded = stackSummary(stack).synthSha256;
  const current = createHash('sha256')
    .update(readFileSync(synthFile(stack)))
    .digest('hex');
  if (recorded !== current) fail(`the plan of ${stack} is stale (${SYNTH_DIR} changed since it was planned): ${RUN_TF_CHECK}`);
  return JSON.parse(readFileSync(file, 'utf8')) as TerraformPlan;
}

/** The plan's managed resource changes, by address. */
export function resourceChanges(plan: TerraformPlan): Map<string, ResourceChange> {
  return new Map((plan.resource_changes ?? []).filter((rc) => rc.mode === 'managed').map((rc) => [rc.address, rc]));
}

/** The plan's configuration of each managed resource, by address. */
export function configResources(plan: TerraformPlan): Map<string, ConfigResource> {
  return new Map((plan.configuration.root_module.resources ?? []).filter((r) => r.mode === 'managed').map((r) => [r.address, r]));
}
