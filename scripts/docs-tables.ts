import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { capacityReport } from '../capacity/capacity-model';
import { defaultLoad, monthlyCost, renderCostTable } from '../capacity/monthly-cost';
import { renderReport } from '../capacity/render-report';
import { configuredEnvironments } from '../config/environment-lookup';
import { DATASETS } from '../datasets/registry';
import { TURBINE_IDS } from '../datasets/turbine-telemetry';
import { deployerPermissions, renderPermissions } from './deployer/deployer-permissions';
import { synthesizeApp } from './deployer/synth-stacks';

/**
 * Rewrites the generated blocks of docs/capacity.md (capacity tables) and docs/deploy.md
 * (deployer permissions, monthly cost) from the code, in place. The tests in
 * __tests__/capacity and __tests__/ops fail when a block differs from what this writes.
 */
const ROOT = join(__dirname, '..');

function replaceBlock(doc: string, begin: string, end: string, body: string): string {
  const start = doc.indexOf(begin);
  const stop = doc.indexOf(end, start + begin.length);
  if (start < 0 || stop < 0) throw new Error(`marker '${begin.trim()}' not found`);
  return doc.slice(0, start + begin.length) + body + doc.slice(stop);
}

const environments = configuredEnvironments();

let capacity = readFileSync(join(ROOT, 'docs', 'capacity.md'), 'utf8');
for (const env of environments) {
  for (const n of [1_000, 10_000, 100_000]) {
    const printed = renderReport(capacityReport({ env, datasets: DATASETS, eventsPerSecond: n })).replace(/\n+$/, '\n');
    capacity = replaceBlock(
      capacity,
      `<!-- npm run capacity -- --env ${env.name} --events-per-second ${n} -->\n\`\`\`text\n`,
      '```',
      printed,
    );
  }
}
writeFileSync(join(ROOT, 'docs', 'capacity.md'), capacity);

const stacks = synthesizeApp();
let deploy = readFileSync(join(ROOT, 'docs', 'deploy.md'), 'utf8');
deploy = replaceBlock(
  deploy,
  '<!-- npm run deployer:permissions: begin -->\n',
  '<!-- npm run deployer:permissions: end -->',
  renderPermissions(deployerPermissions(stacks)),
);
const load = defaultLoad(TURBINE_IDS.length);
const tenfold = Object.fromEntries(Object.entries(load).map(([k, v]) => [k, v * 10]));
for (const env of environments) {
  const json = stacks.find((s) => s.name === `pipeline-${env.name}`)?.json ?? {};
  deploy = replaceBlock(
    deploy,
    `<!-- monthly cost ${env.name}: begin -->\n`,
    `<!-- monthly cost ${env.name}: end -->`,
    renderCostTable(monthlyCost(env, DATASETS, json, load), monthlyCost(env, DATASETS, json, tenfold), 10),
  );
}
writeFileSync(join(ROOT, 'docs', 'deploy.md'), deploy);
process.stdout.write('docs/capacity.md and docs/deploy.md: generated blocks rewritten\n');
