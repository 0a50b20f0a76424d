import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { EnvironmentConfig } from '../config/environment';
import { findEnvironment } from '../config/environment-lookup';
import { bucketName, glueDatabaseName } from '../config/resource-names';
import { UsageError } from '../cli/cli-errors';
import { environments } from '../migrate/target';

/**
 * The environment whose lake `dataDir` holds. A local run writes the buckets of
 * one environment (`<dataDir>/s3/<bucket>`) and its catalog (`<dataDir>/catalog/<database>`),
 * so with no `--env` the lake itself says which; `--env` wins when given.
 */
export function lakeEnvironment(dataDir: string, env: string | undefined): EnvironmentConfig {
  // The declarations first, as in every CLI: a bad one is refused (exit 3), not taken for a usage error below.
  environments();
  const dir = resolve(dataDir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UsageError(
      `--data-dir ${dir}: no such directory; expected the lake of a local run (run \`npm run local\` first, or pass --data-dir)`,
    );
  }
  const holds = (e: EnvironmentConfig): boolean =>
    existsSync(join(dir, 's3', bucketName(e, 'processed'))) || existsSync(join(dir, 'catalog', glueDatabaseName(e)));
  if (env !== undefined) {
    const chosen = findEnvironment(env, environments());
    // Its tables would be empty, not wrong: say so instead of answering zero rows.
    if (!holds(chosen))
      throw new UsageError(
        `--env ${env}: ${dir} holds no lake of this environment (no s3/${bucketName(chosen, 'processed')} or catalog/${glueDatabaseName(chosen)})`,
      );
    return chosen;
  }
  const found = environments().filter(holds);
  const only = found[0];
  if (found.length === 1 && only !== undefined) return only;
  if (found.length === 0) {
    throw new UsageError(
      `--data-dir ${dir}: holds no environment's lake (no s3/<processed bucket> or catalog/<database>); expected the data directory of \`npm run local\``,
    );
  }
  throw new UsageError(`--data-dir ${dir}: holds the lakes of ${found.map((e) => e.name).join(' and ')}; pass --env to choose`);
}
