import { EnvironmentConfigError, parseEnvironments, type EnvironmentInput } from '../../config/environment';
import { ENVIRONMENTS } from '../../config/environments';
import { isDocumentationRange, isPlaceholderAccountId, placeholderProblems } from '../../config/placeholders';
import { DATASETS } from '../../datasets/registry';

const NAMES = DATASETS.map((d) => d.name);

function committed(name: string): EnvironmentInput {
  const found = ENVIRONMENTS.find((e) => e.name === name);
  if (found === undefined) throw new Error(name);
  return structuredClone(found);
}

/** A copy of prod with every placeholder replaced by a plausible real value. */
function realProd(): EnvironmentInput {
  const prod = committed('prod');
  return {
    ...prod,
    deployable: true,
    accountId: '483920175566',
    alertEmails: ['streaming-oncall@acme-energy.io'],
    backend: { kind: 's3', bucket: 'logtel-tfstate-483920175566' },
    opensearch: { ...prod.opensearch, masterUserArn: 'arn:aws:iam::483920175566:role/logtel-prod-opensearch-admin' },
  };
}

describe('Config: deployable', () => {
  it('keeps every committed environment non-deployable (it defaults to false)', () => {
    // Act
    const envs = parseEnvironments(ENVIRONMENTS, NAMES);

    // Assess
    expect(envs.map((e) => [e.name, e.deployable])).toEqual([
      ['dev', false],
      ['prod', false],
    ]);
    const { deployable: _omitted, ...withoutFlag } = committed('dev');
    expect(parseEnvironments([withoutFlag], NAMES)[0]?.deployable).toBe(false);
  });

  it('refuses a deployable copy of prod that still holds the placeholders, with one message per field', () => {
    // Prepare
    const copy = { ...committed('prod'), deployable: true };

    // Act
    const act = (): unknown => parseEnvironments([committed('dev'), copy], NAMES);

    // Assess
    expect(act).toThrow(EnvironmentConfigError);
    expect(act).toThrow(
      [
        'environments[1] (prod) is deployable but still holds 5 placeholder(s); replace them (docs/deploy.md) or set deployable: false:',
        "  environments[1].accountId: '222222222222' is a placeholder account id; expected the 12-digit id of the account to deploy to",
        "  environments[1].alertEmails[0]: 'oncall-streaming@example.com' is at a reserved example domain; expected an address that reaches the on-call team",
        "  environments[1].backend.bucket: 'logtel-tfstate-222222222222' names the placeholder account 222222222222; expected a name or ARN of the real account",
        "  environments[1].opensearch.masterUserArn: 'arn:aws:iam::222222222222:role/logtel-prod-opensearch-admin' names the placeholder account 222222222222; expected a name or ARN of the real account",
        "  config/ci.ts GITHUB_REPOSITORY: 'logtel/realtime-pipeline' is the placeholder repository; expected the real <owner>/<name>",
      ].join('\n'),
    );
  });

  it('refuses documentation ranges wherever a CIDR appears, naming the field', () => {
    // The committed config has no CIDR field since Dashboards sign-in moved to IAM; the scan
    // covers every string, so a network field added later is checked without a new rule.
    const withNetworks = { ...realProd(), networks: { office: ['10.1.0.0/16', '198.51.100.0/24'], vpn: '2001:db8:1::/48' } };
    expect(placeholderProblems(withNetworks, 'environments[0]', 'acme-energy/logtel')).toEqual([
      "environments[0].networks.office[1]: '198.51.100.0/24' is a documentation range (RFC 5737/3849); expected a real network",
      "environments[0].networks.vpn: '2001:db8:1::/48' is a documentation range (RFC 5737/3849); expected a real network",
    ]);
  });

  it('refuses a deployable dev copy for its account id, its state bucket and the repository', () => {
    expect(() => parseEnvironments([{ ...committed('dev'), deployable: true }], NAMES)).toThrow(
      [
        'environments[0] (dev) is deployable but still holds 3 placeholder(s); replace them (docs/deploy.md) or set deployable: false:',
        "  environments[0].accountId: '111111111111' is a placeholder account id; expected the 12-digit id of the account to deploy to",
        "  environments[0].backend.bucket: 'logtel-tfstate-111111111111' names the placeholder account 111111111111; expected a name or ARN of the real account",
        "  config/ci.ts GITHUB_REPOSITORY: 'logtel/realtime-pipeline' is the placeholder repository; expected the real <owner>/<name>",
      ].join('\n'),
    );
  });

  it('refuses a deployable environment on local state', () => {
    const local = { ...realProd(), production: false, backend: { kind: 'local' as const } };
    expect(() => parseEnvironments([local], NAMES, { githubRepository: 'acme-energy/logtel' })).toThrow(
      "environments[0].backend.kind: a deployable environment needs the 's3' backend: local state is seen by no one else and is planned as a full create",
    );
  });

  it('accepts a deployable environment once every placeholder is replaced', () => {
    const [env] = parseEnvironments([realProd()], NAMES, { githubRepository: 'acme-energy/logtel' });
    expect(env?.deployable).toBe(true);
    expect(() => parseEnvironments([realProd()], NAMES)).toThrow(
      "config/ci.ts GITHUB_REPOSITORY: 'logtel/realtime-pipeline' is the placeholder repository",
    );
  });

  it.each([
    ['198.51.100.128/25', true],
    ['203.0.0.0/16', false],
    ['192.0.2.7/32', true],
    ['0.0.0.0/0', false],
    ['10.0.0.0/8', false],
    ['203.0.114.0/24', false],
    ['2001:db8:abcd::/48', true],
    ['2001::/16', false],
    ['2001:0db8::/32', true],
    ['2001:db9::/32', false],
    ['2600:1f18::/32', false],
  ])('classifies %s as inside a documentation range: %s', (cidr, expected) => {
    expect(isDocumentationRange(cidr)).toBe(expected);
  });

  it('treats the example ids and repeated-digit ids as placeholders', () => {
    expect(['111111111111', '222222222222', '123456789012', '000000000000'].map(isPlaceholderAccountId)).toEqual([true, true, true, true]);
    expect(isPlaceholderAccountId('483920175566')).toBe(false);
  });
});
