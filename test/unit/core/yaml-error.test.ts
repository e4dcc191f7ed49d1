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
});

test('any other error: one line, yaml’s reason without its cut-off snippet, with the column', () => {
  for (const text of ['k: v\n\tx: 1\n', 'a: 1\na: 2\n', '- a\nb: c\n', 'a: 1\n b: 2\n']) {
    const e = said(text);
    expect(e.message).not.toMatch(/\n|at line \d+, column \d+|:$/);
    expect(e.message).toMatch(/^YAML error: .+ \(column \d+\)$/);
  }
  expect(said('k: v\n\tx: 1\n')).toEqual({ line: 2, message: 'YAML error: Tabs are not allowed as indentation (column 1)' });
});
