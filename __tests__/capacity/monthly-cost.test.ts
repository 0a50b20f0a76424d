import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { defaultLoad, monthlyCost, renderCostTable, runsPerMonth, type CostLine } from '../../capacity/monthly-cost';
import { PRICES } from '../../capacity/prices';
import { parseEnvironments, type EnvironmentConfig } from '../../config/environment';
import { ENVIRONMENTS } from '../../config/environments';
import { DATASETS } from '../../datasets/registry';
import { TURBINE_IDS } from '../../datasets/turbine-telemetry';
import { synthesizeApp } from '../../scripts/deployer/synth-stacks';
import type { SynthesizedStack } from '../../scripts/deployer/deployer-permissions';
import { fixtureBundle } from '../stacks/factories';

const ENVS = parseEnvironments(
  ENVIRONMENTS,
  DATASETS.map((d) => d.name),
);
const env = (name: string): EnvironmentConfig => {
  const found = ENVS.find((e) => e.name === name);
  if (found === undefined) throw new Error(name);
  return found;
};
const LOAD = defaultLoad(TURBINE_IDS.length);
const TEN = Object.fromEntries(Object.entries(LOAD).map(([k, v]) => [k, v * 10]));

describe('Function: monthlyCost', () => {
  let stacks: SynthesizedStack[];
  const json = (name: string): SynthesizedStack['json'] => {
    const found = stacks.find((s) => s.name === `pipeline-${name}`);
    if (found === undefined) throw new Error(name);
    return found.json;
  };
  const line = (lines: readonly CostLine[], item: string): CostLine => {
    const found = lines.find((l) => l.item.startsWith(item));
    if (found === undefined) throw new Error(`${item}: ${lines.map((l) => l.item).join(', ')}`);
    return found;
  };
  beforeAll(() => {
    stacks = synthesizeApp({ processorBundle: fixtureBundle() });
  });

  it('counts what the synthesized stack holds: streams, delivery streams, domain nodes, alarms, keys', () => {
    // Act
    const prod = monthlyCost(env('prod'), DATASETS, json('prod'), LOAD);
    const dev = monthlyCost(env('dev'), DATASETS, json('dev'), LOAD);

    // Assess
    expect(line(prod, 'Kinesis on-demand streams').quantity).toBe('1,460 stream-hours');
    expect(line(prod, 'Firehose ingestion').item).toBe('Firehose ingestion (6 streams)');
    expect(line(dev, 'Firehose ingestion').item).toBe('Firehose ingestion (4 streams)');
    expect(prod.some((l) => l.item.startsWith('OpenSearch'))).toBe(true);
    expect(dev.some((l) => l.item.startsWith('OpenSearch'))).toBe(false);
    const alarms = Object.keys((json('prod').resource?.aws_cloudwatch_metric_alarm ?? {}) as object).length;
    expect(Number(line(prod, 'CloudWatch alarm metrics').quantity.split(' ')[0])).toBeGreaterThan(alarms);
  });

  it('bills Kinesis per 1 KB and Firehose per 5 KB of each 500 B record', () => {
    const prod = monthlyCost(env('prod'), DATASETS, json('prod'), { 'access-logs': 1, 'turbine-telemetry': 0 });
    const records = 730 * 3600;
    expect(line(prod, 'Kinesis data written').usd).toBeCloseTo(((records * 1024) / 1024 ** 3) * PRICES.kinesisOnDemandIngestGb.usd, 6);
    // access-logs has three delivery streams (raw, processed, search), each billed 5 KB per record.
    expect(line(prod, 'Firehose ingestion').usd).toBeCloseTo(((3 * records * 5120) / 1024 ** 3) * PRICES.firehoseIngestGb.usd, 6);
  });

  it('scales the per-record lines by 10 and keeps the fixed ones', () => {
    const base = monthlyCost(env('prod'), DATASETS, json('prod'), LOAD);
    const ten = monthlyCost(env('prod'), DATASETS, json('prod'), TEN);
    expect(ten.map((l) => l.item)).toEqual(base.map((l) => l.item));
    for (const item of ['Kinesis data written', 'Firehose ingestion', 'S3 Standard', 'Kinesis extended retention'])
      expect(line(ten, item).usd).toBeCloseTo(10 * line(base, item).usd, 6);
    for (const item of ['Kinesis on-demand streams', 'OpenSearch gp3 storage', 'CloudWatch alarm metrics', 'KMS customer managed keys'])
      expect(line(ten, item).usd).toBe(line(base, item).usd);
  });

  it('leaves an OpenSearch instance type without a list price unpriced, and says so in the total', () => {
    const domainJson = {
      resource: {
        aws_opensearch_domain: {
          d: { cluster_config: { instance_type: 'x9.huge.search', instance_count: 2 }, ebs_options: { volume_size: 10 } },
        },
      },
    };
    const lines = monthlyCost(env('prod'), DATASETS, domainJson, LOAD);
    expect(Number.isNaN(line(lines, 'OpenSearch 2 x x9.huge.search').usd)).toBe(true);
    expect(renderCostTable(lines, lines, 10)).toMatch(/\| \*\*total\*\* \| \| \| \*\*\$[\d.]+ \+ unpriced\*\* \|/);
  });

  it.each([
    ['cron(0 * * * ? *)', 730],
    ['cron(0 */6 * * ? *)', 121.67],
    ['cron(15 2 * * ? *)', 30.42],
  ])('runs %s about %d times a month', (cron, runs) => {
    expect(runsPerMonth(cron)).toBeCloseTo(runs, 1);
  });

  it.each(['dev', 'prod'])('is what docs/deploy.md shows for %s', (name) => {
    const doc = readFileSync(path.join(__dirname, '..', '..', 'docs', 'deploy.md'), 'utf8');
    const begin = `<!-- monthly cost ${name}: begin -->\n`;
    const start = doc.indexOf(begin);
    expect(start).toBeGreaterThanOrEqual(0);
    const block = doc.slice(start + begin.length, doc.indexOf(`<!-- monthly cost ${name}: end -->`, start));
    expect(block).toBe(
      renderCostTable(monthlyCost(env(name), DATASETS, json(name), LOAD), monthlyCost(env(name), DATASETS, json(name), TEN), 10),
    );
  });
});
