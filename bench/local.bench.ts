/**
 * npm run bench:local — the default `npm run local` (both datasets, every
 * scenario, migrations, saved queries, alarms, report) end to end: records per
 * second and the share of wall time per stage. The baseline, measured in the same
 * run, is the produce stage alone (PutRecords into kinesalite); the ratio
 * end-to-end / produce says what the rest of the data plane costs on top of
 * getting the records into the local Kinesis. Target (issue 7): the default run
 * within 90 s on 2 cores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runLocal, STAGES } from '../local/run-local';
import { silenceSdkNodeVersionWarning } from '../aws/sdk-node-warning';
import { handleBenchArguments } from './support/bench-arguments';

handleBenchArguments(__filename);

const TARGET_SECONDS = 90;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-local-'));
  try {
    const t0 = performance.now();
    const result = await runLocal({ dataDir, invalidRecords: 20 });
    const totalMs = performance.now() - t0;
    const records = result.datasets.reduce((n, d) => n + d.produced, 0);
    const stagedMs = STAGES.reduce((n, s) => n + result.stageMs[s], 0);
    const lines = [
      `bench:local — default run, ${records} records (${result.datasets.map((d) => `${d.dataset} ${d.produced}`).join(', ')}), checks ${result.ok ? 'passed' : 'FAILED'}`,
      `end to end: ${(totalMs / 1000).toFixed(1)} s wall, ${Math.round(records / (totalMs / 1000))} records/s (target: <= ${TARGET_SECONDS} s: ${totalMs / 1000 <= TARGET_SECONDS ? 'met' : 'MISSED'})`,
      `baseline (produce stage alone): ${Math.round(records / (result.stageMs.produce / 1000))} records/s; end-to-end / produce time ratio ${(totalMs / result.stageMs.produce).toFixed(2)}`,
      'share of time per stage:',
      ...STAGES.map(
        (s) =>
          `  ${s.padEnd(14)} ${(result.stageMs[s] / 1000).toFixed(2).padStart(7)} s  ${((100 * result.stageMs[s]) / totalMs).toFixed(1).padStart(5)} %`,
      ),
      `  ${'setup/teardown'.padEnd(14)} ${((totalMs - stagedMs) / 1000).toFixed(2).padStart(7)} s  ${((100 * (totalMs - stagedMs)) / totalMs).toFixed(1).padStart(5)} %`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (!result.ok) process.exitCode = 1;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

silenceSdkNodeVersionWarning();
void main();
