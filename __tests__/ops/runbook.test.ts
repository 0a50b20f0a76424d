import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Testing } from 'cdktf';
import { RUNBOOK_PATH } from '../../config/runbook';
import { DATASETS } from '../../datasets/registry';
import { runLocal } from '../../local/run-local';
import { applyMigrations, createLocalEngine } from '../../migrate/index';
import { runQuery } from '../../query/run-query';
import { PipelineStack } from '../../stacks/pipeline-stack';
import { removeRunDirs, smallRunOptions } from '../local/factories';
import { environment, fixtureBundle } from '../stacks/factories';

const ROOT = join(__dirname, '..', '..');
const runbook = readFileSync(join(ROOT, RUNBOOK_PATH), 'utf8');
/** Anchors of the runbook's sections. */
const anchors = new Set([...runbook.matchAll(/<a id="(alarm-[a-z0-9-]+)"><\/a>\n### /g)].map((m) => m[1]));

/** The description of every alarm a stack synthesizes, by alarm name. */
function alarmDescriptions(env: 'dev' | 'prod'): Map<string, string> {
  const stack = new PipelineStack(Testing.app(), `pipeline-${env}`, {
    env: environment(env),
    datasets: DATASETS,
    processorBundle: fixtureBundle(),
  });
  const json = JSON.parse(Testing.synth(stack)) as {
    resource?: Record<string, Record<string, { alarm_name: string; alarm_description?: string }>>;
  };
  return new Map(Object.values(json.resource?.aws_cloudwatch_metric_alarm ?? {}).map((a) => [a.alarm_name, a.alarm_description ?? '']));
}

describe('Runbook: docs/operations.md, one section per alarm', () => {
  it('every alarm of both environments ends its description with a link to a section that exists, and every section is linked', () => {
    const linked = new Set<string>();
    for (const env of ['dev', 'prod'] as const) {
      const alarms = alarmDescriptions(env);
      expect(alarms.size).toBeGreaterThan(10);
      for (const [name, description] of alarms) {
        const link = / Runbook: docs\/operations\.md#(alarm-[a-z0-9-]+)$/.exec(description);
        expect([name, link?.[1] !== undefined && anchors.has(link[1])]).toEqual([name, true]);
        expect(description.length).toBeLessThanOrEqual(1024);
        linked.add(link?.[1] ?? '');
      }
    }
    expect([...anchors].sort()).toEqual([...linked].sort());
  });

  it('every section says what the alarm means, the first query, when to replay and when to escalate', () => {
    const sections = runbook.split(/<a id="alarm-/).slice(1);
    expect(sections).toHaveLength(anchors.size);
    for (const section of sections) {
      const title = section.slice(0, section.indexOf('\n'));
      for (const part of ['**Means**', '**First query**', '**Replay**', '**Escalate**'])
        expect([title, section.includes(part)]).toEqual([title, true]);
    }
  });

  it('every npm run query of the runbook runs on the local engine (tables, views, functions)', async () => {
    // Prepare: an empty lake with the migrations applied, as a local run leaves it.
    const dataDir = mkdtempSync(join(tmpdir(), 'runbook-'));
    const engine = await createLocalEngine({ dataDir, env: 'dev' });
    await applyMigrations(engine);
    await engine.close();
    const inline = [...runbook.matchAll(/`npm run query -- "([^`]+)"`/g)].map((m) => m[1] ?? '').filter((sql) => !sql.startsWith('<'));
    // Saved queries named in the runbook (`name`), run from their files as `npm run query -- --file` does.
    const saved = new Set(readdirSync(join(ROOT, 'sql', 'queries')).map((f) => f.replace(/\.sql$/, '')));
    const files = [...new Set([...runbook.matchAll(/`([a-z_]+)`/g)].map((m) => m[1] ?? '').filter((n) => saved.has(n)))].map(
      (n) => `sql/queries/${n}.sql`,
    );
    expect(inline.length).toBeGreaterThanOrEqual(5);
    expect(files.length).toBeGreaterThanOrEqual(5);
    try {
      // Act + assess: each runs to the end (an empty result is fine; an error is not).
      for (const sql of inline) {
        await expect(
          runQuery({ sql, source: 'SQL', dataDir, format: 'json', output: { write: () => true, once: () => undefined } }),
        ).resolves.toBeGreaterThanOrEqual(0);
      }
      for (const file of files) {
        const sql = readFileSync(join(ROOT, file), 'utf8');
        await expect(
          runQuery({ sql, source: file, dataDir, format: 'csv', output: { write: () => true, once: () => undefined } }),
        ).resolves.toBeGreaterThanOrEqual(0);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("the local run's HTML report links each alert to its section", async () => {
    // Prepare: a run with scenarios that raise alerts, and its report.
    const result = await runLocal(smallRunOptions({ accessLogScenarios: ['outage'], turbineScenarios: ['fault'], report: true }));
    try {
      expect(result.alerts.length).toBeGreaterThan(0);
      const html = readFileSync(result.files.report ?? '', 'utf8');
      // Act
      const links = [...html.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)];
      // Assess: one per alert, to this checkout's runbook, at a section that exists.
      expect(links).toHaveLength(result.alerts.length);
      for (const [, href = '', text] of links) {
        const [file = '', anchor = ''] = href.split('#');
        expect(fileURLToPath(file)).toBe(join(ROOT, RUNBOOK_PATH));
        expect(anchors.has(anchor)).toBe(true);
        expect(text).toBe(`${RUNBOOK_PATH}#${anchor}`);
      }
      const expected = result.attribution.alerts.map(({ alert }) => `alarm-${alert.dataset}-${alert.ruleId}`);
      expect(links.map((l) => (l[1] ?? '').split('#')[1])).toEqual(expected);
    } finally {
      removeRunDirs();
    }
  }, 120_000);
});
