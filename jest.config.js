// ts-jest compiles the tests and src/ with TypeScript 5.9 (TypeScript 7's native compiler has no API ts-jest can use).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
  // Integration suites start real shells, daemons and Go builds; the machine has 2 cores.
  maxWorkers: 2,
  testTimeout: 60000,
  watchman: false,
};
