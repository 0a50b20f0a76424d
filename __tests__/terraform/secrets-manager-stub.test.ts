import { request } from 'node:http';
import { LOCAL_STUBS, STUB_PASSWORD, stubsFor, unusedStubProblems, type LocalStub } from '../../scripts/tf-check/local-stubs';
import { startSecretsManagerStub, type SecretsManagerStub } from '../../scripts/tf-check/secrets-manager-stub';

function post(url: string, target: string | undefined, body: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1' };
    if (target !== undefined) headers['x-amz-target'] = target;
    const req = request(url, { method: 'POST', headers, timeout: 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown }));
    });
    req.on('timeout', () => req.destroy(new Error('stub did not answer in 5 s')));
    req.on('error', reject);
    req.end(body);
  });
}

describe('Secrets Manager loopback stub', () => {
  let stub: SecretsManagerStub;
  beforeEach(async () => {
    stub = await startSecretsManagerStub();
  });
  afterEach(() => stub.close());

  it('listens on 127.0.0.1 and answers GetRandomPassword with the placeholder', async () => {
    // Act
    const res = await post(stub.url, 'secretsmanager.GetRandomPassword', JSON.stringify({ PasswordLength: 32 }));

    // Assess
    expect(stub.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(res).toEqual({ status: 200, body: { RandomPassword: STUB_PASSWORD } });
    expect(stub.answered()).toBe(1);
  });

  it('refuses every other operation with an AWS-shaped error, and records it', async () => {
    // Act
    const res = await post(stub.url, 'secretsmanager.GetSecretValue', '{}');
    const none = await post(stub.url, undefined, '{}');

    // Assess
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ __type: 'UnknownOperationException' });
    expect(none.status).toBe(400);
    expect(stub.answered()).toBe(0);
    expect(stub.refused()).toEqual(['POST secretsmanager.GetSecretValue', 'POST (no X-Amz-Target)']);
  });
});

describe('Loopback stub table', () => {
  const PASSWORD: LocalStub = {
    dataSource: 'aws_secretsmanager_random_password',
    endpoint: 'secretsmanager',
    operation: 'GetRandomPassword',
  };

  it('fails a stub that no stack uses any more, and only that one', () => {
    expect(unusedStubProblems(new Set(['aws_secretsmanager_random_password']), [PASSWORD])).toEqual([]);
    expect(unusedStubProblems(new Set(), [PASSWORD])).toEqual([
      'stub for data.aws_secretsmanager_random_password: no stack uses it any more; remove it from scripts/tf-check/local-stubs.ts',
    ]);
  });

  it('finds the stacks whose synth reads a stubbed data source', () => {
    expect(stubsFor({ data: { aws_secretsmanager_random_password: { p: {} } } }, [PASSWORD])).toEqual([PASSWORD]);
    expect(stubsFor({ data: { aws_iam_policy_document: { d: {} } } }, [PASSWORD])).toEqual([]);
    expect(stubsFor({}, [PASSWORD])).toEqual([]);
  });

  it('configures no stub today: no stack reads a data source that calls AWS at plan time', () => {
    expect(LOCAL_STUBS).toEqual([]);
  });
});
