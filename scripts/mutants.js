#!/usr/bin/env node
// Do the reliability tests catch a regression? Each mutant removes one guarantee from the source, runs
// the tests that claim it, expects them to FAIL, and restores the file. Not part of `npm test` (it
// rebuilds and reruns suites per mutant: several minutes). Usage: node scripts/mutants.js [NAME...]
// Prints one line per mutant; exits 1 if any mutant survived (its tests still passed).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { repo } = require('./mutants/jest');

// One table per part guarded (scripts/mutants/): the order is the order they run in.
const MUTANTS = [...require('./mutants/reliability'), ...require('./mutants/restore'), ...require('./mutants/plugin')];

// A hung suite counts as caught (a FIFO mutant blocks it); on a loaded machine a slow suite looks hung,
// so the wait is GOCONDAD_MUTANT_TIMEOUT_MS (default 150 s) and a hang is reported as such, not as a failure.
const TIMEOUT_MS = Number(process.env.GOCONDAD_MUTANT_TIMEOUT_MS) || 150000;
const only = process.argv.slice(2);
const build = () => spawnSync('npm', ['run', 'build'], { cwd: repo, stdio: 'ignore' }).status === 0;
let survived = 0;
for (const [name, rel, find, replace, cmd, needsBuild] of MUTANTS) {
  if (only.length > 0 && !only.includes(name)) continue;
  const file = path.join(repo, rel);
  const original = fs.readFileSync(file, 'utf8');
  if (!original.includes(find)) {
    console.log(`MISSING   ${name}: the text to mutate is not in ${rel} any more; update its row in scripts/mutants/`);
    survived += 1;
    continue;
  }
  fs.writeFileSync(file, original.replace(find, replace));
  let result;
  try {
    if (needsBuild && !build()) throw new Error(`the mutant "${name}" does not compile; fix its replacement`);
    // A mutant may hang a suite (a blocking FIFO open): a timeout counts as caught.
    result = spawnSync(cmd[0], cmd.slice(1), { cwd: repo, encoding: 'utf8', timeout: TIMEOUT_MS, env: { ...process.env, CI: '1' } });
  } finally {
    fs.writeFileSync(file, original);
    if (needsBuild) build();
  }
  const caught = result.status !== 0;
  if (!caught) survived += 1;
  const why = result.error ? `hung, killed after ${TIMEOUT_MS / 1000} s` : `exit ${result.status}`;
  const summary = (`${result.stderr ?? ''}`.match(/Tests:.*$/m) ?? [''])[0];
  console.log(`${caught ? 'caught   ' : 'SURVIVED '} ${name}  [${cmd.slice(3).join(' ')}]  ${why}  ${summary}`);
}
process.exit(survived > 0 ? 1 : 0);
