// scripts/mutation-report.js: the per-mutant equivalence marks (test/mutation/equivalent/<folder>.yaml) and the
// counting of `node scripts/mutate.js --table`. Hand-made reports hold one mutant of every status, and each
// kind of mark that names no surviving mutant must come out stale with its reason.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SANDBOX } from '../../helpers/stryker-memo';

const repo = path.resolve(__dirname, '..', '..', '..');
const report = require(path.join(repo, 'scripts', 'mutation-report.js'));

const FOLDERS = ['core', 'sync', 'bundle', 'shell', 'setup', 'service', 'shims', 'export', 'daemon', 'doctor'];
const STATIC = 'Static mutant (and "ignoreStatic" was enabled)';

function mutant(id: number, line: number, column: number, mutatorName: string, replacement: string, status: string, statusReason?: string) {
  return { id: String(id), mutatorName, replacement, status, statusReason, location: { start: { line, column }, end: { line, column: column + 1 } } };
}

/** src/sync/a.ts with one mutant of every status; 1 and 2 share a place and a mutator, 3 shares their place. */
function world() {
  const mutants = [
    mutant(1, 10, 5, 'ConditionalExpression', 'true', 'Survived'),
    mutant(2, 10, 5, 'ConditionalExpression', 'false', 'Survived'),
    mutant(3, 10, 5, 'EqualityOperator', 'a >= b', 'Killed'),
    mutant(4, 10, 20, 'ConditionalExpression', 'true', 'NoCoverage'),
    mutant(5, 11, 1, 'BlockStatement', '{}', 'Timeout'),
    mutant(6, 12, 3, 'StringLiteral', '""', 'RuntimeError'),
    mutant(7, 13, 3, 'StringLiteral', '""', 'CompileError', "src/sync/a.ts(13,3): error TS2322: Type 'string' is not assignable to type 'number'.\n"),
    mutant(8, 14, 3, 'Regex', '/a/', 'Ignored', STATIC),
    mutant(9, 15, 3, 'Regex', '/b/', 'Ignored', 'every b is at the end of its line'),
    mutant(10, 16, 7, 'EqualityOperator', 'x <= y', 'Survived'),
    mutant(11, 17, 2, 'StringLiteral', '`a\nb`', 'Survived'),
  ];
  return report.mergeReports({ files: { 'src/sync/a.ts': { mutants } } }, []);
}

/** The message of the MarkError `f` throws. */
function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof report.MarkError) return (e as Error).message;
    throw e;
  }
  throw new Error('no MarkError thrown');
}

/** Marks in sync.yaml's format, parsed as that file. */
const marksOf = (yaml: string) => report.parseMarks(yaml, 'test/mutation/equivalent/sync.yaml');
const entry = (at: string, mutator: string, replacement: string) =>
  `- at: ${at}\n  mutator: ${mutator}\n  replacement: ${replacement}\n  why: no input tells\n`;

function run(yaml: string) {
  const files = world();
  const { marked, stale } = report.matchMarks(files, marksOf(yaml), 'sync');
  return {
    count: report.countFolder(files, marked),
    survivors: report.survivorLines(files, marked),
    marked: report.markedLines(files, marked),
    stale: stale.map(report.staleLine),
  };
}

const UNMARKED = {
  count: { mutants: 10, killed: 2, survived: 6, equivalent: 1, statics: 1, score: 25 },
  survivors: [
    'src/sync/a.ts:10:5 Survived ConditionalExpression "true"',
    'src/sync/a.ts:10:5 Survived ConditionalExpression "false"',
    'src/sync/a.ts:10:20 NoCoverage ConditionalExpression "true"',
    'src/sync/a.ts:12:3 RuntimeError StringLiteral "\\"\\""',
    'src/sync/a.ts:16:7 Survived EqualityOperator "x <= y"',
    'src/sync/a.ts:17:2 Survived StringLiteral "`a\\nb`"',
  ],
  marked: [],
  stale: [],
};

describe('counting a folder', () => {
  test('no marks: Killed and Timeout killed, Survived/NoCoverage/RuntimeError survived, a disable comment equivalent, static apart, CompileError not counted', () => {
    expect(run('')).toEqual(UNMARKED);
  });

  test('a mark names one mutant: the other mutant of its place and mutator stays a survivor', () => {
    expect(run(entry('src/sync/a.ts:10:5', 'ConditionalExpression', "'true'") + entry('src/sync/a.ts:10:20', 'ConditionalExpression', 'true'))).toEqual({
      count: { mutants: 10, killed: 2, survived: 4, equivalent: 3, statics: 1, score: (100 * 2) / 6 },
      survivors: [
        'src/sync/a.ts:10:5 Survived ConditionalExpression "false"',
        'src/sync/a.ts:12:3 RuntimeError StringLiteral "\\"\\""',
        'src/sync/a.ts:16:7 Survived EqualityOperator "x <= y"',
        'src/sync/a.ts:17:2 Survived StringLiteral "`a\\nb`"',
      ],
      marked: [
        'src/sync/a.ts:10:5 Survived ConditionalExpression "true"\n    why: no input tells',
        'src/sync/a.ts:10:20 NoCoverage ConditionalExpression "true"\n    why: no input tells',
      ],
      stale: [],
    });
  });

  test('a replacement of two lines, as a block scalar or as the JSON --survivors prints', () => {
    for (const written of ['|-\n    `a\n    b`', '"`a\\nb`"']) {
      const r = run(`- at: src/sync/a.ts:17:2\n  mutator: StringLiteral\n  replacement: ${written}\n  why: >-\n    the text is\n    never read\n`);
      expect(r.count).toEqual({ mutants: 10, killed: 2, survived: 5, equivalent: 2, statics: 1, score: (100 * 2) / 7 });
      expect(r.marked).toEqual(['src/sync/a.ts:17:2 Survived StringLiteral "`a\\nb`"\n    why: the text is never read']);
      expect(r.stale).toEqual([]);
    }
  });

  const STALE: [string, string, string][] = [
    [
      'another column',
      entry('src/sync/a.ts:10:6', 'ConditionalExpression', 'true'),
      'no mutant starts at 10:6: take the position --survivors prints, or remove the entry if the code is gone',
    ],
    [
      'another mutator',
      entry('src/sync/a.ts:10:5', 'LogicalOperator', 'true'),
      'no LogicalOperator mutant there (the report has ConditionalExpression, EqualityOperator)',
    ],
    [
      'another replacement',
      entry('src/sync/a.ts:10:5', 'ConditionalExpression', "'true '"),
      'no ConditionalExpression mutant there has that replacement (the report\'s: replacement: "true" or replacement: "false")',
    ],
    ['a Killed mutant', entry('src/sync/a.ts:10:5', 'EqualityOperator', 'a >= b'), 'the mutant is Killed, not a survivor: remove the entry'],
    ['a Timeout', entry('src/sync/a.ts:11:1', 'BlockStatement', "'{}'"), 'the mutant is Timeout, not a survivor: remove the entry'],
    ['a CompileError', entry('src/sync/a.ts:13:3', 'StringLiteral', `'""'`), 'the mutant is CompileError, not a survivor: remove the entry'],
    ['a static mutant', entry('src/sync/a.ts:14:3', 'Regex', '/a/'), 'the mutant is Ignored, not a survivor: remove the entry'],
    ['a mutant a disable comment marks', entry('src/sync/a.ts:15:3', 'Regex', '/b/'), 'the mutant is Ignored, not a survivor: remove the entry'],
    [
      'a RuntimeError',
      entry('src/sync/a.ts:12:3', 'StringLiteral', `'""'`),
      'the mutant is a RuntimeError (a test file failed as a whole): apply it by hand and see which tests fail; a RuntimeError cannot be marked',
    ],
    [
      'a file with no report',
      entry('src/sync/gone.ts:10:5', 'ConditionalExpression', 'true'),
      'the reports have no mutant of src/sync/gone.ts: run npm run mutate -- sync/gone.ts, or remove the entry if the file is gone',
    ],
    [
      'a file of another folder',
      entry('src/core/a.ts:10:5', 'ConditionalExpression', 'true'),
      'src/core/a.ts is not in src/sync: move the entry to the marks file of its folder',
    ],
  ];
  test.each(STALE)('a mark on %s is stale, and changes no figure', (_kind, yaml, reason) => {
    const at = /- at: (\S+)\n {2}mutator: (\S+)/.exec(yaml)!;
    expect(run(yaml)).toEqual({ ...UNMARKED, stale: [`gocondad: stale mark ${at[1]} ${at[2]} (test/mutation/equivalent/sync.yaml entry 1): ${reason}`] });
  });

  test('a second mark of the same mutant is stale; the first counts once', () => {
    const one = entry('src/sync/a.ts:16:7', 'EqualityOperator', 'x <= y');
    const r = run(one + one);
    expect(r.count).toEqual({ mutants: 10, killed: 2, survived: 5, equivalent: 2, statics: 1, score: (100 * 2) / 7 });
    expect(r.marked).toEqual(['src/sync/a.ts:16:7 Survived EqualityOperator "x <= y"\n    why: no input tells']);
    expect(r.stale).toEqual([
      'gocondad: stale mark src/sync/a.ts:16:7 EqualityOperator (test/mutation/equivalent/sync.yaml entry 2): the same mutant is marked by entry 1: remove one',
    ]);
  });

  // A condition and its first operand start at one column and both become `false`: only their ends differ,
  // which a mark does not say (src/core/shim-record.ts 58:7 in the committed report: one Killed, one Survived).
  test('mutants alike but for their end: a mark takes a survivor among them, a second mark the next, a third is stale', () => {
    const ended = (id: number, status: string, endColumn: number) => ({
      ...mutant(id, 4, 7, 'ConditionalExpression', 'false', status),
      location: { start: { line: 4, column: 7 }, end: { line: 4, column: endColumn } },
    });
    const files = report.mergeReports(
      { files: { 'src/sync/b.ts': { mutants: [ended(1, 'Killed', 40), ended(2, 'Survived', 22), ended(3, 'NoCoverage', 30), ended(4, 'Timeout', 50)] } } },
      [],
    );
    const one = entry('src/sync/b.ts:4:7', 'ConditionalExpression', "'false'");
    const marked = (yaml: string) => {
      const r = report.matchMarks(files, marksOf(yaml), 'sync');
      return [
        [...r.marked].map(([m, mark]: [{ id: string }, { entry: number }]) => [m.id, mark.entry]),
        report.countFolder(files, r.marked).survived,
        r.stale.map(report.staleLine),
      ];
    };
    expect(marked(one)).toEqual([[['2', 1]], 1, []]);
    expect(marked(one + one)).toEqual([
      [
        ['2', 1],
        ['3', 2],
      ],
      0,
      [],
    ]);
    expect(marked(one + one + one)).toEqual([
      [
        ['2', 1],
        ['3', 2],
      ],
      0,
      [
        'gocondad: stale mark src/sync/b.ts:4:7 ConditionalExpression (test/mutation/equivalent/sync.yaml entry 3): the same mutant is marked by entry 1, 2: remove one',
      ],
    ]);
    const killedOnly = report.mergeReports({ files: { 'src/sync/b.ts': { mutants: [ended(1, 'Killed', 40), ended(4, 'Timeout', 50)] } } }, []);
    expect(report.matchMarks(killedOnly, marksOf(one), 'sync').stale.map(report.staleLine)).toEqual([
      'gocondad: stale mark src/sync/b.ts:4:7 ConditionalExpression (test/mutation/equivalent/sync.yaml entry 1): the mutant is Killed, Timeout, not a survivor: remove the entry',
    ]);
  });

  test('a per-file report replaces its file in the folder report', () => {
    const whole = { files: { 'src/sync/a.ts': { mutants: [mutant(1, 1, 1, 'Regex', '/a/', 'Survived')] }, 'src/sync/b.ts': { mutants: [] } } };
    const a = { files: { 'src/sync/a.ts': { mutants: [mutant(2, 1, 1, 'Regex', '/a/', 'Killed')] } } };
    const files = report.mergeReports(whole, [a]);
    expect([...files.keys()]).toEqual(['src/sync/a.ts', 'src/sync/b.ts']);
    expect(files.get('src/sync/a.ts')).toEqual(a.files['src/sync/a.ts'].mutants);
    expect(report.mergeReports(null, [a])).toEqual(new Map([['src/sync/a.ts', a.files['src/sync/a.ts'].mutants]]));
  });

  // A per-file run seeded with its folder's incremental file (scripts/mutate.js) carries the folder's other
  // files forward as they were: read whole, core/toolchains.ts's report put conflicts.ts's old survivor back
  // over conflicts.ts's own fresh report.
  test('readFolder takes from a per-file report only the file it is named after', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-perfile-'));
    try {
      fs.mkdirSync(path.join(root, 'core', 'sub'), { recursive: true });
      const old = mutant(1, 5, 5, 'ConditionalExpression', 'false', 'Survived');
      const fresh = mutant(2, 5, 5, 'ConditionalExpression', 'false', 'Killed');
      const nested = mutant(3, 2, 2, 'Regex', '/b/', 'Killed');
      const write = (name: string, files: Record<string, unknown>) => fs.writeFileSync(path.join(root, 'core', name), JSON.stringify({ files }));
      fs.writeFileSync(path.join(root, 'core.json'), JSON.stringify({ files: { 'src/core/a.ts': { mutants: [old] }, 'src/core/sub/b.ts': { mutants: [] } } }));
      write('a.ts.json', { 'src/core/a.ts': { mutants: [fresh] }, 'src/core/sub/b.ts': { mutants: [] } });
      write('sub__b.ts.json', { 'src/core/sub/b.ts': { mutants: [nested] }, 'src/core/a.ts': { mutants: [old] } });
      const r = report.readFolder(root, 'core');
      expect(r.files.get('src/core/a.ts')).toEqual([fresh]);
      expect(r.files.get('src/core/sub/b.ts')).toEqual([nested]);
      expect(r.runs).toBe(2);
      write('sub__b.ts.json', { 'src/core/a.ts': { mutants: [old] } });
      expect(() => report.readFolder(root, 'core')).toThrow(
        'gocondad: error: a per-file report holds no src/core/sub/b.ts; run it again: npm run mutate -- core/sub/b.ts',
      );
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('reading a marks file', () => {
  test('every value is text, as written: true, 0x10 and ~ are not a boolean, a number or null', () => {
    expect(
      marksOf(
        entry('src/sync/a.ts:1:2', 'ConditionalExpression', 'true') +
          entry('src/sync/a.ts:3:4', 'ArithmeticOperator', '0x10') +
          entry('src/sync/a.ts:5:6', 'X', '~'),
      ),
    ).toEqual([
      {
        source: 'test/mutation/equivalent/sync.yaml',
        entry: 1,
        at: 'src/sync/a.ts:1:2',
        file: 'src/sync/a.ts',
        line: 1,
        column: 2,
        mutator: 'ConditionalExpression',
        replacement: 'true',
        why: 'no input tells',
      },
      {
        source: 'test/mutation/equivalent/sync.yaml',
        entry: 2,
        at: 'src/sync/a.ts:3:4',
        file: 'src/sync/a.ts',
        line: 3,
        column: 4,
        mutator: 'ArithmeticOperator',
        replacement: '0x10',
        why: 'no input tells',
      },
      {
        source: 'test/mutation/equivalent/sync.yaml',
        entry: 3,
        at: 'src/sync/a.ts:5:6',
        file: 'src/sync/a.ts',
        line: 5,
        column: 6,
        mutator: 'X',
        replacement: '~',
        why: 'no input tells',
      },
    ]);
  });

  test('an empty file, or one of comments only, marks nothing', () => {
    expect(marksOf('')).toEqual([]);
    expect(marksOf('# nothing yet\n')).toEqual([]);
  });

  const F = 'test/mutation/equivalent/sync.yaml';
  const ERRORS: [string, string, string][] = [
    [
      'not YAML',
      '- at: [\n',
      `gocondad: error: ${F} is not valid YAML (line 2, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]); fix the file: a list of entries with at, mutator, replacement and why`,
    ],
    [
      'a key twice',
      '- at: a\n  at: b\n',
      `gocondad: error: ${F} is not valid YAML (line 2, column 3: Map keys must be unique); fix the file: a list of entries with at, mutator, replacement and why`,
    ],
    [
      'a mapping, not a list',
      'at: src/sync/a.ts:1:1\n',
      `gocondad: error: ${F} is not a list; write each entry as a list item: "- at: src/FOLDER/FILE.ts:LINE:COLUMN" and its mutator, replacement and why`,
    ],
    [
      'an entry that is text',
      '- src/sync/a.ts:1:1\n',
      `gocondad: error: ${F} entry 1 is not a mapping; give the entry at, mutator, replacement and why, each on its own line`,
    ],
    [
      'an unknown key',
      entry('src/sync/a.ts:1:1', 'X', 'y') + '  reason: z\n',
      `gocondad: error: ${F} entry 1 has the unknown key reason; an entry has only at, mutator, replacement and why`,
    ],
    [
      'no why',
      '- at: src/sync/a.ts:1:1\n  mutator: X\n  replacement: y\n',
      `gocondad: error: ${F} entry 1 has no why; add why: why no input can tell the mutant from the code`,
    ],
    [
      'no replacement',
      '- at: src/sync/a.ts:1:1\n  mutator: X\n  why: y\n',
      `gocondad: error: ${F} entry 1 has no replacement; add replacement: the report's replacement`,
    ],
    [
      'a replacement {} unquoted',
      entry('src/sync/a.ts:1:1', 'ObjectLiteral', '{}'),
      `gocondad: error: ${F} entry 1: replacement is not text (YAML read a mapping); quote it, e.g. replacement: '{}'`,
    ],
    [
      'a replacement [] unquoted',
      entry('src/sync/a.ts:1:1', 'ArrayDeclaration', '[]'),
      `gocondad: error: ${F} entry 1: replacement is not text (YAML read a list); quote it, e.g. replacement: '{}'`,
    ],
    [
      'an at without its column',
      entry('src/sync/a.ts:1', 'X', 'y'),
      `gocondad: error: ${F} entry 1: at "src/sync/a.ts:1" is not FILE:LINE:COLUMN; copy the position --survivors prints, e.g. src/sync/run.ts:53:22`,
    ],
    [
      'an at of line 0',
      entry('src/sync/a.ts:0:1', 'X', 'y'),
      `gocondad: error: ${F} entry 1: at "src/sync/a.ts:0:1" is not FILE:LINE:COLUMN; copy the position --survivors prints, e.g. src/sync/run.ts:53:22`,
    ],
    [
      'an empty mutator',
      entry('src/sync/a.ts:1:1', "''", 'y'),
      `gocondad: error: ${F} entry 1 (src/sync/a.ts:1:1) has an empty mutator; copy the mutator --survivors prints, e.g. ConditionalExpression`,
    ],
    [
      'an empty why',
      '- at: src/sync/a.ts:1:1\n  mutator: X\n  replacement: y\n  why:\n',
      `gocondad: error: ${F} entry 1 (src/sync/a.ts:1:1) has an empty why; say why no input can tell the mutant from the code`,
    ],
  ];
  test.each(ERRORS)('%s: the error names the file and the entry, and says what to do', (_kind, yaml, message) => {
    expect(errorOf(() => marksOf(yaml))).toBe(message);
    // After a good entry, the message must name the second.
    if (message.includes(' entry 1'))
      expect(errorOf(() => marksOf(entry('src/sync/a.ts:9:9', 'X', 'fine') + yaml))).toBe(message.replace(' entry 1', ' entry 2'));
  });

  test('loadMarks reads FOLDER.yaml and README.md only, and names a stray file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-marks-'));
    try {
      fs.writeFileSync(path.join(dir, 'README.md'), '# not a marks file: [\n');
      fs.writeFileSync(path.join(dir, 'sync.yaml'), entry('src/sync/a.ts:1:2', 'X', 'y'));
      const marks = report.loadMarks(dir, FOLDERS, 'test/mutation/equivalent');
      expect([...marks.keys()]).toEqual(FOLDERS);
      expect(marks.get('core')).toEqual([]);
      expect(marks.get('sync').map((m: { source: string; at: string }) => [m.source, m.at])).toEqual([
        ['test/mutation/equivalent/sync.yaml', 'src/sync/a.ts:1:2'],
      ]);
      for (const stray of ['sync.yml', 'tools.yaml']) {
        fs.writeFileSync(path.join(dir, stray), '');
        expect(errorOf(() => report.loadMarks(dir, FOLDERS, 'test/mutation/equivalent'))).toBe(
          `gocondad: error: test/mutation/equivalent/${stray} is not the marks file of a folder; name it FOLDER.yaml, FOLDER one of ${FOLDERS.join(', ')}`,
        );
        fs.rmSync(path.join(dir, stray));
      }
      expect(report.loadMarks(path.join(dir, 'none'), ['sync'])).toEqual(new Map([['sync', []]]));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('every committed mark names a surviving mutant of the committed reports (a rerun that moves one says which to update)', () => {
  // Stryker's sandbox (<repo>/.stryker-tmp/sandbox-*) has no reports/ (stryker.config.mjs ignores it): read
  // the checkout's, which no run changes before it ends.
  const root = SANDBOX ? path.dirname(path.dirname(SANDBOX)) : repo;
  const marks = report.loadMarks(path.join(repo, 'test', 'mutation', 'equivalent'), FOLDERS, 'test/mutation/equivalent');
  const stale: string[] = [];
  for (const folder of FOLDERS) {
    const { files } = report.readFolder(path.join(root, 'reports', 'stryker'), folder);
    stale.push(...report.matchMarks(files, marks.get(folder), folder).stale.map(report.staleLine));
  }
  expect(stale).toEqual([]);
});

describe('scripts/mutate.js over the marks', () => {
  let tmp: string;
  beforeEach(() => {
    // A checkout of its own: the two scripts, the config mutate.js reads, node_modules for yaml, one report.
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-mutate-'));
    fs.mkdirSync(path.join(tmp, 'scripts'));
    for (const f of ['mutate.js', 'mutation-report.js']) fs.copyFileSync(path.join(repo, 'scripts', f), path.join(tmp, 'scripts', f));
    fs.copyFileSync(path.join(repo, 'stryker.config.mjs'), path.join(tmp, 'stryker.config.mjs'));
    fs.symlinkSync(path.join(repo, 'node_modules'), path.join(tmp, 'node_modules'));
    // The source file the report names: --table counts a folder's files to say whether it is measured whole.
    fs.mkdirSync(path.join(tmp, 'src', 'sync'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'src', 'sync', 'a.ts'), '');
    fs.mkdirSync(path.join(tmp, 'reports', 'stryker'), { recursive: true });
    const mutants = [
      mutant(1, 10, 5, 'ConditionalExpression', 'true', 'Survived'),
      mutant(2, 10, 5, 'ConditionalExpression', 'false', 'Killed'),
      mutant(3, 11, 5, 'StringLiteral', '""', 'Killed'),
    ];
    fs.writeFileSync(path.join(tmp, 'reports', 'stryker', 'sync.json'), JSON.stringify({ files: { 'src/sync/a.ts': { mutants } } }));
    fs.mkdirSync(path.join(tmp, 'test', 'mutation', 'equivalent'), { recursive: true });
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const mutate = (marks: string, ...args: string[]) => {
    fs.writeFileSync(path.join(tmp, 'test', 'mutation', 'equivalent', 'sync.yaml'), marks);
    const r = spawnSync(process.execPath, [path.join(tmp, 'scripts', 'mutate.js'), ...args], { encoding: 'utf8' });
    return [r.status, r.stdout, r.stderr];
  };
  const HEAD = '| folder | mutants | killed | survived | equivalent | static, not run | score |\n|---|---:|---:|---:|---:|---:|---:|\n';
  const MARK = entry('src/sync/a.ts:10:5', 'ConditionalExpression', "'true'");
  const STALE = entry('src/sync/a.ts:10:5', 'ConditionalExpression', "'false'");

  test('--table counts a mark as equivalent; a stale mark is said on stderr and fails it', () => {
    expect(mutate(MARK, '--table', 'sync')).toEqual([0, `${HEAD}| src/sync | 3 | 2 | 0 | 1 | 0 | 100.0% |\n`, '']);
    expect(mutate(MARK + STALE, '--table', 'sync')).toEqual([
      1,
      `${HEAD}| src/sync | 3 | 2 | 0 | 1 | 0 | 100.0% |\n`,
      'gocondad: stale mark src/sync/a.ts:10:5 ConditionalExpression (test/mutation/equivalent/sync.yaml entry 2): the mutant is Killed, not a survivor: remove the entry\n',
    ]);
  });

  test('--survivors lists the unmarked survivors, --marked the marked ones with why', () => {
    expect(mutate('', '--survivors', 'sync')).toEqual([0, 'src/sync/a.ts:10:5 Survived ConditionalExpression "true"\n', '']);
    expect(mutate(MARK, '--survivors', 'sync')).toEqual([0, '', '']);
    expect(mutate(MARK, '--marked', 'sync')).toEqual([0, 'src/sync/a.ts:10:5 Survived ConditionalExpression "true"\n    why: no input tells\n', '']);
    expect(mutate('', '--marked', 'sync')).toEqual([0, '', '']);
  });

  test('a target naming lines is checked before any run: a mistyped one stops the command with the error', () => {
    const HINT = 'lines start at 1 and a range N-M needs M >= N, e.g. bundle/elf.ts:52,150-160';
    expect(mutate('', 'sync/a.ts:0')).toEqual([2, '', `gocondad: error: sync/a.ts:0 names no line in 0; ${HINT}\n`]);
    expect(mutate('', 'sync/a.ts:3,9-4')).toEqual([2, '', `gocondad: error: sync/a.ts:3,9-4 names no line in 9-4; ${HINT}\n`]);
    expect(mutate('', 'sync:3')).toEqual([2, '', 'gocondad: error: sync:3 names lines of a folder; name lines of one file: FOLDER/FILE.ts:N-M\n']);
    expect(mutate('', 'sync/a.ts:3-')).toEqual([
      2,
      '',
      'gocondad: error: sync/a.ts:3- is not FOLDER, FOLDER/FILE.ts or FOLDER/FILE.ts:N-M,…; name lines as :N, :N-M or a list of them, e.g. bundle/elf.ts:52,150-160\n',
    ]);
    // a file with no report: nothing to carry its other lines from, so no run
    expect(mutate('', 'sync/a.ts:1')).toEqual([
      2,
      '',
      'gocondad: error: src/sync/a.ts has no report to carry its other lines from; run npm run mutate -- sync/a.ts first\n',
    ]);
    // a report of other code: the run would lose the mutants around the change, so none
    fs.mkdirSync(path.join(tmp, 'reports', 'stryker', 'sync'));
    const inc = path.join(tmp, 'reports', 'stryker', 'sync', 'a.ts.incremental.json');
    fs.writeFileSync(inc, JSON.stringify({ files: { 'src/sync/a.ts': { source: 'let a = 1;\n', mutants: [] } } }));
    expect(mutate('', 'sync/a.ts:1')).toEqual([
      2,
      '',
      'gocondad: error: src/sync/a.ts changed since its report, so a line range would lose or misreport mutants; run the whole file: npm run mutate -- sync/a.ts\n',
    ]);
  });

  test('a marks file that fails its checks stops the command with the error', () => {
    expect(mutate('- at: src/sync/a.ts:10\n', '--table', 'sync')).toEqual([
      2,
      '',
      "gocondad: error: test/mutation/equivalent/sync.yaml entry 1 has no mutator; add mutator: the report's mutator\n",
    ]);
  });
});
