// The unit suite alone (test/unit), for `npm run mutate`: Stryker runs it once per mutant, so the slow
// integration suites (real shells, daemons, conda, Go builds) stay out. ts-jest transpiles each file on its
// own (tsconfig.unit.json: isolatedModules) instead of type-checking the program per file: half the CPU per
// run. Types are still checked: Stryker's typescript-checker rejects mutants that do not compile, and
// `npm test` (jest.config.js) type-checks the tests.
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  // Stryker runs only the tests jest finds related to the mutated file (it adds that file's folder to the
  // roots), and jest follows imports only through files under its roots: with test/unit alone, a module the
  // tests reach through test/helpers (sync/run.ts, through helpers/sync-run.ts) had no related tests. Not
  // all of src/: a test that imports another folder's module inside its body (daemon/world's sync-drift
  // test loads src/sync lazily) would then turn that module's top-level constants from static mutants into
  // ones run against that test alone. Only test/unit holds test files.
  roots: ['<rootDir>/test/unit', '<rootDir>/test/helpers'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.unit.json' }] },
};
