type Environments = typeof import('../../config/environments');

/** What `parseEnvironments` says of the broken copy below. */
export const BROKEN_ENVIRONMENTS_MESSAGE = 'environments[0].accountId: a 12-digit AWS account id';

/**
 * Runs `load` (which requires the modules under test) against a copy of the committed
 * `config/environments.ts` whose dev account id is `'x'`, so a test can check that a
 * command refuses an invalid environment file as every `--env` command does (exit 3).
 */
export function withBrokenEnvironments<T>(load: () => T): T {
  let result: T | undefined;
  jest.isolateModules(() => {
    const real = jest.requireActual<Environments>('../../config/environments');
    const ENVIRONMENTS = real.ENVIRONMENTS.map((e) => (e.name === 'dev' ? { ...e, accountId: 'x' } : e));
    jest.doMock('../../config/environments', () => ({ ...real, ENVIRONMENTS }));
    result = load();
  });
  jest.dontMock('../../config/environments');
  return result as T;
}
