/* global process */
// Mutation testing of src/ against the unit tests (test/unit) — `npm run mutate` (all folders) or
// `npm run mutate -- --mutate 'src/sync/**/*.ts'` (one folder; the machine has 2 shared cores).
// docs/mutation.md has the per-folder table and how to read it.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: 'jest.unit.config.js', enableFindRelatedTests: true },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  // perTest: each mutant runs only the unit tests that executed its code in the dry run.
  coverageAnalysis: 'perTest',
  // A static mutant (module-level code: constant tables, top-level regexes) runs while the module loads, so
  // no per-test coverage can narrow it: it reruns every related test file. On src/shell 35 static mutants (10%)
  // were estimated at 57% of the run's time. They are not run; scripts/mutate.js counts them in their own
  // column ("static, not run"), never as killed or equivalent, and leaves them out of the score.
  ignoreStatic: true,
  concurrency: 2,
  // Incremental: the results of the last run are kept (and committed) in reports/stryker/, so a rerun after a
  // small change tests only the mutants whose code or covering tests changed.
  incremental: true,
  incrementalFile: 'reports/stryker/incremental.json',
  reporters: ['clear-text', 'progress', 'json', 'html'],
  // scripts/mutate.js names one report per folder; the table in docs/mutation.md is counted from them.
  jsonReporter: { fileName: process.env.GOCONDAD_MUTATE_REPORT ?? 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  thresholds: { high: 90, low: 85, break: null },
  // A mutant is a Timeout when its tests run longer than 1.5 × their dry-run time plus this. The bundle suites
  // build with gcc and Go, whose time swings under load, so a run of them may raise it
  // (GOCONDAD_MUTATE_TIMEOUT_MS=60000): a false timeout counts as killed.
  timeoutMS: Number(process.env.GOCONDAD_MUTATE_TIMEOUT_MS) || 10000,
  mutate: [
    'src/core/**/*.ts',
    'src/sync/**/*.ts',
    'src/bundle/**/*.ts',
    'src/shell/**/*.ts',
    'src/setup/**/*.ts',
    'src/service/**/*.ts',
    'src/shims/**/*.ts',
    'src/export/**/*.ts',
    'src/daemon/**/*.ts',
    'src/doctor/**/*.ts',
    // Not pure — process, socket and file-watching glue around the pure modules, covered by the
    // integration suites (a real daemon, real sockets, real chokidar) that Stryker does not run:
    '!src/daemon/daemon.ts', // process entry: signals, lock, server start
    '!src/daemon/http/server.ts', // http over a unix socket
    '!src/daemon/log/logger.ts', // pino wiring
    '!src/daemon/world/world-watch.ts', // chokidar wiring
    '!src/daemon/runtime/runtime-guard.ts', // process-wide guards
    '!src/doctor/doctor.ts', // runs the checks against the live machine and prints
    // bundle/macho.ts is wired into no command and kept out of the package (packaging.test.ts).
    '!src/bundle/macho.ts',
  ],
  // dist/ stays in the sandbox: requireReal() in some unit suites checks the built CLI is there.
  ignorePatterns: ['coverage', 'reports', '.stryker-tmp', 'node_modules', 'test/integration'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
