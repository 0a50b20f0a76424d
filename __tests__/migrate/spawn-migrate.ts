import { spawnTsx, type SpawnOutcome } from '../support/spawn-command';

/**
 * Runs `npm run migrate -- <args>` the way npm does (tsx), without npm's startup
 * cost. AWS credentials are cleared unless `env` sets them, so the default
 * engine is the local one. Bounded by `timeoutMs`.
 */
export function migrate(args: readonly string[], env: Readonly<Record<string, string>> = {}, timeoutMs = 60_000): Promise<SpawnOutcome> {
  const environment = { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '', AWS_ENDPOINT_URL: '', ...env };
  return spawnTsx('migrate/cli.ts', args, { env: environment, timeoutMs });
}
