'use strict';
// The shims' restore logic, which Stryker cannot mutate (POSIX sh and shell/foreign.sh).
// Rows: [name, file, exact text to find, replacement, test command, needs a build (the CLI runs dist/)].
const { jest } = require('./jest');

module.exports = [
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
];
