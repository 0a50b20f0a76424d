import { EnvironmentConfigError, parseEnvironments } from '../../config/environment';
import { ENVIRONMENTS } from '../../config/environments';

const DATASET_NAMES = ['access-logs', 'turbine-telemetry'];
const [dev, prod] = ENVIRONMENTS;

function messageOf(inputs: readonly unknown[]): string {
  try {
    parseEnvironments(inputs, DATASET_NAMES);
  } catch (error) {
    if (error instanceof EnvironmentConfigError) return error.message;
    throw error;
  }
  throw new Error('expected an EnvironmentConfigError');
}

describe('Function: parseEnvironments', () => {
  it('accepts the committed environments', () => {
    // Act
    const envs = parseEnvironments(ENVIRONMENTS, DATASET_NAMES);

    // Assess
    expect(envs.map((e) => e.name)).toEqual(['dev', 'prod']);
    expect(envs[0].streamRetentionHours).toEqual({});
  });

  it('runs prod OpenSearch on 3 data nodes in 3 zones behind 3 dedicated masters, administered by an IAM role', () => {
    // Act
    const search = parseEnvironments(ENVIRONMENTS, DATASET_NAMES)[1].opensearch;

    // Assess
    expect(search).toMatchObject({
      instanceCount: 3,
      zoneCount: 3,
      dedicatedMasterCount: 3,
      dedicatedMasterType: expect.stringMatching(/\.search$/),
    });
    expect(search.masterUserArn).toMatch(/^arn:aws:iam::222222222222:role\//);
  });

  it.each([
    [
      'an unknown region',
      [{ ...dev, region: 'mars-north-1' }],
      "environments[0].region: unknown region 'mars-north-1'; expected an AWS region such as us-east-1",
    ],
    [
      'a stream retention below the Kinesis minimum',
      [dev, { ...prod, streamRetentionHours: { 'access-logs': 12 } }],
      'environments[1].streamRetentionHours.access-logs: at least 24 hours',
    ],
    [
      'a stream retention above the Kinesis maximum',
      [{ ...dev, streamRetentionHours: { 'turbine-telemetry': 9000 } }],
      'environments[0].streamRetentionHours.turbine-telemetry: at most 8760 hours (365 days)',
    ],
    [
      'prod without an alert e-mail',
      [{ ...prod, alertEmails: [] }],
      'environments[0].alertEmails: a production environment needs at least one alert e-mail address',
    ],
    [
      'two environments with the same name prefix',
      [dev, { ...prod, namePrefix: 'logtel-dev' }],
      "environments[1].namePrefix: 'logtel-dev' is already used by environments[0]; expected a unique namePrefix",
    ],
    ['a malformed account id', [{ ...dev, accountId: '1234' }], 'environments[0].accountId: a 12-digit AWS account id'],
    [
      'an unknown dataset override',
      [{ ...dev, streamRetentionHours: { clicks: 48 } }],
      'environments[0].streamRetentionHours.clicks: unknown dataset; expected one of access-logs, turbine-telemetry',
    ],
    ['an invalid alert address', [{ ...dev, alertEmails: ['not-an-address'] }], 'environments[0].alertEmails[0]: an e-mail address'],
    [
      'prod on local state',
      [{ ...prod, backend: { kind: 'local' } }],
      "environments[0].backend.kind: a production environment needs the 's3' backend (shared, locked state)",
    ],
    [
      'a batch size over the mapping limit',
      [{ ...dev, processor: { ...dev.processor, batchSize: 20_000 } }],
      'environments[0].processor.batchSize: at most 10000 (Kinesis event source mapping limit)',
    ],
    [
      'QuickSight without an owner',
      [{ ...dev, quicksight: { enabled: true } }],
      'environments[0].quicksight.principalArn: required when quicksight.enabled is true',
    ],
    [
      'a state bucket with a dot, which cannot name its KMS alias',
      [{ ...prod, backend: { kind: 's3', bucket: 'logtel.tfstate' } }],
      'environments[0].backend.bucket: no dots: the state key alias alias/<bucket>-state must be a valid KMS alias',
    ],
    [
      'OpenSearch without an IAM master role',
      [{ ...prod, opensearch: { ...prod.opensearch, masterUserArn: undefined } }],
      'environments[0].opensearch.masterUserArn: required when opensearch.enabled is true (the IAM role that administers the domain)',
    ],
    [
      'a master user that is not an IAM role',
      [{ ...prod, opensearch: { ...prod.opensearch, masterUserArn: 'arn:aws:iam::222222222222:user/admin' } }],
      'environments[0].opensearch.masterUserArn: an IAM role ARN such as arn:aws:iam::123456789012:role/opensearch-admin',
    ],
    [
      'a master role of another account',
      [{ ...prod, opensearch: { ...prod.opensearch, masterUserArn: 'arn:aws:iam::333333333333:role/admin' } }],
      "environments[0].opensearch.masterUserArn: must be a role of this environment's account 222222222222",
    ],
    [
      'the removed Dashboards CIDR list',
      [{ ...prod, opensearch: { ...prod.opensearch, dashboardsAllowedCidrs: ['203.0.113.0/24'] } }],
      'environments[0].opensearch: Unrecognized key: "dashboardsAllowedCidrs"',
    ],
    [
      'data nodes that do not spread evenly over 3 zones',
      [{ ...prod, opensearch: { ...prod.opensearch, instanceCount: 4 } }],
      'environments[0].opensearch.instanceCount: 4 data nodes cannot spread evenly over 3 zones; expected a multiple of 3',
    ],
    [
      'a zone count OpenSearch does not offer',
      [{ ...prod, opensearch: { ...prod.opensearch, zoneCount: 4 } }],
      'environments[0].opensearch.zoneCount: one of 1, 2, 3 (OpenSearch zone awareness)',
    ],
    [
      'an even number of dedicated masters',
      [{ ...prod, opensearch: { ...prod.opensearch, dedicatedMasterCount: 2 } }],
      'environments[0].opensearch.dedicatedMasterCount: 3 or 5 (an odd number of masters keeps a quorum)',
    ],
    [
      'a master count without a master type',
      [{ ...prod, opensearch: { ...prod.opensearch, dedicatedMasterType: undefined } }],
      'environments[0].opensearch.dedicatedMasterType: dedicatedMasterType and dedicatedMasterCount are set together',
    ],
    [
      'a production domain without dedicated masters',
      [{ ...prod, opensearch: { ...prod.opensearch, dedicatedMasterType: undefined, dedicatedMasterCount: undefined } }],
      'environments[0].opensearch.dedicatedMasterCount: a production domain needs dedicated masters (3 or 5), so that losing a data node never leaves it without an elected master',
    ],
    ['no environment at all', [], 'environments: expected at least one environment'],
  ])('rejects %s with one message naming the field', (_case, inputs, expected) => {
    // Act
    const message = messageOf(inputs);

    // Assess
    expect(message).toBe(expected);
  });
});
