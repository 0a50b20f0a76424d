// npm run tf:check: real Terraform over every synthesized stack, offline. Synthesizes (twice, for
// determinism), then per stack in scratch copies under .tf-check/: init, validate (JSON and HCL),
// plan -refresh=false with fake credentials, show -json -> .tf-check/plans/<stack>.json.
// Exit codes: 0 ok, 1 runtime failure, 2 usage, 3 checks failed (or no terraform binary).
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describeEntry, shimHcl, shimJson, shimNeeded, shimProblems, type ShimApplication, type ShimReport } from './tf-check/compat-shim';
import { SHIM_ENTRIES } from './tf-check/compat-shim-entries';
import { summaryMarkdown, type CheckSummary, type StackSummary } from './tf-check/check-summary';
import { TF_CHECK_EXIT, TfCheckError, TerraformCommandError } from './tf-check/errors';
import { stubsFor, type LocalStub, LOCAL_STUBS } from './tf-check/local-stubs';
import { determinismProblems } from './tf-check/plan-determinism';
import { planCounts, planCountsFromText, type PlanCounts, type TerraformPlan } from './tf-check/plan-json';
import { findProviderMirror, mirrorCliConfig, type ProviderMirror } from './tf-check/provider-mirror';
import { runCommand, type CommandResult } from './tf-check/run-command';
import { scratchOverride } from './tf-check/scratch-override';
import { startSecretsManagerStub, type SecretsManagerStub } from './tf-check/secrets-manager-stub';
import { findTerraform, type TerraformBinary } from './tf-check/terraform-binary';
import {
  AWS_PROVIDER, CLI_CONFIG, DEFAULT_CONCURRENCY, HCL_DIR, OVERRIDE_FILE, PLANS_DIR, REPEAT_PLANS_DIR, REPEAT_SYNTH_DIR,
  PLUGIN_CACHE_DIR, SUMMARY_JSON, SUMMARY_MARKDOWN, SYNTH_DIR, TF_CHECK_DIR, TIMEOUTS, WORK_DIR,
} from './tf-check/tf-check-defaults';

const ROOT = resolve(__dirname, '..');
const EMPTY_CLI_CONFIG = resolve(__dirname, 'empty-cli-config.tfrc');
const PROVIDER_ADDRESS = `${AWS_PROVIDER.hostname}/${AWS_PROVIDER.namespace}/${AWS_PROVIDER.type}`;

interface Manifest {
  readonly stacks: Record<string, { readonly synthesizedStackPath: string; readonly workingDirectory: string }>;
}

interface SynthDoc {
  terraform?: { required_providers?: Record<string, { version?: string }> };
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, unknown>;
}

interface Context {
  readonly terraform: TerraformBinary;
  readonly mirror: ProviderMirror | undefined;
  readonly env: NodeJS.ProcessEnv;
}

function firstLines(text: string, n = 3): string {
  return text.trim().split('\n').filter((l) => l.trim() !== '').slice(0, n).join(' / ');
}

/** Terraform's environment: only what it needs, so a user's AWS profile or TF_* settings cannot leak into the check. */
function terraformEnv(): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'HTTPS_PROXY', 'HTTP_PROXY', 'https_proxy', 'http_proxy', 'SSL_CERT_FILE', 'SSL_CERT_DIR'];
  const env: NodeJS.ProcessEnv = {};
  for (const key of keep) if (process.env[key] !== undefined) env[key] = process.env[key];
  return {
    ...env,
    // The loopback stubs must never go through a proxy.
    NO_PROXY: ['127.0.0.1', 'localhost', process.env.NO_PROXY ?? ''].filter((s) => s !== '').join(','),
    no_proxy: ['127.0.0.1', 'localhost', process.env.no_proxy ?? ''].filter((s) => s !== '').join(','),
    TF_CLI_CONFIG_FILE: resolve(ROOT, CLI_CONFIG),
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

async function terraform(ctx: Context, cwd: string, args: readonly string[], timeoutMs: number): Promise<CommandResult> {
  return runCommand(ctx.terraform.path, args, { cwd, env: ctx.env, timeoutMs });
}

async function mustSucceed(ctx: Context, cwd: string, args: readonly string[], timeoutMs: number): Promise<CommandResult> {
  const result = await terraform(ctx, cwd, args, timeoutMs);
  if (result.code !== 0) throw new TerraformCommandError(`terraform ${args[0] ?? ''} failed in ${cwd}: ${firstLines(result.stderr || result.stdout, 6)}`);
  return result;
}

async function synthesize(): Promise<void> {
  rmSync(join(ROOT, SYNTH_DIR), { recursive: true, force: true });
  rmSync(join(ROOT, REPEAT_SYNTH_DIR), { recursive: true, force: true });
  const started = Date.now();
  const env = { ...process.env, CHECKPOINT_DISABLE: '1', CI: 'true' };
  const first = await runCommand('npm', ['run', '--silent', 'synth'], { cwd: ROOT, env, timeoutMs: TIMEOUTS.synth });
  if (first.code !== 0) throw new TfCheckError(`tf:check: npm run synth failed: ${firstLines(first.stderr || first.stdout, 6)}`, TF_CHECK_EXIT.failed);
  // The second synth (JSON only) into its own clean folder: the determinism check plans both.
  const cdktf = join(ROOT, 'node_modules', 'cdktf-cli', 'bundle', 'bin', 'cdktf');
  const second = await runCommand(process.execPath, [cdktf, 'synth', '--output', REPEAT_SYNTH_DIR], {
    cwd: ROOT,
    env: { ...env, TF_CLI_CONFIG_FILE: EMPTY_CLI_CONFIG },
    timeoutMs: TIMEOUTS.synth,
  });
  if (second.code !== 0) throw new TfCheckError(`tf:check: the second synth failed: ${firstLines(second.stderr || second.stdout, 6)}`, TF_CHECK_EXIT.failed);
  console.log(`synth: JSON + HCL into ${SYNTH_DIR}/, JSON again into ${REPEAT_SYNTH_DIR}/ (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

function readManifest(dir: string): Manifest {
  const file = join(ROOT, dir, 'manifest.json');
  if (!existsSync(file)) throw new TfCheckError(`tf:check: ${file} is missing: the synth wrote no manifest`, TF_CHECK_EXIT.failed);
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  if (typeof manifest.stacks !== 'object' || Object.keys(manifest.stacks).length === 0) throw new TfCheckError(`tf:check: ${file} lists no stacks`, TF_CHECK_EXIT.failed);
  return manifest;
}

/** The version of hashicorp/aws that `terraform init` selected in `dir`. */
async function selectedProviderVersion(ctx: Context, dir: string): Promise<string> {
  const result = await mustSucceed(ctx, dir, ['version', '-json'], TIMEOUTS.version);
  const version = (JSON.parse(result.stdout) as { provider_selections?: Record<string, string> }).provider_selections?.[PROVIDER_ADDRESS];
  if (version === undefined) throw new TerraformCommandError(`terraform init in ${dir} selected no ${PROVIDER_ADDRESS}`);
  return version;
}

/** The provider version to pin in the scratch override: the stacks' own when the mirror has it, else the mirror's newest. */
function overrideVersion(mirror: ProviderMirror | undefined, pinned: string | undefined): string | undefined {
  if (!mirror) return undefined;
  return pinned !== undefined && mirror.versions.includes(pinned) ? pinned : mirror.versions[0];
}

interface ScratchResult {
  readonly installedVersion: string;
  readonly validateProblems: string[];
  readonly shim: ShimApplication[];
  readonly plan?: { readonly doc: TerraformPlan; readonly counts: PlanCounts };
  readonly stubs: { readonly stub: LocalStub; readonly answered: number }[];
  readonly problems: string[];
}

async function validate(ctx: Context, dir: string): Promise<string[]> {
  const result = await terraform(ctx, dir, ['validate', '-json', '-no-color'], TIMEOUTS.validate);
  let report: { valid?: boolean; diagnostics?: { severity: string; summary: string; range?: { start?: { line?: number } }; snippet?: { context?: string } }[] };
  try {
    report = JSON.parse(result.stdout) as typeof report;
  } catch {
    return [`validate produced no JSON: ${firstLines(result.stderr)}`];
  }
  // Warnings fail too: the deprecated quoted references this check exists to keep out are warnings.
  const diagnostics = (report.diagnostics ?? []).map((d) => `${d.severity}: ${d.summary}${d.snippet?.context ? ` (${d.snippet.context}, line ${d.range?.start?.line ?? '?'})` : ''}`);
  if (report.valid !== true && diagnostics.length === 0) diagnostics.push('validate reported invalid without diagnostics');
  return diagnostics;
}

/**
 * One scratch copy: copy, override, init, shim, validate, and (for JSON) plan + show.
 * `kind` json/repeat plan; hcl validates only.
 */
async function checkScratch(
  ctx: Context,
  stack: string,
  kind: 'json' | 'hcl' | 'repeat',
  source: string,
  synthDoc: SynthDoc,
  stubServers: readonly { readonly stub: LocalStub; readonly server: SecretsManagerStub }[],
): Promise<ScratchResult> {
  const dir = join(ROOT, WORK_DIR, kind, stack);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(source, dir, { recursive: true });
  const problems: string[] = [];
  // The HCL copy is only validated: no data source is read, so no stub.
  const servers = kind === 'hcl' ? [] : stubServers;
  const answeredBefore = servers.map(({ server }) => server.answered());
  const refusedBefore = servers.map(({ server }) => server.refused().length);
  {
    const endpoints = Object.fromEntries(servers.map(({ stub, server }) => [stub.endpoint, server.url]));
    const pinned = synthDoc.terraform?.required_providers?.[AWS_PROVIDER.type]?.version;
    const version = overrideVersion(ctx.mirror, pinned);
    writeFileSync(join(dir, OVERRIDE_FILE), `${JSON.stringify(scratchOverride({ ...(version === undefined ? {} : { providerVersion: version }), endpoints }), null, 2)}\n`);
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
    const plan = await terraform(ctx, dir, ['plan', '-refresh=false', '-input=false', '-no-color', '-lock=false', '-out=tfplan'], TIMEOUTS.plan);
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
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function sameShim(a: readonly ShimApplication[], b: readonly ShimApplication[]): boolean {
  const key = (s: ShimApplication): string => `${s.entry} ${s.address} ${s.attribute} ${s.from} ${s.to ?? ''}`;
  return JSON.stringify(a.map(key).sort()) === JSON.stringify(b.map(key).sort());
}

interface StackOutcome {
  readonly summary: StackSummary;
  readonly installedVersion?: string;
  /** Occurrences per shim entry in this stack's JSON synth. */
  readonly occurrences: number[];
  readonly applied: boolean[];
}

async function checkStack(ctx: Context, stack: string, manifest: Manifest, repeat: Manifest): Promise<StackOutcome> {
  const entry = manifest.stacks[stack];
  const synthFile = join(ROOT, SYNTH_DIR, entry.synthesizedStackPath);
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
    json = await checkScratch(ctx, stack, 'json', join(ROOT, SYNTH_DIR, entry.workingDirectory), synthDoc, stubServers);
    for (const s of json.shim) {
      occurrences[s.entry] = (occurrences[s.entry] ?? 0) + 1;
      const e = SHIM_ENTRIES[s.entry];
      if (e && shimNeeded(e, json.installedVersion)) applied[s.entry] = true;
    }
    problems.push(...json.validateProblems.map((p) => `validate (JSON): ${p}`), ...json.problems);
    lines.push(json.validateProblems.length === 0 ? '  validate ok (JSON)' : `  validate FAILED (JSON): ${json.validateProblems.join('; ')}`);

    hcl = await checkScratch(ctx, stack, 'hcl', join(ROOT, HCL_DIR, entry.workingDirectory), synthDoc, stubServers);
    problems.push(...hcl.validateProblems.map((p) => `validate (HCL): ${p}`));
    if (!sameShim(json.shim, hcl.shim)) problems.push(`the shim found ${hcl.shim.length} places in the HCL but ${json.shim.length} in the JSON`);
    lines.push(hcl.validateProblems.length === 0 ? '  validate ok (HCL)' : `  validate FAILED (HCL): ${hcl.validateProblems.join('; ')}`);

    if (json.plan) {
      const { add, change, destroy } = json.plan.counts;
      lines.push(`  plan: ${add} to add, ${change} to change, ${destroy} to destroy`);
      mkdirSync(join(ROOT, PLANS_DIR), { recursive: true });
      writeFileSync(join(ROOT, PLANS_DIR, `${stack}.json`), JSON.stringify(json.plan.doc));
      const repeatEntry = repeat.stacks[stack];
      if (!repeatEntry) problems.push('the second synth has no such stack');
      else {
        const again = await checkScratch(ctx, stack, 'repeat', join(ROOT, REPEAT_SYNTH_DIR, repeatEntry.workingDirectory), synthDoc, stubServers);
        problems.push(...again.validateProblems.map((p) => `validate (second synth): ${p}`), ...again.problems.map((p) => `second synth: ${p}`));
        if (again.plan) {
          mkdirSync(join(ROOT, REPEAT_PLANS_DIR), { recursive: true });
          writeFileSync(join(ROOT, REPEAT_PLANS_DIR, `${stack}.json`), JSON.stringify(again.plan.doc));
          const differences = determinismProblems(json.plan.doc, again.plan.doc);
          problems.push(...differences.map((d) => `not deterministic: ${d}`));
          deterministic = differences.length === 0;
          lines.push(deterministic ? '  second synth: identical plan' : `  second synth: plan DIFFERS (${differences.slice(0, 3).join('; ')})`);
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
  lines.push(appliedShim.length === 0 ? '  shim: none applied' : `  shim: ${appliedShim.map((s) => `${s.address}.${s.attribute} ${s.from}${s.to ? ` -> ${s.to}` : ' dropped'}`).join(', ')}`);
  const stubs = (json?.stubs ?? []).map(({ stub, answered }) => ({ dataSource: stub.dataSource, endpoint: stub.endpoint, operation: stub.operation, answered }));
  lines.push(stubs.length === 0 ? '  stubs: none' : `  stubs: ${stubs.map((s) => `data.${s.dataSource} answered locally (${s.endpoint} ${s.operation} on 127.0.0.1, ${s.answered} call${s.answered === 1 ? '' : 's'})`).join(', ')}`);
  for (const p of problems) lines.push(`  FAILED: ${p}`);
  console.log(lines.join('\n'));
  return {
    summary: {
      stack,
      synthSha256: sha256(synthFile),
      validate: { json: json !== undefined && json.validateProblems.length === 0, hcl: hcl !== undefined && hcl.validateProblems.length === 0 },
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

/** Runs `jobs` with at most `limit` at once, results in input order. */
async function pool<T, R>(items: readonly T[], limit: number, job: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next;
      next += 1;
      results[i] = await job(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, () => worker()));
  return results;
}

function concurrency(): number {
  const raw = process.env.TF_CHECK_CONCURRENCY;
  if (raw === undefined || raw === '') return DEFAULT_CONCURRENCY;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 4) throw new TfCheckError(`tf:check: TF_CHECK_CONCURRENCY=${raw}: expected an integer from 1 to 4`, TF_CHECK_EXIT.usage);
  return n;
}

async function fmtProblems(ctx: Context): Promise<string[]> {
  const result = await terraform(ctx, ROOT, ['fmt', '-check', '-recursive', '-no-color', HCL_DIR], TIMEOUTS.fmt);
  if (result.code === 0) return [];
  const files = result.stdout.trim().split('\n').filter((l) => l !== '');
  return [`the HCL output is not fmt-clean (${files.join(', ') || firstLines(result.stderr)}); npm run synth formats it with terraform fmt`];
}

async function main(argv: readonly string[]): Promise<number> {
  const unknown = argv.filter((a) => a !== '--no-synth');
  if (unknown.length > 0) throw new TfCheckError(`tf:check: unknown argument ${unknown[0] ?? ''}; usage: npm run tf:check [-- --no-synth]`, TF_CHECK_EXIT.usage);
  const limit = concurrency();
  // No binary: stop before anything else.
  const binary = findTerraform(process.env, EMPTY_CLI_CONFIG);
  const mirror = findProviderMirror({ env: process.env });
  mkdirSync(join(ROOT, TF_CHECK_DIR), { recursive: true });
  for (const dir of [PLANS_DIR, REPEAT_PLANS_DIR, WORK_DIR, SUMMARY_JSON, SUMMARY_MARKDOWN]) rmSync(join(ROOT, dir), { recursive: true, force: true });
  mkdirSync(join(ROOT, PLUGIN_CACHE_DIR), { recursive: true });
  writeFileSync(join(ROOT, CLI_CONFIG), mirrorCliConfig(mirror, join(ROOT, PLUGIN_CACHE_DIR)));
  const ctx: Context = { terraform: binary, mirror, env: terraformEnv() };
  console.log(`terraform ${binary.version} (${binary.path})`);
  console.log(mirror ? `provider mirror: ${mirror.dir} (found by ${mirror.source}), hashicorp/aws ${mirror.versions.join(', ')}` : 'provider mirror: none found (TF_PLUGIN_MIRROR, plugin cache, plugin directories, search); terraform init installs from the registry');

  if (!argv.includes('--no-synth')) await synthesize();
  const manifest = readManifest(SYNTH_DIR);
  const repeat = readManifest(REPEAT_SYNTH_DIR);
  const problems: string[] = [];
  const stacks = Object.keys(manifest.stacks).sort();
  const repeatStacks = Object.keys(repeat.stacks).sort();
  if (JSON.stringify(stacks) !== JSON.stringify(repeatStacks)) problems.push(`the two synths wrote different stacks: ${stacks.join(', ')} vs ${repeatStacks.join(', ')}`);
  problems.push(...(await fmtProblems(ctx)));

  // Terraform's plugin cache is not safe for concurrent inits: registry installs go one stack at a time.
  const outcomes = await pool(stacks, mirror ? limit : 1, (stack) => checkStack(ctx, stack, manifest, repeat));
  for (const o of outcomes) problems.push(...o.summary.problems.map((p) => `${o.summary.stack}: ${p}`));

  const installed = outcomes.find((o) => o.installedVersion !== undefined)?.installedVersion ?? 'unknown';
  const reports: ShimReport[] = SHIM_ENTRIES.map((entry, i) => ({
    entry,
    applied: outcomes.some((o) => o.applied[i] === true),
    occurrences: outcomes.reduce((sum, o) => sum + (o.occurrences[i] ?? 0), 0),
  }));
  if (installed !== 'unknown') problems.push(...shimProblems(reports, installed));
  for (const stub of LOCAL_STUBS) {
    if (!outcomes.some((o) => o.summary.stubs.some((s) => s.dataSource === stub.dataSource))) {
      problems.push(`stub for data.${stub.dataSource}: no stack uses it any more; remove it from scripts/tf-check/local-stubs.ts`);
    }
  }
  console.log(`shim table (hashicorp/aws ${installed} installed):`);
  for (const r of reports) console.log(`  ${describeEntry(r.entry)}: ${r.applied ? 'applied' : 'not applied (provider has it)'}, ${r.occurrences} place${r.occurrences === 1 ? '' : 's'}`);

  const summary: CheckSummary = {
    terraformVersion: binary.version,
    provider: { version: installed, installedFrom: mirror ? 'mirror' : 'registry', ...(mirror ? { mirror: mirror.dir, foundBy: mirror.source } : {}) },
    shimEntries: reports.map((r) => ({ description: describeEntry(r.entry), applied: r.applied, occurrences: r.occurrences })),
    stacks: outcomes.map((o) => o.summary),
    problems,
    ok: problems.length === 0,
  };
  writeFileSync(join(ROOT, SUMMARY_JSON), `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(join(ROOT, SUMMARY_MARKDOWN), summaryMarkdown(summary));
  if (problems.length > 0) {
    console.error(`tf:check: FAILED, ${problems.length} problem${problems.length === 1 ? '' : 's'}:`);
    for (const p of problems) console.error(`  ${p}`);
    return TF_CHECK_EXIT.failed;
  }
  console.log(`tf:check: ok, ${stacks.length} stacks validated (JSON + HCL) and planned; plans in ${PLANS_DIR}/`);
  return TF_CHECK_EXIT.ok;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof TfCheckError) {
      console.error(error.message);
      process.exitCode = error.exitCode;
      return;
    }
    console.error(`tf:check: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = TF_CHECK_EXIT.runtime;
  },
);
