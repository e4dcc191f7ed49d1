'use strict';
const path = require('node:path');

const repo = path.resolve(__dirname, '..', '..');
// jest in this process (--runInBand): a timeout kills the suite itself, not just a wrapper.
const jest = (...args) => [process.execPath, path.join(repo, 'node_modules', 'jest', 'bin', 'jest.js'), '--runInBand', ...args];

module.exports = { jest, repo };
