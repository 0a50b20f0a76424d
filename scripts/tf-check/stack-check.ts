import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackSummary } from './check-summary';
import { describeEntry, shimNeeded, type ShimApplication } from './compat-shim';
import { SHIM_ENTRIES } from './compat-shim-entries';
import { TfCheckError } from './errors';
import { stubsFor, type LocalStub } from './local-stubs';
import { determinismProblems } from './plan-determinism';
import { checkScratch, type ScratchResult, type SynthDoc } from './scratch-check';
import { startSecretsManagerStub, type SecretsManagerStub } from './secrets-manager-stub';
import type { Manifest } from './synthesize';
import type { Context } from './terraform-context';
import { HCL_DIR, PLANS_DIR, REPEAT_PLANS_DIR, REPEAT_SYNTH_DIR, SYNTH_DIR } from './tf-check-defaults';

export function fileSha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

export function sameShim(a: readonly ShimApplication[], b: readonly ShimApplication[]): boolean {
  const key = (s: ShimApplication): string => `${s.entry} ${s.address} ${s.attribute} ${s.from} ${s.to ?? ''}`;
  return JSON.stringify(a.map(key).sort()) === JSON.stringify(b.map(key).sort());
}

export interface StackOutcome {
  readonly summary: StackSummary;
  readonly installedVersion?: string;
  /** Occurrences per shim entry in this stack's JSON synth. */
  readonly occurrences: number[];
  readonly applied: boolean[];
}

/** All of one stack: JSON copy validated + planned, HCL copy validated, second synth planned and compared; prints its block. */
export async function checkStack(ctx: Context, stack: string, manifest: Manifest, repeat: Manifest): Promise<StackOutcome> {
  const { root } = ctx;
  const started = Date.now();
  const entry = manifest.stacks[stack];
  const synthFile = join(root, SYNTH_DIR, entry.synthesizedStackPath);
  const synthDoc = JSON.parse(readFileSync(synthFile, 'utf8')) as SynthDoc;
  const problems: string[] = [];
  const occurrences = SHIM_ENTRIES.map(() => 0);
  const applied = SHIM_ENTRIES.map(() => false);
  let json: ScratchResult | undefined;
  let hcl: ScratchResult | undefined;
  let deterministic = false;
  const lines: string[] = [stack];
  // One stub server per stack, shared by both synths' plans: its URL is in the plan's
  // configuration, so the two plans only compare equal with the same port.
  const stubServers: { readonly stub: LocalStub; readonly server: SecretsManagerStub }[] = [];
  try {
    for (const stub of stubsFor(synthDoc)) stubServers.push({ stub, server: await startSecretsManagerStub() });
    json = await checkScratch(ctx, stack, 'json', join(root, SYNTH_DIR, entry.workingDirectory), synthDoc, stubServers);
    for (const s of json.shim) {
      occurrences[s.entry] = (occurrences[s.entry] ?? 0) + 1;
      const e = SHIM_ENTRIES[s.entry];
      if (e && shimNeeded(e, json.installedVersion)) applied[s.entry] = true;
    }
    problems.push(...json.validateProblems.map((p) => `validate (JSON): ${p}`), ...json.problems);
    lines.push(
      json.validateProblems.length === 0 ? '  validate ok (JSON)' : `  validate FAILED (JSON): ${json.validateProblems.join('; ')}`,
    );

    hcl = await checkScratch(ctx, stack, 'hcl', join(root, HCL_DIR, entry.workingDirectory), synthDoc, stubServers);
    problems.push(...hcl.validateProblems.map((p) => `validate (HCL): ${p}`));
    if (!sameShim(json.shim, hcl.shim))
      problems.push(`the shim found ${hcl.shim.length} places in the HCL but ${json.shim.length} in the JSON`);
    lines.push(hcl.validateProblems.length === 0 ? '  validate ok (HCL)' : `  validate FAILED (HCL): ${hcl.validateProblems.join('; ')}`);

    if (json.plan) {
      const { add, change, destroy } = json.plan.counts;
      lines.push(`  plan: ${add} to add, ${change} to change, ${destroy} to destroy`);
      mkdirSync(join(root, PLANS_DIR), { recursive: true });
      writeFileSync(join(root, PLANS_DIR, `${stack}.json`), JSON.stringify(json.plan.doc));
      const repeatEntry = repeat.stacks[stack];
      if (!repeatEntry) problems.push('the second synth has no such stack');
      else {
        const again = await checkScratch(
          ctx,
          stack,
          'repeat',
          join(root, REPEAT_SYNTH_DIR, repeatEntry.workingDirectory),
          synthDoc,
          stubServers,
        );
        problems.push(
          ...again.validateProblems.map((p) => `validate (second synth): ${p}`),
          ...again.problems.map((p) => `second synth: ${p}`),
        );
        if (again.plan) {
          mkdirSync(join(root, REPEAT_PLANS_DIR), { recursive: true });
          writeFileSync(join(root, REPEAT_PLANS_DIR, `${stack}.json`), JSON.stringify(again.plan.doc));
          const differences = determinismProblems(json.plan.doc, again.plan.doc);
          problems.push(...differences.map((d) => `not deterministic: ${d}`));
          deterministic = differences.length === 0;
          lines.push(
            deterministic ? '  second synth: identical plan' : `  second synth: plan DIFFERS (${differences.slice(0, 3).join('; ')})`,
          );
        }
      }
    } else {
      lines.push('  plan: FAILED');
    }
  } catch (error) {
    if (!(error instanceof TfCheckError)) throw error;
    problems.push(error.message);
  } finally {
    await Promise.all(stubServers.map(({ server }) => server.close()));
  }
  const shim = (json?.shim ?? []).map((s) => {
    const e = SHIM_ENTRIES[s.entry];
    return { ...s, description: e ? describeEntry(e) : '?' };
  });
  const appliedShim = shim.filter((s) => applied[s.entry]);
  lines.push(appliedShim.length === 0 ? '  shim: none applied' : '  shim (in the scratch copies; the engine did not check these):');
  for (const s of appliedShim) lines.push(`    ${s.address}.${s.attribute} = ${s.from} ${s.to ? `mapped to ${s.to}` : 'dropped'}`);
  const stubs = (json?.stubs ?? []).map(({ stub, answered }) => ({
    dataSource: stub.dataSource,
    endpoint: stub.endpoint,
    operation: stub.operation,
    answered,
  }));
  lines.push(
    stubs.length === 0
      ? '  stubs: none'
      : `  stubs: ${stubs.map((s) => `data.${s.dataSource} answered locally (${s.endpoint} ${s.operation} on 127.0.0.1, ${s.answered} call${s.answered === 1 ? '' : 's'})`).join(', ')}`,
  );
  for (const p of problems) lines.push(`  FAILED: ${p}`);
  lines[0] = `${stack} (${((Date.now() - started) / 1000).toFixed(1)} s)`;
  console.log(lines.join('\n'));
  return {
    summary: {
      stack,
      synthSha256: fileSha256(synthFile),
      validate: {
        json: json !== undefined && json.validateProblems.length === 0,
        hcl: hcl !== undefined && hcl.validateProblems.length === 0,
      },
      ...(json?.plan ? { plan: json.plan.counts } : {}),
      deterministic,
      shim: appliedShim,
      stubs,
      problems,
    },
    ...(json ? { installedVersion: json.installedVersion } : {}),
    occurrences,
    applied,
  };
}
