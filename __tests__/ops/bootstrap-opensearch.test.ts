import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { parseEnvironments } from '../../config/environment';
import { ENVIRONMENTS } from '../../config/environments';
import { accessLogs } from '../../datasets/access-logs';
import { DATASETS } from '../../datasets/registry';
import { turbineTelemetry } from '../../datasets/turbine-telemetry';
import { resolveEndpoint, resolveEnvironment } from '../../ops/bootstrap-opensearch';
import { OpenSearchRequestError, OpsUsageError } from '../../ops/errors';
import { bootstrapOpenSearch } from '../../ops/opensearch/bootstrap';
import { SignedOpenSearchClient } from '../../ops/opensearch/signed-client';

const CREDENTIALS = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret-for-tests' };
const WRITER = 'arn:aws:iam::222222222222:role/logtel-prod-access-logs-search';

interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

type Reply = (req: Recorded) => { status: number; body: unknown };

/** A loopback OpenSearch stand-in that records every request and answers with `reply`. */
async function startServer(reply: Reply): Promise<{ server: Server; endpoint: string; requests: Recorded[] }> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const { status, body } = reply(recorded);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, endpoint: `http://127.0.0.1:${port}`, requests };
}

function clientFor(endpoint: string): SignedOpenSearchClient {
  return new SignedOpenSearchClient({ endpoint, region: 'us-east-1', credentials: CREDENTIALS, timeoutMs: 5000 });
}

/** Re-signs the recorded request as AWS would, to check the signature, not only its shape. */
async function expectedAuthorization(endpoint: string, req: Recorded): Promise<string | undefined> {
  const url = new URL(req.path, endpoint);
  const amzDate = String(req.headers['x-amz-date']);
  const signingDate = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  const signer = new SignatureV4({ service: 'es', region: 'us-east-1', credentials: CREDENTIALS, sha256: Sha256 });
  const signed = await signer.sign(
    {
      method: req.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { host: url.host, ...(req.body ? { 'content-type': 'application/json' } : {}) },
      body: req.body || undefined,
    },
    { signingDate },
  );
  return signed.headers.authorization;
}

describe('Function: bootstrapOpenSearch', () => {
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
    stop = undefined;
  });

  it('puts the ISM policy, one index template per dataset and the Firehose role mapping, each signed with SigV4 for es', async () => {
    // Prepare
    const { server, endpoint, requests } = await startServer((req) =>
      req.method === 'GET' ? { status: 404, body: { error: 'not found' } } : { status: 200, body: { acknowledged: true } },
    );
    stop = () => new Promise((resolve) => server.close(() => resolve()));

    // Act
    const steps = await bootstrapOpenSearch({
      client: clientFor(endpoint),
      datasets: [accessLogs, turbineTelemetry],
      indexRetentionDays: 30,
      writerRoleArns: [WRITER],
      replicas: 1,
    });

    // Assess
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /_plugins/_ism/policies/pipeline-daily-retention',
      'PUT /_plugins/_ism/policies/pipeline-daily-retention',
      'PUT /_index_template/access-logs',
      'PUT /_index_template/turbine-telemetry',
      'PUT /_plugins/_security/api/roles/pipeline_firehose_writer',
      'PUT /_plugins/_security/api/rolesmapping/pipeline_firehose_writer',
    ]);
    expect(steps).toHaveLength(4);
    for (const req of requests) {
      expect(req.headers.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/us-east-1\/es\/aws4_request, SignedHeaders=\S*host\S*, Signature=[0-9a-f]{64}$/,
      );
      expect(req.headers.authorization).toBe(await expectedAuthorization(endpoint, req));
    }
    const policy = JSON.parse(requests[1].body);
    expect(policy.policy.states[0].transitions).toEqual([{ state_name: 'delete', conditions: { min_index_age: '30d' } }]);
    expect(policy.policy.ism_template).toEqual([{ index_patterns: ['access-logs-*', 'turbine-telemetry-*'], priority: 100 }]);
    const template = JSON.parse(requests[2].body);
    expect(template.index_patterns).toEqual(['access-logs-*']);
    expect(template.template.mappings.properties).toMatchObject({
      client_ip: { type: 'ip' },
      access_time: { type: 'date' },
      status_code: { type: 'integer' },
      bytes_sent: { type: 'long' },
      is_critical: { type: 'boolean' },
      region: { type: 'keyword' },
    });
    expect(Object.keys(template.template.mappings.properties)).toHaveLength(accessLogs.fields.length + accessLogs.derivedFields.length + 3);
    expect(JSON.parse(requests[5].body)).toEqual({ backend_roles: [WRITER], description: 'Search Firehose IAM roles' });
  });

  it('updates an existing ISM policy with its sequence number instead of failing on conflict', async () => {
    // Prepare
    const { server, endpoint, requests } = await startServer((req) =>
      req.method === 'GET'
        ? { status: 200, body: { _id: 'pipeline-daily-retention', _seq_no: 7, _primary_term: 2 } }
        : { status: 200, body: {} },
    );
    stop = () => new Promise((resolve) => server.close(() => resolve()));

    // Act
    await bootstrapOpenSearch({
      client: clientFor(endpoint),
      datasets: [accessLogs],
      indexRetentionDays: 7,
      writerRoleArns: [WRITER],
      replicas: 0,
    });

    // Assess
    expect(requests[1].path).toBe('/_plugins/_ism/policies/pipeline-daily-retention?if_seq_no=7&if_primary_term=2');
    expect(JSON.parse(requests[2].body).template.settings).toEqual({ number_of_shards: 1, number_of_replicas: 0 });
  });

  it('explains a 403 from the security API', async () => {
    // Prepare
    const { server, endpoint } = await startServer((req) =>
      req.path.startsWith('/_plugins/_security')
        ? { status: 403, body: { error: 'no permissions' } }
        : req.method === 'GET'
          ? { status: 404, body: {} }
          : { status: 200, body: {} },
    );
    stop = () => new Promise((resolve) => server.close(() => resolve()));

    // Act
    const result = bootstrapOpenSearch({
      client: clientFor(endpoint),
      datasets: [accessLogs],
      indexRetentionDays: 7,
      writerRoleArns: [WRITER],
      replicas: 0,
    });

    // Assess
    await expect(result).rejects.toThrow(OpenSearchRequestError);
    await expect(result).rejects.toThrow(/HTTP 403[\s\S]*not mapped to security_manager/);
  });
});

describe('Function: bootstrap CLI options', () => {
  const environments = parseEnvironments(
    ENVIRONMENTS,
    DATASETS.map((d) => d.name),
  );

  it('refuses an environment without OpenSearch, and an unknown one', () => {
    expect(() => resolveEnvironment('dev', environments)).toThrow(
      new OpsUsageError('--env dev: opensearch.enabled is false in config/environments.ts; nothing to bootstrap'),
    );
    expect(() => resolveEnvironment('qa', environments)).toThrow("--env: unknown environment 'qa'; expected one of dev, prod");
    expect(resolveEnvironment('prod', environments).opensearch.indexRetentionDays).toBe(30);
  });

  it('takes the endpoint from --endpoint, then OPENSEARCH_ENDPOINT, else says how to pass it', () => {
    expect(resolveEndpoint('https://a', { OPENSEARCH_ENDPOINT: 'https://b' })).toBe('https://a');
    expect(resolveEndpoint(undefined, { OPENSEARCH_ENDPOINT: 'https://b' })).toBe('https://b');
    expect(() => resolveEndpoint(undefined, {})).toThrow(/--endpoint: missing/);
  });
});
