import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { capacityReport } from '../../capacity/capacity-model';
import { renderReport } from '../../capacity/render-report';
import { parseEnvironments } from '../../config/environment';
import { ENVIRONMENTS } from '../../config/environments';
import { DATASETS } from '../../datasets/registry';

const DOC = readFileSync(path.join(__dirname, '..', '..', 'docs', 'capacity.md'), 'utf8');
const ENVS = parseEnvironments(
  ENVIRONMENTS,
  DATASETS.map((d) => d.name),
);

describe('docs/capacity.md', () => {
  it.each(ENVS.flatMap((env) => [1_000, 10_000, 100_000].map((n) => [env.name, n] as const)))(
    'shows what `npm run capacity -- --env %s --events-per-second %d` prints',
    (name, n) => {
      // Prepare
      const env = ENVS.find((e) => e.name === name);
      if (env === undefined) throw new Error(name);
      const marker = `<!-- npm run capacity -- --env ${name} --events-per-second ${n} -->\n\`\`\`text\n`;
      const start = DOC.indexOf(marker);
      expect(start).toBeGreaterThanOrEqual(0);
      const block = DOC.slice(start + marker.length, DOC.indexOf('\n```', start + marker.length) + 1);

      // Act
      const printed = renderReport(capacityReport({ env, datasets: DATASETS, eventsPerSecond: n }));

      // Assess
      expect(block).toBe(printed.replace(/\n+$/, '\n'));
    },
  );
});
