import { configuredEnvironments, environmentNamed } from '../../config/environment-lookup';
import { ENVIRONMENTS } from '../../config/environments';

class AreaUsageError extends Error {}

describe('environment lookup', () => {
  it('finds an environment by name', () => {
    // Act
    const env = environmentNamed('prod', configuredEnvironments(), (detail) => new AreaUsageError(detail));

    // Assess
    expect([env.name, env.accountId]).toEqual(['prod', '222222222222']);
  });

  it("throws the caller's error with the known names when none matches", () => {
    // Act
    const act = () => environmentNamed('qa', ENVIRONMENTS, (detail) => new AreaUsageError(`--env: ${detail}`));

    // Assess
    expect(act).toThrow(new AreaUsageError("--env: unknown environment 'qa'; expected one of dev, prod"));
    expect(act).toThrow(AreaUsageError);
  });

  it('lists the committed environments, validated', () => {
    // Act
    const names = configuredEnvironments().map((e) => e.name);

    // Assess
    expect(names).toEqual(ENVIRONMENTS.map((e) => e.name));
  });
});
