import { UsageError } from '../../cli/cli-errors';
import { ExitCode } from '../../cli/exit-codes';
import { configuredEnvironments, environmentNamed, findEnvironment } from '../../config/environment-lookup';
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

  it("finds a CLI's --env among the committed environments, or among the ones given", () => {
    // Prepare
    const onlyProd = configuredEnvironments().filter((e) => e.name === 'prod');

    // Act
    const found = [findEnvironment('dev').name, findEnvironment('prod', onlyProd).name];

    // Assess
    expect(found).toEqual(['dev', 'prod']);
  });

  it('refuses an unknown --env as a usage error (exit 2) naming the option and the choices', () => {
    // Act
    const act = () => findEnvironment('qa');
    const onlyProd = () =>
      findEnvironment(
        'dev',
        configuredEnvironments().filter((e) => e.name === 'prod'),
      );

    // Assess
    expect(act).toThrow(new UsageError("--env: unknown environment 'qa'; expected one of dev, prod"));
    expect(act).toThrow(expect.objectContaining({ exitCode: ExitCode.Usage }));
    expect(onlyProd).toThrow("--env: unknown environment 'dev'; expected one of prod");
  });
});
