import { Testing } from 'cdktf';
import { SearchDomain, type SearchDomainProps } from '../../stacks/search/search-domain';
import { ConstructPropsError, PropsCheck } from '../../stacks/props-error';

function domainProps(overrides: Partial<SearchDomainProps> = {}): SearchDomainProps {
  return {
    domainName: 'logtel-dev',
    accountId: '111111111111',
    region: 'eu-west-1',
    instanceType: 't3.small.search',
    instanceCount: 1,
    volumeSizeGb: 10,
    kmsKeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/k',
    accessRoleArns: ['arn:aws:iam::111111111111:role/firehose'],
    masterUserArn: 'arn:aws:iam::111111111111:role/admin',
    ...overrides,
  };
}

describe('PropsCheck', () => {
  it('throws nothing when every expectation holds', () => {
    // Prepare
    const check = new PropsCheck('Probe').expect(true, 'a', 'never shown');

    // Act / Assess
    expect(check.ok).toBe(true);
    expect(() => check.throwIfAny()).not.toThrow();
  });

  it('throws one problem as a single line naming the construct and the prop', () => {
    // Prepare
    const check = new PropsCheck('Probe').expect(false, 'size', '0; expected 1..10');

    // Act / Assess
    expect(() => check.throwIfAny()).toThrow(new ConstructPropsError(['Probe.size: 0; expected 1..10']));
  });

  it('gathers every problem, then throws them all at once with exit code 3', () => {
    // Prepare
    const check = new PropsCheck('Probe[x]').add('a', 'bad').expect(false, 'b', 'worse').addLines(['datasets/d.alarms[r].id: expected kebab-case']);

    // Act
    let thrown: unknown;
    try {
      check.throwIfAny();
    } catch (error) {
      thrown = error;
    }

    // Assess
    expect(thrown).toBeInstanceOf(ConstructPropsError);
    const error = thrown as ConstructPropsError;
    expect(error.problems).toEqual(['Probe[x].a: bad', 'Probe[x].b: worse', 'datasets/d.alarms[r].id: expected kebab-case']);
    expect(error.message).toBe('3 construct props problems:\n  - Probe[x].a: bad\n  - Probe[x].b: worse\n  - datasets/d.alarms[r].id: expected kebab-case');
    expect(error.exitCode).toBe(3);
  });
});

describe('Construct props validation reports all problems at once', () => {
  it('SearchDomain names every invalid prop in one error', () => {
    // Prepare
    const props = domainProps({ domainName: 'X', instanceCount: 0, masterUserArn: 'admin', accessRoleArns: ['arn:aws:iam::1:user/u'] });

    // Act
    let thrown: unknown;
    try {
      Testing.synthScope((scope) => new SearchDomain(scope, 's', props));
    } catch (error) {
      thrown = error;
    }

    // Assess
    expect((thrown as ConstructPropsError).problems).toEqual([
      "SearchDomain.domainName: 'X'; expected 3-28 lower-case letters, digits and hyphens, starting with a letter",
      'SearchDomain.instanceCount: 0; expected a positive integer',
      "SearchDomain.masterUserArn: 'admin'; expected an IAM role ARN (arn:aws:iam::<account>:role/<name>)",
      "SearchDomain.accessRoleArns: 'arn:aws:iam::1:user/u' is not an IAM role ARN",
    ]);
  });
});
