import { spawnTsx, type SpawnOutcome } from '../support/spawn-command';

/**
 * Runs `npm run replay -- <args>` the way npm does (tsx), bounded by `timeoutMs`. Without `env`,
 * this process's environment with the AWS key and profile cleared: nothing reaches AWS itself.
 */
export function replay(
  args: readonly string[],
  env: NodeJS.ProcessEnv = { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_PROFILE: '' },
  timeoutMs = 60_000,
): Promise<SpawnOutcome> {
  return spawnTsx('replay/cli.ts', args, { env, timeoutMs });
}
