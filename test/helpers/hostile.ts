// Values no dialect's quoting may break on or execute: every test that quotes, sets or restores a
// value uses these, so a new nasty case is tried in every shell at once.

/** One value per trap: empty, spaces, each quote, substitutions, newlines, escapes, history, globs, huge. */
export const HOSTILE_VALUES = [
  '',
  ' ',
  'sp ace',
  "it's",
  '"dq"',
  '$(touch PWNED)',
  '`touch PWNED`',
  'a\nb\n',
  'tab\there',
  'é ✓ 日本',
  '\\',
  '\\\\',
  "'''",
  '$HOME ${X} $((1+1))',
  '!event',
  '!!',
  'a\\!b',
  'end\\',
  '*?[a]',
  '-n',
  '%s%d',
  '{a,b}',
  '~',
  'x'.repeat(4096),
];

/** Many traps in one value, for paths and for the variables conda never touches (no `!`: csh history). */
export const HOSTILE = `sp ace'q"d$(touch PWNED1)\`touch PWNED2\`\nnew line é ✓ \\ %s *`;
