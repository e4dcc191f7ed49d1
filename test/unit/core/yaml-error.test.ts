// YAML errors said whole, at the line where the problem starts, through the same parse every reader uses.
import YAML from 'yaml';
import { describeYamlError } from '../../../src/core/yaml-error';

/** What describeYamlError makes of yaml's first error for `text`. */
function said(text: string): { line: number | undefined; message: string } {
  const doc = YAML.parseDocument(text, { prettyErrors: true });
  expect(doc.errors.length).toBeGreaterThan(0);
  return describeYamlError(doc.errors[0]!, text);
}

test('an unclosed quote is reported on the line it opens, not where the file ends', () => {
  // yaml itself says line 4 (the end of the file) here.
  expect(said('name: "x\ndependencies:\n  - go\n')).toEqual({
    line: 1,
    message: 'YAML error: the "-quoted string that starts on this line is never closed (no closing ")',
  });
  expect(said("a: ok\nb: 'it\nc: d\n").line).toBe(2);
  // A closed quote before the open one is not the culprit.
  expect(said('a: "fine"\nb: "open\n').line).toBe(2);
});

test('an unclosed [ or { is reported on the line it opens, and where the parser noticed', () => {
  expect(said('name: x\ndependencies:\n  - go\n  - [a\nb: c\n')).toEqual({
    line: 4,
    message: 'YAML error: the [ that starts on this line is not closed with ] before line 5',
  });
  expect(said('a: {x: [1, 2]\nb: 2\n')).toEqual({ line: 1, message: 'YAML error: the { that starts on this line is not closed with } before line 2' });
  // A { closed on its own line inside the open [ is not the culprit: the [ is.
  expect(said('a: [\n  {x: 1},\n  b\nc: 2\n')).toEqual({ line: 1, message: 'YAML error: the [ that starts on this line is not closed with ] before line 4' });
});

test('any other error: one line, yaml’s reason without its cut-off snippet, with the column', () => {
  for (const text of ['k: v\n\tx: 1\n', 'a: 1\na: 2\n', '- a\nb: c\n', 'a: 1\n b: 2\n']) {
    const e = said(text);
    expect(e.message).not.toMatch(/\n|at line \d+, column \d+|:$/);
    expect(e.message).toMatch(/^YAML error: .+ \(column \d+\)$/);
  }
  expect(said('k: v\n\tx: 1\n')).toEqual({ line: 2, message: 'YAML error: Tabs are not allowed as indentation (column 1)' });
});

describe('describeYamlError on each shape of error, written out', () => {
  const flowSeq = 'Flow sequence in block collection must be sufficiently indented and end with a ]';
  test.each([
    [
      'a missing quote with no quote in the text: yaml’s words, its line and column',
      { code: 'MISSING_CHAR', message: 'Missing closing "quote at line 3, column 1:\n\nc: 3\n^', pos: [10, 11], linePos: [{ line: 3, col: 1 }] },
      'a: 1\nb: 2\nc: 3\n',
      { line: 3, message: 'YAML error: Missing closing "quote (column 1)' },
    ],
    [
      'a quote that opens after where yaml noticed is not the culprit',
      { code: 'MISSING_CHAR', message: 'Missing closing "quote at line 1, column 3', pos: [2, 3], linePos: [{ line: 1, col: 3 }] },
      'a: 1\nb: "x\n',
      { line: 1, message: 'YAML error: Missing closing "quote (column 3)' },
    ],
    [
      'MISSING_CHAR of no quote: not a quote',
      { code: 'MISSING_CHAR', message: 'Missing , or : between flow map items', pos: [9, 10], linePos: [{ line: 2, col: 1 }] },
      'a: "x\nb\n',
      { line: 2, message: 'YAML error: Missing , or : between flow map items (column 1)' },
    ],
    [
      'a quote word from another code: not a quote',
      { code: 'BAD_SCALAR_START', message: 'Plain value cannot start with quote', pos: [9, 10] },
      'a: "x\nb\n',
      { line: undefined, message: 'YAML error: Plain value cannot start with quote' },
    ],
    [
      'no position at all: yaml’s words only',
      { message: 'Something odd at line 2, column 4' },
      'a: "x\n[\n',
      { line: undefined, message: 'YAML error: Something odd' },
    ],
    [
      'an open [ and no line from yaml: the line of the position',
      { code: 'BAD_INDENT', message: `${flowSeq} at line 2, column 1:`, pos: [6, 7] },
      'a: [1\nb: 2\n',
      { line: 1, message: 'YAML error: the [ that starts on this line is not closed with ] before line 2' },
    ],
    [
      'the position on a newline is on that newline’s line',
      { code: 'BAD_INDENT', message: flowSeq, pos: [5, 6] },
      'a: [1\nb: 2\n',
      { line: 1, message: 'YAML error: the [ that starts on this line is not closed with ] before line 1' },
    ],
    [
      'an open {, a closed [ before it',
      { code: 'X', message: 'Flow map must end with a }', pos: [15, 16], linePos: [{ line: 3, col: 1 }] },
      'a: [1]\nb: {x: 1\nc: 2\n',
      { line: 2, message: 'YAML error: the { that starts on this line is not closed with } before line 3' },
    ],
    [
      'a flow error with no bracket open: yaml’s words',
      { code: 'X', message: 'Flow map must end with a }', pos: [3, 4], linePos: [{ line: 1, col: 4 }] },
      'abc: [1]\n',
      { line: 1, message: 'YAML error: Flow map must end with a } (column 4)' },
    ],
    [
      'a head that only mentions a flow sequence later: not a flow error',
      { code: 'X', message: 'Bad Flow sequence', pos: [4, 5], linePos: [{ line: 1, col: 5 }] },
      'a: [1\n',
      { line: 1, message: 'YAML error: Bad Flow sequence (column 5)' },
    ],
    [
      'the quote opening exactly where yaml noticed',
      { code: 'MISSING_CHAR', message: 'Missing closing "quote', pos: [3, 4], linePos: [{ line: 1, col: 4 }] },
      'a: "x\n',
      { line: 1, message: 'YAML error: the "-quoted string that starts on this line is never closed (no closing ")' },
    ],
    [
      'the [ opening exactly where yaml noticed',
      { code: 'X', message: flowSeq, pos: [3, 4], linePos: [{ line: 1, col: 4 }] },
      'a: [1\nb: 2\n',
      { line: 1, message: 'YAML error: the [ that starts on this line is not closed with ] before line 1' },
    ],
    [
      'a line and column of several digits are cut off too',
      { code: 'X', message: 'Oops at line 12, column 34:\n\nsnippet', pos: [0, 1], linePos: [{ line: 12, col: 34 }] },
      'a\n',
      { line: 12, message: 'YAML error: Oops (column 34)' },
    ],
    [
      'only a trailing "at line …, column …" is cut',
      { code: 'X', message: 'Oops at line 1, column 2 then more', pos: [0, 1], linePos: [{ line: 1, col: 2 }] },
      'a\n',
      { line: 1, message: 'YAML error: Oops at line 1, column 2 then more (column 2)' },
    ],
  ] as const)('%s', (_name, err, text, out) => {
    expect(describeYamlError(err as unknown as Parameters<typeof describeYamlError>[0], text)).toEqual(out);
  });
});

test('an unclosed quote after an unclosed [ or {: each error at its own line, each bracket and quote named right', () => {
  // The lexer marks where the unclosed flow collection ends with a byte of no text: counted, it shifts
  // every later offset by one (the quote became "the o-quoted string", the second [ a {).
  const all = (text: string) => YAML.parseDocument(text, { prettyErrors: true }).errors.map((e) => describeYamlError(e, text));
  expect(all("a: [1, 2\nb: 'oops\n")).toEqual([
    { line: 1, message: 'YAML error: the [ that starts on this line is not closed with ] before line 2' },
    { line: 2, message: "YAML error: the '-quoted string that starts on this line is never closed (no closing ')" },
  ]);
  expect(all('x: [1\ny: [2\nz: "q\n')).toEqual([
    { line: 1, message: 'YAML error: the [ that starts on this line is not closed with ] before line 2' },
    { line: 2, message: 'YAML error: the [ that starts on this line is not closed with ] before line 3' },
    { line: 3, message: 'YAML error: the "-quoted string that starts on this line is never closed (no closing ")' },
  ]);
});

test('an unclosed quote inside an unclosed [: the [ is named for the bracket, not for the quote that reaches the error', () => {
  const all = (text: string) => YAML.parseDocument(text, { prettyErrors: true }).errors.map((e) => describeYamlError(e, text));
  expect(all('deps: [go, "1.22\nb: 1\n')).toEqual([
    { line: 1, message: 'YAML error: the "-quoted string that starts on this line is never closed (no closing ")' },
    { line: 1, message: 'YAML error: the [ that starts on this line is not closed with ] before line 3' },
  ]);
});

test('an error whose words hold "quote" but is no missing quote (a second quoted scalar) is said as yaml says it', () => {
  const all = (text: string) => YAML.parseDocument(text, { prettyErrors: true }).errors.map((e) => describeYamlError(e, text));
  expect(all('a: "b" "c"\n')).toEqual([{ line: 1, message: 'YAML error: Unexpected double-quoted-scalar at node end (column 8)' }]);
});
