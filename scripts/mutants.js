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
    'src/daemon/journal/journal-tail.ts',
    'if (this.pos.offset >= this.rotateAt && this.pos.offset === st.size) this.rotate();',
    'if (this.rotateAt < 0) this.rotate();',
    jest('test/unit/daemon/journal/journal-tail.test.ts'),
    false,
  ],
  [
    'rotation off (daemon)',
    'src/daemon/journal/journal-tail.ts',
    'if (this.pos.offset >= this.rotateAt && this.pos.offset === st.size) this.rotate();',
    'if (this.rotateAt < 0) this.rotate();',
    jest('test/integration/daemon.test.ts', '-t', 'rotation'),
    true,
  ],
  [
    "no re-read of a rotated file's tail",
    'src/daemon/journal/journal-tail.ts',
    'this.readChunks(fd, fs.fstatSync(fd).size, asideOffset, true);',
    'void asideOffset;',
    jest('test/unit/daemon/journal/journal-tail.test.ts'),
    false,
  ],
  [
    'no state save after a record',
    'src/daemon/sessions/sessions.ts',
    'for (const ev of outcome.events) this.hooks.broadcast(ev);\n      this.scheduleSave();',
    'for (const ev of outcome.events) this.hooks.broadcast(ev);',
    jest('test/integration/daemon-faults.test.ts', '-t', 'SIGKILL after the state was saved'),
    true,
  ],
  [
    'journal opened blocking (FIFO)',
    'src/daemon/journal/journal-tail.ts',
    'const OPEN_FLAGS = fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOFOLLOW;',
    'const OPEN_FLAGS = fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW;',
    jest('test/unit/daemon/journal/journal-tail.test.ts', '-t', 'FIFO'),
    false,
  ],
  [
    'journal type not checked',
    'src/daemon/journal/journal-tail.ts',
    "if (!st.isFile()) {\n        this.refuse('is not a regular file');\n        return 0;\n      }",
    '',
    jest('test/unit/daemon/journal/journal-tail.test.ts', '-t', 'FIFO'),
    false,
  ],
  [
    'journal symlink followed',
    'src/daemon/journal/journal-tail.ts',
    'const OPEN_FLAGS = fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOFOLLOW;',
    'const OPEN_FLAGS = fs.constants.O_RDONLY | fs.constants.O_NONBLOCK;',
    jest('test/unit/daemon/journal/journal-tail.test.ts', '-t', 'FIFO'),
    false,
  ],
  [
    'journal read whole (no chunks)',
    'src/daemon/journal/journal-tail.ts',
    'const buf = Buffer.allocUnsafe(Math.min(size - offset, this.chunk));',
    'const buf = Buffer.allocUnsafe(size - offset);',
    jest('test/unit/daemon/journal/journal-tail.test.ts', '-t', 'chunk'),
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
    'src/daemon/log/ratelimit.ts',
    'if (state && t - state.since < this.windowMs) {',
    'if (state && t - state.since < 0) {',
    jest('test/unit/daemon/log/ratelimit.test.ts'),
    false,
  ],
  [
    'warnings not rate-limited (daemon)',
    'src/daemon/log/ratelimit.ts',
    'const a = limiter.admit(key);\n    if (!a.log) return;',
    'const a = { log: true, suppressed: 0 };',
    jest('test/integration/daemon-fuzz.test.ts'),
    true,
  ],
  [
    'no header/request timeouts',
    'src/daemon/http/server.ts',
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
    'src/daemon/http/server.ts',
    '    refuseForeignFile(socket);\n',
    '',
    jest('test/integration/daemon-faults.test.ts', '-t', 'socket path taken'),
    true,
  ],
  [
    'lock: created without O_EXCL',
    'src/daemon/runtime/lock.ts',
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
    'src/daemon/log/logger.ts',
    "dest.on('error', () => {});",
    '',
    jest('test/integration/daemon-faults.test.ts', '-t', 'full disk'),
    true,
  ],
  [
    'damaged state not moved aside',
    'src/daemon/sessions/state-file.ts',
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
  // --- The POSIX shim's restore (shell/gocondad.sh): unset vs empty, backups, PATH surgery. Caught by the
  // restore matrix on conda's emulation (bash: the matrix runs the same code in zsh and dash) and, for the
  // backups nested shells need, by fish/tcsh, whose shim runs the POSIX one in a child sh.
  [
    'restore: an unset variable comes back empty',
    'shell/gocondad.sh',
    'then export $__gcd_v=\\"\\$__GCD_OLD_$1_$__gcd_v\\"; else unset $__gcd_v; fi"',
    'then export $__gcd_v=\\"\\$__GCD_OLD_$1_$__gcd_v\\"; else export $__gcd_v=; fi"',
    jest('test/integration/posix-restore.test.ts', '-t', '^bash under conda order'),
    false,
  ],
  [
    'backup: an empty variable is recorded as unset',
    'shell/gocondad.sh',
    'eval "if [ -n \\"\\${$1+x}\\" ]; then export __GCD_HAS_',
    'eval "if [ -n \\"\\${$1:+x}\\" ]; then export __GCD_HAS_',
    jest('test/integration/posix-restore.test.ts', '-t', '^bash under conda order'),
    false,
  ],
  [
    'backup: values kept unexported (a child shell cannot restore)',
    'shell/gocondad.sh',
    'then export __GCD_HAS_${__gcd_lvl}_$1=1 __GCD_OLD_${__gcd_lvl}_$1=\\"\\$$1\\"; fi"',
    'then __GCD_HAS_${__gcd_lvl}_$1=1 __GCD_OLD_${__gcd_lvl}_$1=\\"\\$$1\\"; fi"',
    jest('test/integration/fish-csh.test.ts', '-t', '^fish under conda order'),
    false,
  ],
  [
    "PATH surgery: the user's own occurrences of the entry taken out too (baseline ignored)",
    'shell/gocondad.sh',
    'while [ "$__gcd_n" -gt "$2" ]; do',
    'while [ "$__gcd_n" -gt 0 ]; do',
    jest('test/integration/posix-restore.test.ts', '-t', '^bash under conda order'),
    false,
  ],
  [
    'PATH surgery: the last occurrence taken out instead of the first (ours)',
    'shell/gocondad.sh',
    '__gcd_r="${__gcd_r%%":$1:"*}:${__gcd_r#*":$1:"}"',
    '__gcd_r="${__gcd_r%":$1:"*}:${__gcd_r##*":$1:"}"',
    jest('test/integration/posix-restore.test.ts', '-t', '^bash under conda order'),
    false,
  ],
  [
    'deactivate: levels above are not rolled back (the top level stays)',
    'shell/gocondad.sh',
    'if [ "$1" -gt 1 ]; then export __GCD_TOP=$(($1 - 1)); else unset __GCD_TOP; fi',
    ':',
    jest('test/integration/posix-restore.test.ts', '-t', '^bash under conda order'),
    false,
  ],
  [
    'restore on real conda: an unset variable comes back empty',
    'shell/gocondad.sh',
    'then export $__gcd_v=\\"\\$__GCD_OLD_$1_$__gcd_v\\"; else unset $__gcd_v; fi"',
    'then export $__gcd_v=\\"\\$__GCD_OLD_$1_$__gcd_v\\"; else export $__gcd_v=; fi"',
    jest('test/integration/realconda-restore-matrix.test.ts', '-t', '^real conda restore matrix .*bash'),
    false,
  ],
  // --- shell/foreign.sh (fish, tcsh): what changed is read back with unset and empty kept apart.
  [
    'foreign.sh: an empty value reported as unset',
    'shell/foreign.sh',
    'eval "__gcd_a=\\${$__gcd_m+x}\\${$__gcd_m-} __gcd_b=',
    'eval "__gcd_a=\\${$__gcd_m:+x}\\${$__gcd_m-} __gcd_b=',
    jest('test/integration/fish-csh.test.ts', '-t', '^fish under conda order'),
    false,
  ],
  [
    "foreign.sh: the levels' backups not reported back (the shell loses them)",
    'shell/foreign.sh',
    '    for __gcd_m in $__gcd_managed; do __gcd_all="$__gcd_all __GCD_HAS_${__gcd_i}_$__gcd_m __GCD_OLD_${__gcd_i}_$__gcd_m"; done\n',
    '',
    jest('test/integration/fish-csh.test.ts', '-t', '^tcsh under conda order'),
    false,
  ],
  // (Writing `!` as the last character inside the quotes, `'…!'`, is no mutant: tcsh substitutes no history
  // for a `!` followed by `'`, in a script, under `source` or typed at an interactive prompt — docs/mutation.md.)
  [
    "foreign.sh: csh's `!` left inside the quotes like any character (history expansion)",
    'shell/foreign.sh',
    '      *[\\\'!"$__gcd_nl"]*)\n        __gcd_h=${__gcd_r%%[\\\'!"$__gcd_nl"]*}',
    '      *[\\\'"$__gcd_nl"]*)\n        __gcd_h=${__gcd_r%%[\\\'"$__gcd_nl"]*}',
    jest('test/integration/fish-csh.test.ts', '-t', '^tcsh under conda order'),
    false,
  ],
  // --- The conda plugin (python-shim/): the hook guard and the post-command, against a real conda.
  [
    'plugin guard catches only RuntimeError (an API mismatch breaks conda)',
    'python-shim/gocondad_conda/plugin.py',
    '        except Exception as err:\n            say("plugin hook',
    '        except RuntimeError as err:\n            say("plugin hook',
    jest('test/integration/conda-plugin-real-guard.test.ts'),
    false,
  ],
  [
    'plugin guard lets the error through',
    'python-shim/gocondad_conda/plugin.py',
    '(conda is unaffected): %s" % (hook.__name__, err), once_key="hook failed")\n            return []',
    '(conda is unaffected): %s" % (hook.__name__, err), once_key="hook failed")\n            raise',
    jest('test/integration/conda-plugin-real-guard.test.ts'),
    false,
  ],
  [
    'post-command catches only RuntimeError',
    'python-shim/gocondad_conda/post_command.py',
    'except BaseException as err:  # noqa: B036',
    'except RuntimeError as err:  # noqa: B036',
    jest('test/integration/conda-plugin-real-guard.test.ts', '-t', 'post-command'),
    false,
  ],
  [
    'post-command refreshes an env conda removed',
    'python-shim/gocondad_conda/post_command.py',
    '        if not is_env(prefix):\n            return\n',
    '',
    jest('test/integration/conda-plugin.test.ts', '-t', 'removed env'),
    false,
  ],
  // --- setup's plugin rollback (src/setup/execute.ts, plugin.ts), against a real conda and pip.
  [
    'setup keeps a plugin conda cannot load',
    'src/setup/execute.ts',
    '  const undo = uninstallPlugin(step.python, env, run);\n',
    '  const undo = { status: 0 };\n',
    jest('test/integration/setup.test.ts', '-t', 'cannot load'),
    false,
  ],
  [
    "setup's check runs with the user's CONDA_NO_PLUGINS (plugins off: every plugin passes)",
    'src/setup/plugin.ts',
    '  delete withPlugins.CONDA_NO_PLUGINS;\n',
    '',
    jest('test/integration/setup.test.ts', '-t', 'CONDA_NO_PLUGINS'),
    false,
  ],
];

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
    console.log(`MISSING   ${name}: the text to mutate is not in ${rel} any more; update scripts/mutants.js`);
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
