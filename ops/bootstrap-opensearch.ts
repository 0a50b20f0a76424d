import { Command } from 'commander';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { applyCliConventions, runCli } from '../cli/error-boundary';
import { projectVersion } from '../cli/version';
import type { EnvironmentConfig } from '../config/environment';
import { configuredEnvironments, findEnvironment } from '../config/environment-lookup';
import { searchDeliveryStreamName } from '../config/resource-names';
import { searchDeliveryRoleArn } from '../config/search-names';
import { DATASETS } from '../datasets/registry';
import { OpsUsageError } from './errors';
import { OPS_DEFAULTS } from './ops-defaults';
import { bootstrapOpenSearch } from './opensearch/bootstrap';
import { SignedOpenSearchClient } from './opensearch/signed-client';
import { silenceSdkNodeVersionWarning } from '../aws/sdk-node-warning';

/**
 * `npm run bootstrap:opensearch -- --env prod --endpoint https://search-...`
 * Post-deploy: index templates, ISM retention and the Firehose role mapping,
 * through the domain's REST API, signed with SigV4 as the caller's AWS identity.
 */

export interface CliOptions {
  readonly env: string;
  readonly endpoint?: string;
  readonly dryRun?: boolean;
  readonly timeout: number;
}

function secondsOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 600) throw new OpsUsageError(`--timeout: got '${value}'; expected whole seconds from 1 to 600`);
  return n;
}

/** Records what the bootstrap would send, answering as a fresh domain does (no policy yet). */
class DryRunClient {
  readonly requests: string[] = [];
  request(method: string, path: string): Promise<{ status: number; body: unknown }> {
    this.requests.push(`${method} ${path}`);
    return Promise.resolve(method === 'GET' ? { status: 404, body: null } : { status: 200, body: { acknowledged: true } });
  }
}

export function resolveEnvironment(name: string, environments: readonly EnvironmentConfig[]): EnvironmentConfig {
  const env = findEnvironment(name, environments);
  if (!env.opensearch.enabled)
    throw new OpsUsageError(`--env ${name}: opensearch.enabled is false in config/environments.ts; nothing to bootstrap`);
  return env;
}

export function resolveEndpoint(option: string | undefined, environment: Readonly<Record<string, string | undefined>>): string {
  const endpoint = option ?? environment.OPENSEARCH_ENDPOINT;
  if (!endpoint) {
    throw new OpsUsageError(
      '--endpoint: missing; pass --endpoint https://<domain endpoint> or set OPENSEARCH_ENDPOINT (the stack output opensearch_endpoint)',
    );
  }
  return endpoint;
}

export async function run(
  argv: readonly string[],
  environment: Readonly<Record<string, string | undefined>> = process.env,
  out: (line: string) => void = () => undefined,
): Promise<string[]> {
  const program = new Command()
    .name('bootstrap:opensearch')
    .description('Puts the ISM retention policy, the index templates and the Firehose writer role mapping on an OpenSearch domain.')
    .requiredOption('--env <name>', 'environment name from config/environments.ts')
    .option('--endpoint <url>', 'domain endpoint (default: $OPENSEARCH_ENDPOINT)')
    .option('--timeout <seconds>', 'seconds one request may take before the run fails', secondsOption, OPS_DEFAULTS.requestTimeoutSeconds)
    .option('--dry-run', 'print the requests it would send; needs no endpoint and no credentials');
  applyCliConventions(program, projectVersion());
  program.parse([...argv], { from: 'user' });
  const options = program.opts<CliOptions>();
  // configuredEnvironments validates the declarations first, as in every CLI: the index templates come from them; a bad one is refused (exit 3).
  const env = resolveEnvironment(options.env, configuredEnvironments());
  const input = {
    datasets: DATASETS,
    indexRetentionDays: env.opensearch.indexRetentionDays,
    writerRoleArns: DATASETS.map((d) => searchDeliveryRoleArn(env.accountId, searchDeliveryStreamName(env, d))),
    replicas: env.opensearch.instanceCount > 1 ? 1 : 0,
  };
  if (options.dryRun === true) {
    const client = new DryRunClient();
    const steps = await bootstrapOpenSearch({ ...input, client });
    for (const r of client.requests) out(`would ${r}`);
    return steps.map((s) => `${s} (dry run: nothing sent)`);
  }
  const client = new SignedOpenSearchClient({
    endpoint: resolveEndpoint(options.endpoint, environment),
    region: env.region,
    credentials: defaultProvider(),
    timeoutMs: options.timeout * 1000,
  });
  return bootstrapOpenSearch({ ...input, client });
}

if (require.main === module) {
  silenceSdkNodeVersionWarning();
  void runCli('bootstrap:opensearch', async () => {
    const steps = await run(process.argv.slice(2), process.env, (line) => console.log(line));
    steps.forEach((s) => console.log(`ok  ${s}`));
  });
}
