// docs/commands.md is generated from the commander definitions (src/cli/reference-commands.ts); these
// tests fail when the file no longer says what the CLI defines, and when the renderer drops something.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import { buildProgram } from '../../../src/cli/program';
import { anchor, cell, commandsReference, leafCommands } from '../../../src/cli/reference-commands';

const FILE = path.join(__dirname, '..', '..', '..', 'docs', 'commands.md');

test('docs/commands.md is what the CLI defines (else: npm run docs:gen)', () => {
  const want = commandsReference(buildProgram());
  const have = fs.existsSync(FILE) ? fs.readFileSync(FILE, 'utf8') : '';
  if (have !== want) throw new Error('docs/commands.md is stale: it no longer says what src/cli/ defines; run `npm run docs:gen` and commit it');
});

test('every runnable command has its section and its index row; groups are listed through their commands', () => {
  const program = buildProgram();
  const text = commandsReference(program);
  const leaves = leafCommands(program).map((c) => c.name());
  expect(leaves).toEqual(expect.arrayContaining(['daemon', 'status', 'install', 'refresh', 'logs', 'sync', 'sync-env']));
  expect(leaves).not.toContain('shims');
  expect(leaves).not.toContain('help');
  for (const heading of ['gocondad shims install', 'gocondad service logs', 'gocondad sync']) {
    expect(text).toContain(`\n## ${heading}\n`);
    expect(text).toContain(`](#${anchor(heading)}) |`);
  }
});

test('every option and argument is there with commander’s own words, defaults and choices', () => {
  const program = new Command('tool');
  program.option('-V, --version', 'output the version number');
  const g = program.command('grp').description('a group');
  g.command('run')
    .description('runs | things')
    .argument('<target>', 'what to run')
    .argument('[more...]', 'and these')
    .option('-n, --lines <n>', 'how many', '50')
    .addOption(g.createOption('--mode <m>', 'the mode').choices(['a', 'b']))
    .option('--no-state', 'keep no state');
  program.command('plain').description('nothing else');
  const text = commandsReference(program);
  expect(text).toContain('`tool -V, --version`: output the version number.');
  expect(text).toContain('| [`tool grp run`](#tool-grp-run) | runs \\| things |');
  expect(text).toContain('```\ntool grp run [options] <target> [more...]\n```');
  expect(text).toContain('| `target` | what to run |');
  expect(text).toContain('| `more` | and these |');
  expect(text).toContain('| `-n, --lines <n>` | how many (default: "50") |');
  expect(text).toContain('| `--mode <m>` | the mode (choices: "a", "b") |');
  expect(text).toContain('| `--no-state` | keep no state |');
  expect(text).toContain('## tool plain\n\nnothing else\n');
  expect(text).not.toMatch(/-h, --help/);
  expect(text.endsWith('|\n') || text.endsWith('```\n')).toBe(true);
});

test('cells stay one cell: pipes escaped, newlines joined', () => {
  expect(cell('a | b\n  c')).toBe('a \\| b c');
  expect(anchor('gocondad sync-env')).toBe('gocondad-sync-env');
});
