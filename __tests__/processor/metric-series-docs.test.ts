import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATASETS } from '../../datasets/registry';
import { maxSeries } from '../../functions/processor/metric-dimensions';

describe('Docs: series bound per metric (docs/processor.md)', () => {
  const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'processor.md'), 'utf8');

  it.each(
    DATASETS.flatMap((dataset) =>
      dataset.metrics.map((spec) => [dataset.name, spec.name, maxSeries(spec, dataset.dimensionValues)] as const),
    ),
  )('states the bound of %s %s: %d', (dataset, metric, bound) => {
    // Assess
    expect(doc).toMatch(new RegExp(`^ *\\| ${dataset} \\| ${metric} \\| [^|]+ \\| ${bound} \\|$`, 'm'));
  });
});
