/**
 * npm run bench:migrate — the local `apply` of every migration from an empty
 * lake (open the engine, take the lock, validate, run each statement, write the
 * history after each one), against a baseline measured in the same run: opening
 * the same engine on an empty lake and running one trivial query. Reports the
 * best of alternated rounds for both and their ratio, plus the statement count.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { applyMigrations, createLocalEngine } from '../migrate';
import { handleBenchArguments } from './support/bench-arguments';

handleBenchArguments(__filename);

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);

async function timed(work: (dataDir: string) => Promise<void>): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-migrate-'));
  try {
    const t0 = performance.now();
    await work(dataDir);
    return performance.now() - t0;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// Best of the rounds: on a shared machine the minimum is the least disturbed measurement of a short task.
const best = (values: readonly number[]): number => Math.min(...values);

async function main(): Promise<void> {
  let statements = 0;
  const baseline = async (dataDir: string): Promise<void> => {
    const engine = await createLocalEngine({ dataDir, env: 'dev' });
    await engine.query('SELECT 1 AS n');
    await engine.close();
  };
  const applyFromEmpty = async (dataDir: string): Promise<void> => {
    const engine = await createLocalEngine({ dataDir, env: 'dev' });
    const result = await applyMigrations(engine);
    statements = result.applied.reduce((n, a) => n + a.statements, 0);
    await engine.close();
  };
  // Warm-up: module loading and DuckDB's first instance, not measured.
  await timed(applyFromEmpty);

  const base: number[] = [];
  const apply: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    base.push(await timed(baseline));
    apply.push(await timed(applyFromEmpty));
  }
  const b = best(base);
  const a = best(apply);
  process.stdout.write(
    [
      `local apply from empty: ${statements} statements, best of ${ROUNDS} alternated rounds`,
      `  baseline (open engine + SELECT 1): ${b.toFixed(1)} ms`,
      `  apply from empty (open engine + all migrations): ${a.toFixed(1)} ms`,
      `  ratio apply / baseline: ${(a / b).toFixed(2)}`,
      `  apply minus baseline: ${(a - b).toFixed(1)} ms (${((a - b) / statements).toFixed(1)} ms per statement)`,
    ].join('\n') + '\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:migrate: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
