/**
 * npm run bench:synth — the full synth of main.ts (both environments, both
 * datasets, the bootstrap stack, the processor bundle) against a bare
 * `new App(); app.synth()` of an empty stack. Both run as compiled JavaScript in
 * a fresh Node process each time, exactly as `cdktf synth` runs the app
 * (cdktf.json: scripts/compile-app.mjs, then node .gen/app/main.js).
 * Budget (issue 2): full synth <= 1.5 s wall and <= 400 MB peak RSS.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handleBenchArguments } from './support/bench-arguments';

handleBenchArguments(__filename);

const ROOT = join(__dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const BUDGET = { wallMs: 1500, rssMb: 400 };
const EMPTY_APP = "const { App, TerraformStack } = require('cdktf'); const app = new App(); new TerraformStack(app, 'empty'); app.synth();";

interface Sample {
  readonly wallMs: number;
  readonly inProcessMs: number;
  readonly maxRssMb: number;
}

function run(args: readonly string[]): Sample {
  const outdir = mkdtempSync(join(tmpdir(), 'synth-bench-'));
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--require', join(__dirname, 'report-usage.cjs'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1', CDKTF_OUTDIR: outdir },
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  rmSync(outdir, { recursive: true, force: true });
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} failed (exit ${child.status}): ${child.stderr}`);
  const line = child.stderr.split('\n').find((l) => l.startsWith('BENCH_USAGE '));
  if (!line) throw new Error(`no usage report from node ${args.join(' ')}`);
  return { wallMs, ...(JSON.parse(line.slice('BENCH_USAGE '.length)) as { inProcessMs: number; maxRssMb: number }) };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function summarize(samples: readonly Sample[]): Sample {
  return {
    wallMs: median(samples.map((s) => s.wallMs)),
    inProcessMs: median(samples.map((s) => s.inProcessMs)),
    maxRssMb: Math.max(...samples.map((s) => s.maxRssMb)),
  };
}

const compileStarted = process.hrtime.bigint();
const compile = spawnSync(process.execPath, [join(ROOT, 'scripts', 'compile-app.mjs')], { cwd: ROOT, encoding: 'utf8' });
if (compile.status !== 0) throw new Error(`compile-app failed: ${compile.stderr}`);
const compileMs = Number(process.hrtime.bigint() - compileStarted) / 1e6;

const full = (): Sample => run([join(ROOT, '.gen', 'app', 'main.js')]);
const empty = (): Sample => run(['-e', EMPTY_APP]);
full(); // warm the file cache and esbuild's binary
const emptySamples: Sample[] = [];
const fullSamples: Sample[] = [];
for (let i = 0; i < RUNS; i += 1) {
  // Interleaved, so drift on a noisy machine hits both sides alike.
  emptySamples.push(empty());
  fullSamples.push(full());
}
const base = summarize(emptySamples);
const all = summarize(fullSamples);
const fmt = (n: number): string => n.toFixed(0).padStart(8);
console.log(`synth bench: ${RUNS} interleaved runs each; medians, peak RSS is the max`);
console.log(`compile main.ts (esbuild, once per synth)  ${compileMs.toFixed(0)} ms`);
console.log(`                         wall ms  in-proc ms  peak RSS MB`);
console.log(`empty stack (baseline) ${fmt(base.wallMs)}    ${fmt(base.inProcessMs)}     ${fmt(base.maxRssMb)}`);
console.log(`full synth             ${fmt(all.wallMs)}    ${fmt(all.inProcessMs)}     ${fmt(all.maxRssMb)}`);
console.log(
  `ratio full/baseline: ${(all.wallMs / base.wallMs).toFixed(2)}x wall, ${(all.inProcessMs / base.inProcessMs).toFixed(2)}x in-process, ${(all.maxRssMb / base.maxRssMb).toFixed(2)}x RSS`,
);
const within = all.wallMs + compileMs <= BUDGET.wallMs && all.maxRssMb <= BUDGET.rssMb;
console.log(`budget: compile + full synth <= ${BUDGET.wallMs} ms and <= ${BUDGET.rssMb} MB: ${within ? 'met' : 'MISSED'}`);
process.exitCode = within ? 0 : 1;
