import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSilentServer } from '../aws/silent-server';
import { spawnTsx, type SpawnOutcome } from '../support/spawn-command';

const FAKE_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'secret-for-tests' };

/** `npm run bootstrap:opensearch -- <args>` with only the environment given (no inherited AWS settings), bounded. */
function bootstrap(args: readonly string[], env: Readonly<Record<string, string>>, home: string): Promise<SpawnOutcome> {
  const base = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(home, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
  };
  return spawnTsx('ops/bootstrap-opensearch.ts', args, { timeoutMs: 30_000, env: { ...base, ...env } });
}

/** One line on stderr, no stack frame, no certificate dump. */
function expectOneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toContain('BEGIN CERTIFICATE');
  expect(stderr).not.toContain('fingerprint');
  return lines[0] ?? '';
}

describe('CLI: npm run bootstrap:opensearch', () => {
  let home: string;
  let tls: Server;
  let tlsEndpoint: string;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'bootstrap-cli-'));
    // A self-signed certificate for another host: what a mistyped endpoint presents.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        '/CN=example.com',
        '-keyout',
        join(home, 'key.pem'),
        '-out',
        join(home, 'cert.pem'),
        '-days',
        '1',
      ],
      { stdio: 'ignore', timeout: 20_000 },
    );
    tls = createServer({ key: readFileSync(join(home, 'key.pem')), cert: readFileSync(join(home, 'cert.pem')) }, (_req, res) =>
      res.end('{}'),
    );
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    tlsEndpoint = `https://127.0.0.1:${(tls.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => tls.close(resolve));
    rmSync(home, { recursive: true, force: true });
  });

  it('--dry-run prints every request it would send and needs no endpoint or credentials', async () => {
    const result = await bootstrap(['--env', 'prod', '--dry-run'], {}, home);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('would GET /_plugins/_ism/policies/');
    expect(result.stdout).toContain('would PUT /_index_template/access-logs');
    expect(result.stdout).toContain('would PUT /_plugins/_security/api/rolesmapping/');
    expect(result.stdout).toMatch(/^ok {2}index template access-logs .*\(dry run: nothing sent\)$/m);
    expect(result.stderr).toBe('');
  });

  it('without credentials: exit 1 and one line saying how to provide them', async () => {
    const result = await bootstrap(['--env', 'prod', '--endpoint', tlsEndpoint], {}, home);
    expect(result.code).toBe(1);
    expect(expectOneLine(result.stderr)).toMatch(
      /^bootstrap:opensearch: no AWS credentials to sign with \(.+\); set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, for a role mapped in OpenSearch$/,
    );
  });

  it('a host whose TLS certificate does not verify: exit 1 and one line, without the certificate', async () => {
    const result = await bootstrap(['--env', 'prod', '--endpoint', tlsEndpoint], FAKE_CREDENTIALS, home);
    expect(result.code).toBe(1);
    expect(expectOneLine(result.stderr)).toMatch(
      /^bootstrap:opensearch: GET https:\/\/127\.0\.0\.1:\d+\/_plugins\/_ism\/policies\/\S+: TLS failed \([A-Z_]+: .+\); check that --endpoint is the domain endpoint/,
    );
  });

  it('a host name that does not resolve: exit 1 and one line', async () => {
    const result = await bootstrap(['--env', 'prod', '--endpoint', 'https://search-nowhere.invalid'], FAKE_CREDENTIALS, home);
    expect(result.code).toBe(1);
    expect(expectOneLine(result.stderr)).toMatch(/host name does not resolve \((ENOTFOUND|EAI_AGAIN)\); check --endpoint/);
  });

  it('an endpoint that accepts and never answers: exit 1 within the --timeout bound, one line', async () => {
    const silent = await startSilentServer();
    try {
      const started = Date.now();
      const result = await bootstrap(['--env', 'prod', '--endpoint', silent.url, '--timeout', '1'], FAKE_CREDENTIALS, home);
      expect(result.code).toBe(1);
      expect(expectOneLine(result.stderr)).toMatch(/: no answer within 1 s; check --endpoint and that this machine can reach the domain/);
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await silent.close();
    }
  });

  it('usage errors exit 2; --version; the exit codes in --help', async () => {
    const unknown = await bootstrap(['--env', 'qa', '--dry-run'], {}, home);
    expect(unknown.code).toBe(2);
    expect(expectOneLine(unknown.stderr)).toBe("bootstrap:opensearch: --env: unknown environment 'qa'; expected one of dev, prod");
    const missing = await bootstrap(['--env', 'prod'], FAKE_CREDENTIALS, home);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--endpoint: missing');
    // A scheme other than http(s) is a usage error before any request, with or without credentials (it was exit 1)
    for (const env of [FAKE_CREDENTIALS, {}]) {
      const ftp = await bootstrap(['--env', 'prod', '--endpoint', 'ftp://search.example.com'], env, home);
      expect(ftp.code).toBe(2);
      expect(expectOneLine(ftp.stderr)).toBe(
        "bootstrap:opensearch: --endpoint: 'ftp://search.example.com' has the scheme ftp; expected https://<domain endpoint>",
      );
    }
    const version = await bootstrap(['--version'], {}, home);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await bootstrap(['--help'], {}, home);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--dry-run');
    expect(help.stdout).toContain('Exit codes: 0 ok, 1 runtime failure, 2 usage error, 3 refused');
  });
});
