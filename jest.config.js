/**
 * Jest transpiles only (tsconfig isolatedModules); `npm run typecheck` type-checks the
 * whole project once. Type-checking per test file cost ~10x the time and memory.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  globalSetup: '<rootDir>/__tests__/global-setup.ts',
  setupFilesAfterEnv: ['<rootDir>/__tests__/setup.ts'],
  testTimeout: 60_000,
};
