// The unit suite alone (test/unit), for `npm run mutate`: Stryker runs it once per mutant, so the slow
// integration suites (real shells, daemons, conda, Go builds) stay out. Same transform as jest.config.js.
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = { ...base, roots: ['<rootDir>/test/unit'] };
