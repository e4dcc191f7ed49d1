#!/usr/bin/env node
// Do the reliability tests catch a regression? Each mutant removes one guarantee from the source, runs
// the tests that claim it, expects them to FAIL, and restores the file. Not part of `npm test` (it
// rebuilds and reruns suites per mutant: several minutes). Usage: node scripts/mutants.js [NAME...]
// Prints one line per mutant; exits 1 if any mutant survived (its tests still passed).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const repo = path.resolve(__dirname, '..');
// jest in this process (--runInBand): a timeout kills the suite itself, not just a wrapper.
const jest = (...args) => [process.execPath, path.join(repo, 'node_modules', 'jest', 'bin', 'jest.js'), '--runInBand', ...args];

// [name, file, exact text to find, replacement, test command, needs a build (the CLI runs dist/)]
const MUTANTS = [
  [
    'shims dated when written, not when their plan read the env',
    'src/shims/install.ts',
    'const when = new Date(Math.min(readAt, Date.now()));',
    'const when = new Date(Date.now() + 0 * readAt);',
    jest('test/unit/shims/install.test.ts'),
    false,
  ],
  [
    'rotation off',
    'src/daemon/journal-tail.ts',
    'if (this.pos.offset >= this.rotateAt && this.pos.offset === st.size) this.rotate();',
    'if (this.rotateAt < 0) this.rotate();',
    jest('test/unit/daemon/journal-tail.test.ts'),
    false,
  ],
  [
    'rotation off (daemon)',
    'src/daemon/journal-tail.ts',
    'if (this.pos.offset >= this.rotateAt && this.pos.offset === st.size) this.rotate();',
    'if (this.rotateAt < 0) this.rotate();',
    jest('test/integration/daemon.test.ts', '-t', 'rotation'),
    true,
  ],
  [
    "no re-read of a rotated file's tail",
    'src/daemon/journal-tail.ts',
    'const parsed = parseJournal(fs.readFileSync(aside).subarray(asideOffset), true);\n        for (const rec of parsed.records) this.hooks.onRecord(rec);',
    'void asideOffset;',
    jest('test/unit/daemon/journal-tail.test.ts'),
    false,
  ],
  [
    'no state save after a record',
    'src/daemon/sessions.ts',
    'for (const ev of outcome.events) this.hooks.broadcast(ev);\n      this.scheduleSave();',
    'for (const ev of outcome.events) this.hooks.broadcast(ev);',
    jest('test/integration/daemon-faults.test.ts', '-t', 'SIGKILL after the state was saved'),
    true,
  ],
  [
    'journal opened blocking (FIFO)',
    'src/daemon/journal-tail.ts',
    'fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOFOLLOW',
    'fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW',
    jest('test/unit/daemon/journal-tail.test.ts', '-t', 'FIFO'),
    false,
  ],
  [
    'journal type not checked',
    'src/daemon/journal-tail.ts',
    "if (!st.isFile()) {\n        this.refuse('is not a regular file');\n        return 0;\n      }",
    '',
    jest('test/unit/daemon/journal-tail.test.ts', '-t', 'FIFO'),
    false,
  ],
  [
    'journal symlink followed',
    'src/daemon/journal-tail.ts',
    'fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOFOLLOW',
    'fs.constants.O_RDONLY | fs.constants.O_NONBLOCK',
    jest('test/unit/daemon/journal-tail.test.ts', '-t', 'FIFO'),
    false,
  ],
  [
    'journal read whole (no chunks)',
    'src/daemon/journal-tail.ts',
    'Math.min(st.size - this.pos.offset, this.chunk)',
    'st.size - this.pos.offset',
    jest('test/unit/daemon/journal-tail.test.ts', '-t', 'chunk'),
    false,
  ],
  [
    'parser: no resync inside a cut record',
    'src/core/journal.ts',
    'if (next >= 0 && (stop < 0 || next < stop)) {',
    'if (false) {',
    jest('test/unit/core/journal.test.ts'),
    false,
  ],
  [
    'warnings not rate-limited',
    'src/daemon/ratelimit.ts',
    'if (state && t - state.since < this.windowMs) {',
    'if (state && t - state.since < 0) {',
    jest('test/unit/daemon/ratelimit.test.ts'),
    false,
  ],
  [
    'warnings not rate-limited (daemon)',
    'src/daemon/ratelimit.ts',
    'const a = limiter.admit(key);\n    if (!a.log) return;',
    'const a = { log: true, suppressed: 0 };',
    jest('test/integration/daemon-fuzz.test.ts'),
    true,
  ],
  [
    'no header/request timeouts',
    'src/daemon/server.ts',
    'headersTimeout: lim.headersTimeoutMs,\n        requestTimeout: lim.requestTimeoutMs,',
    'headersTimeout: 600000,\n        requestTimeout: 0,',
    jest('test/integration/daemon-fuzz.test.ts', '-t', 'slow senders'),
    true,
  ],
  [
    'pin trust rule off',
    'src/core/config.ts',
    'const why = untrustedReason(r.st, owner);',
    'const why = owner.uid === -42 ? untrustedReason(r.st, owner) : null;',
    jest('test/unit/core/config.test.ts'),
    false,
  ],
  [
    'config size not capped',
    'src/core/config.ts',
    'const r = readSmallFile(file, MAX_CONFIG_BYTES);',
    'const r = readSmallFile(file, Number.MAX_SAFE_INTEGER - 1);',
    jest('test/unit/core/config.test.ts', '-t', 'FIFO'),
    false,
  ],
  [
    'foreign socket file removed',
    'src/daemon/server.ts',
    '    refuseForeignFile(socket);\n',
    '',
    jest('test/integration/daemon-faults.test.ts', '-t', 'socket path taken'),
    true,
  ],
  [
    'lock: created without O_EXCL',
    'src/daemon/lock.ts',
    "const fd = fs.openSync(file, 'wx', 0o600);",
    "const fd = fs.openSync(file, 'w', 0o600);",
    jest('test/integration/daemon-faults.test.ts', '-t', 'several daemons'),
    true,
  ],
  [
    'runtime dir not recovered',
    'src/daemon/daemon.ts',
    'onLost: (what) => void this.recoverRuntime(what),',
    "onLost: (what) => void (what === '\\0' && this.recoverRuntime(what)),",
    jest('test/integration/daemon-faults.test.ts', '-t', 'runtime dir removed'),
    true,
  ],
  [
    'log write errors unhandled (full disk)',
    'src/daemon/logger.ts',
    "dest.on('error', () => {});",
    '',
    jest('test/integration/daemon-faults.test.ts', '-t', 'full disk'),
    true,
  ],
  [
    'damaged state not moved aside',
    'src/daemon/state-file.ts',
    'fs.renameSync(file, `${file}.bad`);',
    'fs.renameSync(file, file);',
    jest('test/integration/daemon-faults.test.ts', '-t', 'corrupted between runs'),
    true,
  ],
  [
    'shim appends to whatever sits at journal.<pid>',
    'shell/gocondad.sh',
    '  if [ -h "$__gcd_j" ] || { [ -e "$__gcd_j" ] && { [ ! -f "$__gcd_j" ] || [ ! -O "$__gcd_j" ]; }; }; then return 0; fi\n',
    '',
    jest('test/integration/shim-journal.test.ts', '-t', 'journal path'),
    false,
  ],
  [
    "foreign.sh writes csh's file through a FIFO or symlink",
    'shell/foreign.sh',
    'if [ ! -h "$__gcd_out" ] && { [ ! -e "$__gcd_out" ] || [ -f "$__gcd_out" ]; }; then __gcd_dump >"$__gcd_out"; fi',
    '__gcd_dump >"$__gcd_out"',
    jest('test/integration/shim-journal.test.ts', '-t', 'file of changes'),
    false,
  ],
  [
    'csh sources its file through a symlink',
    'src/shell/csh.ts',
    ' && ! -l "$__gcd_o:q"',
    '',
    jest('test/integration/shim-journal.test.ts', '-t', 'symlink at its file of changes'),
    true,
  ],
  [
    "csh fallback dir not the running user's",
    'src/shell/csh.ts',
    `'      set __gcd_u = "$uid"',`,
    `'      set __gcd_u = 0',`,
    jest('test/integration/other-users.test.ts', '-t', 'tcsh without'),
    true,
  ],
];

const only = process.argv.slice(2);
const build = () => spawnSync('npm', ['run', 'build'], { cwd: repo, stdio: 'ignore' }).status === 0;
let survived = 0;
for (const [name, rel, find, replace, cmd, needsBuild] of MUTANTS) {
  if (only.length > 0 && !only.includes(name)) continue;
  const file = path.join(repo, rel);
  const original = fs.readFileSync(file, 'utf8');
  if (!original.includes(find)) {
    console.log(`MISSING   ${name}: the text to mutate is not in ${rel} any more; update scripts/mutants.js`);
    survived += 1;
    continue;
  }
  fs.writeFileSync(file, original.replace(find, replace));
  let result;
  try {
    if (needsBuild && !build()) throw new Error(`the mutant "${name}" does not compile; fix its replacement`);
    // A mutant may hang a suite (a blocking FIFO open): a timeout counts as caught.
    result = spawnSync(cmd[0], cmd.slice(1), { cwd: repo, encoding: 'utf8', timeout: 150000, env: { ...process.env, CI: '1' } });
  } finally {
    fs.writeFileSync(file, original);
    if (needsBuild) build();
  }
  const caught = result.status !== 0;
  if (!caught) survived += 1;
  const why = result.error ? 'hung, killed' : `exit ${result.status}`;
  const summary = (`${result.stderr ?? ''}`.match(/Tests:.*$/m) ?? [''])[0];
  console.log(`${caught ? 'caught   ' : 'SURVIVED '} ${name}  [${cmd.slice(3).join(' ')}]  ${why}  ${summary}`);
}
process.exit(survived > 0 ? 1 : 0);
