import { Command, CommanderError } from 'commander';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { parseEnvironments, type EnvironmentConfig } from '../config/environment';
import { ENVIRONMENTS } from '../config/environments';
import { searchDeliveryStreamName } from '../config/resource-names';
import { DATASETS } from '../datasets/registry';
import { searchDeliveryRoleArn } from '../stacks/search/search-names';
import { OpsError, OpsUsageError } from './errors';
import { bootstrapOpenSearch } from './opensearch/bootstrap';
import { SignedOpenSearchClient } from './opensearch/signed-client';
import { silenceSdkNodeVersionWarning } from '../config/sdk-node-warning';

/**
 * `npm run bootstrap:opensearch -- --env prod --endpoint https://search-...`
 * Post-deploy: index templates, ISM retention and the Firehose role mapping,
 * through the domain's REST API, signed with SigV4 as the caller's AWS identity.
 */

export interface CliOptions {
  readonly env: string;
  readonly endpoint?: string;
}

export function resolveEnvironment(name: string, environments: readonly EnvironmentConfig[]): EnvironmentConfig {
  const env = environments.find((e) => e.name === name);
  if (!env) throw new OpsUsageError(`--env: unknown environment '${name}'; expected one of ${environments.map((e) => e.name).join(', ')}`);
  if (!env.opensearch.enabled) throw new OpsUsageError(`--env ${name}: opensearch.enabled is false in config/environments.ts; nothing to bootstrap`);
  return env;
}

export function resolveEndpoint(option: string | undefined, environment: Readonly<Record<string, string | undefined>>): string {
  const endpoint = option ?? environment.OPENSEARCH_ENDPOINT;
  if (!endpoint) {
    throw new OpsUsageError('--endpoint: missing; pass --endpoint https://<domain endpoint> or set OPENSEARCH_ENDPOINT (the stack output opensearch_endpoint)');
  }
  return endpoint;
}

export async function run(argv: readonly string[], environment: Readonly<Record<string, string | undefined>> = process.env): Promise<string[]> {
  const program = new Command()
    .name('bootstrap:opensearch')
    .requiredOption('--env <name>', 'environment name from config/environments.ts')
    .option('--endpoint <url>', 'domain endpoint (default: $OPENSEARCH_ENDPOINT)')
    .exitOverride();
  program.parse([...argv], { from: 'user' });
  const options = program.opts<CliOptions>();
  const env = resolveEnvironment(options.env, parseEnvironments(ENVIRONMENTS, DATASETS.map((d) => d.name)));
  const client = new SignedOpenSearchClient({ endpoint: resolveEndpoint(options.endpoint, environment), region: env.region, credentials: defaultProvider() });
  return bootstrapOpenSearch({
    client,
    datasets: DATASETS,
    indexRetentionDays: env.opensearch.indexRetentionDays,
    writerRoleArns: DATASETS.map((d) => searchDeliveryRoleArn(env.accountId, searchDeliveryStreamName(env, d))),
    replicas: env.opensearch.instanceCount > 1 ? 1 : 0,
  });
}

if (require.main === module) {
  silenceSdkNodeVersionWarning();
  run(process.argv.slice(2)).then(
    (steps) => steps.forEach((s) => console.log(`ok  ${s}`)),
    (error: unknown) => {
      // Commander has already printed the help text or the usage error.
      if (error instanceof CommanderError) {
        process.exitCode = error.exitCode;
        return;
      }
      console.error(error instanceof OpsError ? error.message : error);
      process.exitCode = 1;
    },
  );
}
