// npm run tf:check: real Terraform over every synthesized stack, offline. Synthesizes (twice, for
// determinism), then per stack in scratch copies under .tf-check/: init, validate (JSON and HCL),
// plan -refresh=false with fake credentials, show -json -> .tf-check/plans/<stack>.json.
// Exit codes: 0 ok, 1 runtime failure, 2 usage, 3 checks failed (or no terraform binary).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { join, resolve } from 'node:path';
import { summaryMarkdown, type CheckSummary } from './tf-check/check-summary';
import { describeEntry, shimProblems, type ShimReport } from './tf-check/compat-shim';
import { SHIM_ENTRIES } from './tf-check/compat-shim-entries';
import { runCli } from '../cli/error-boundary';
import { TF_CHECK_EXIT, TfCheckError } from './tf-check/errors';
import { hclFmtProblems } from './tf-check/hcl-fmt-check';
import { unusedStubProblems } from './tf-check/local-stubs';
import { pool } from './tf-check/pool';
import { findProviderMirror, mirrorCliConfig, type ProviderMirror } from './tf-check/provider-mirror';
import { acquireRunLock } from './tf-check/run-lock';
import { killRunningCommands } from './tf-check/run-command';
import { checkStack } from './tf-check/stack-check';
import { readManifest, synthesize } from './tf-check/synthesize';
import { findTerraform, type TerraformBinary } from './tf-check/terraform-binary';
import { terraformEnv, type Context } from './tf-check/terraform-context';
import {
  CLI_CONFIG,
  DEFAULT_CONCURRENCY,
  HCL_DIR,
  PLANS_DIR,
  PLUGIN_CACHE_DIR,
  REPEAT_PLANS_DIR,
  REPEAT_SYNTH_DIR,
  RUN_LOCK,
  SUMMARY_JSON,
  SUMMARY_MARKDOWN,
  SYNTH_DIR,
  TF_CHECK_DIR,
  WORK_DIR,
} from './tf-check/tf-check-defaults';

const ROOT = resolve(__dirname, '..');
const EMPTY_CLI_CONFIG = resolve(__dirname, 'empty-cli-config.tfrc');

function concurrency(): number {
  const raw = process.env.TF_CHECK_CONCURRENCY;
  if (raw === undefined || raw === '') return DEFAULT_CONCURRENCY;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 4)
    throw new TfCheckError(`TF_CHECK_CONCURRENCY=${raw}: expected an integer from 1 to 4`, TF_CHECK_EXIT.usage);
  return n;
}

async function main(argv: readonly string[]): Promise<number> {
  const unknown = argv.filter((a) => a !== '--no-synth' && a !== '--verbose');
  if (unknown.length > 0)
    throw new TfCheckError(
      `unknown argument ${unknown[0] ?? ''}; usage: npm run tf:check [-- --no-synth] [--verbose]`,
      TF_CHECK_EXIT.usage,
    );
  const limit = concurrency();
  const started = Date.now();
  // No binary: stop before anything else.
  const binary = findTerraform(process.env, EMPTY_CLI_CONFIG);
  const mirror = findProviderMirror({ env: process.env });
  mkdirSync(join(ROOT, TF_CHECK_DIR), { recursive: true });
  // Before deleting anything: a second run would delete the first one's plans and scratch copies.
  const release = acquireRunLock(join(ROOT, RUN_LOCK));
  process.on('exit', release);
  try {
    return await checkAll(argv, limit, started, binary, mirror);
  } finally {
    release();
  }
}

async function checkAll(
  argv: readonly string[],
  limit: number,
  started: number,
  binary: TerraformBinary,
  mirror: ProviderMirror | undefined,
): Promise<number> {
  for (const dir of [PLANS_DIR, REPEAT_PLANS_DIR, WORK_DIR, SUMMARY_JSON, SUMMARY_MARKDOWN])
    rmSync(join(ROOT, dir), { recursive: true, force: true });
  mkdirSync(join(ROOT, PLUGIN_CACHE_DIR), { recursive: true });
  writeFileSync(join(ROOT, CLI_CONFIG), mirrorCliConfig(mirror, join(ROOT, PLUGIN_CACHE_DIR)));
  const ctx: Context = { root: ROOT, terraform: binary, mirror, env: terraformEnv(ROOT) };
  console.log(`terraform ${binary.version} (${binary.path})`);
  console.log(
    mirror
      ? `provider mirror: ${mirror.dir} (found by ${mirror.source}), hashicorp/aws ${mirror.versions.join(', ')}`
      : 'provider mirror: none found (TF_PLUGIN_MIRROR, plugin cache, plugin directories, search); terraform init installs from the registry',
  );

  if (!argv.includes('--no-synth')) await synthesize(ROOT, EMPTY_CLI_CONFIG);
  const manifest = readManifest(ROOT, SYNTH_DIR);
  const repeat = readManifest(ROOT, REPEAT_SYNTH_DIR);
  const problems: string[] = [];
  const stacks = Object.keys(manifest.stacks).sort();
  const repeatStacks = Object.keys(repeat.stacks).sort();
  if (JSON.stringify(stacks) !== JSON.stringify(repeatStacks))
    problems.push(`the two synths wrote different stacks: ${stacks.join(', ')} vs ${repeatStacks.join(', ')}`);
  problems.push(...(await hclFmtProblems(binary.path, join(ROOT, HCL_DIR), ctx.env)));

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
  problems.push(...unusedStubProblems(new Set(outcomes.flatMap((o) => o.summary.stubs.map((s) => s.dataSource)))));
  console.log(`shim table (hashicorp/aws ${installed} installed):`);
  for (const r of reports)
    console.log(
      `  ${describeEntry(r.entry)}: ${r.applied ? 'applied' : 'not applied (provider has it)'}, ${r.occurrences} place${r.occurrences === 1 ? '' : 's'}`,
    );

  const summary: CheckSummary = {
    terraformVersion: binary.version,
    provider: {
      version: installed,
      installedFrom: mirror ? 'mirror' : 'registry',
      ...(mirror ? { mirror: mirror.dir, foundBy: mirror.source } : {}),
    },
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
  console.log(
    `tf:check: ok, ${stacks.length} stacks validated (JSON + HCL) and planned in ${((Date.now() - started) / 1000).toFixed(0)} s; plans in ${PLANS_DIR}/`,
  );
  return TF_CHECK_EXIT.ok;
}

// Stopped (Ctrl-C, a CI cancel, kill): terraform runs in process groups of its own (run-command.ts),
// so nothing else stops it. Kill those groups, then exit; the 'exit' handler releases the run lock.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    const killed = killRunningCommands();
    console.error(`tf:check: stopped by ${signal}; ${killed} running command${killed === 1 ? '' : 's'} killed`);
    process.exit(128 + osConstants.signals[signal]);
  });
}

// The project's one error boundary: `tf:check: <message>` on one line, and the error's exit code.
void runCli('tf:check', () => main(process.argv.slice(2)));
