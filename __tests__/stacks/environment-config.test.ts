import { ConfigError, parseEnvironments } from '../../config/environment';
import { ENVIRONMENTS } from '../../config/environments';

const DATASET_NAMES = ['access-logs', 'turbine-telemetry'];
const [dev, prod] = ENVIRONMENTS;

function messageOf(inputs: readonly unknown[]): string {
  try {
    parseEnvironments(inputs, DATASET_NAMES);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('Function: parseEnvironments', () => {
  it('accepts the committed environments', () => {
    // Act
    const envs = parseEnvironments(ENVIRONMENTS, DATASET_NAMES);

    // Assess
    expect(envs.map((e) => e.name)).toEqual(['dev', 'prod']);
    expect(envs[0].streamRetentionHours).toEqual({});
  });

  it.each([
    ['an unknown region', [{ ...dev, region: 'mars-north-1' }], "environments[0].region: unknown region 'mars-north-1'; expected an AWS region such as us-east-1"],
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
    ['prod without an alert e-mail', [{ ...prod, alertEmails: [] }], 'environments[0].alertEmails: a production environment needs at least one alert e-mail address'],
    [
      'two environments with the same name prefix',
      [dev, { ...prod, namePrefix: 'logtel-dev' }],
      "environments[1].namePrefix: 'logtel-dev' is already used by environments[0]; expected a unique namePrefix",
    ],
    ['a malformed account id', [{ ...dev, accountId: '1234' }], 'environments[0].accountId: a 12-digit AWS account id'],
    ['an unknown dataset override', [{ ...dev, streamRetentionHours: { clicks: 48 } }], 'environments[0].streamRetentionHours.clicks: unknown dataset; expected one of access-logs, turbine-telemetry'],
    ['an invalid alert address', [{ ...dev, alertEmails: ['not-an-address'] }], 'environments[0].alertEmails[0]: an e-mail address'],
    ['prod on local state', [{ ...prod, backend: { kind: 'local' } }], "environments[0].backend.kind: a production environment needs the 's3' backend (shared, locked state)"],
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
      'a Dashboards network that is not a CIDR block',
      [{ ...prod, opensearch: { ...prod.opensearch, dashboardsAllowedCidrs: ['office'] } }],
      'environments[0].opensearch.dashboardsAllowedCidrs[0]: a CIDR block such as 203.0.113.0/24',
    ],
    ['no environment at all', [], 'environments: expected at least one environment'],
  ])('rejects %s with one message naming the field', (_case, inputs, expected) => {
    // Act
    const message = messageOf(inputs);

    // Assess
    expect(message).toBe(expected);
  });
});
