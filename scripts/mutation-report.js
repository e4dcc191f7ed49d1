// The counting behind `node scripts/mutate.js --table/--survivors/--marked`: the Stryker reports of a folder
// merged, the per-mutant equivalence marks of test/mutation/equivalent/<folder>.yaml loaded and checked, and
// each mark matched to the one mutant it names. Why marks live outside the source: Stryker's
// `// Stryker disable next-line Mutator: reason` marks every mutant of that mutator on the line, so a line
// holding one equivalent and one real mutant of the same mutator could not be marked without hiding the real
// one. A mark names one mutant exactly (file, line, column, mutator, replacement), as the report gives it.
// No process.exit and no printing here: errors are thrown as MarkError (scripts/mutate.js prints them in its
// `gocondad: error: WHAT; HINT` format), so test/unit/scripts/mutation-report.test.ts can check them.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');

/** Only these can be marked: a mutant no test kills. A RuntimeError is a test file failing as a whole, not an answer. */
const MARKABLE = ['Survived', 'NoCoverage'];
/** Counted as survivors while unmarked (docs/mutation.md: a RuntimeError counts as a survivor). */
const SURVIVING = ['Survived', 'NoCoverage', 'RuntimeError'];
const KEYS = ['at', 'mutator', 'replacement', 'why'];

class MarkError extends Error {
  constructor(what, hint) {
    super(`gocondad: error: ${what}; ${hint}`);
    this.what = what;
    this.hint = hint;
  }
}

/**
 * The marks of `text`, the contents of marks file `name` (as shown in messages, e.g.
 * test/mutation/equivalent/sync.yaml). Every scalar is read as the text it is (YAML's failsafe schema), so
 * `replacement: false` is the text "false", as Stryker reports it, not a boolean.
 */
function parseMarks(text, name) {
  const lines = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { schema: 'failsafe', prettyErrors: false, lineCounter: lines });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const at = lines.linePos(e.pos[0]);
    throw new MarkError(
      `${name} is not valid YAML (line ${at.line}, column ${at.col}: ${e.message})`,
      'fix the file: a list of entries with at, mutator, replacement and why',
    );
  }
  const list = doc.toJS();
  if (list === null || list === undefined) return [];
  if (!Array.isArray(list))
    throw new MarkError(
      `${name} is not a list`,
      'write each entry as a list item: "- at: src/FOLDER/FILE.ts:LINE:COLUMN" and its mutator, replacement and why',
    );
  return list.map((entry, i) => {
    const which = `${name} entry ${i + 1}`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
      throw new MarkError(`${which} is not a mapping`, 'give the entry at, mutator, replacement and why, each on its own line');
    const unknown = Object.keys(entry).filter((k) => !KEYS.includes(k));
    if (unknown.length > 0) throw new MarkError(`${which} has the unknown key ${unknown[0]}`, `an entry has only at, mutator, replacement and why`);
    for (const k of KEYS) {
      if (!(k in entry))
        throw new MarkError(`${which} has no ${k}`, `add ${k}: ${k === 'why' ? 'why no input can tell the mutant from the code' : `the report's ${k}`}`);
      if (typeof entry[k] !== 'string')
        throw new MarkError(`${which}: ${k} is not text (YAML read a ${Array.isArray(entry[k]) ? 'list' : 'mapping'})`, `quote it, e.g. ${k}: '{}'`);
    }
    const at = /^(src\/[^:]+\.ts):([1-9]\d*):([1-9]\d*)$/.exec(entry.at);
    if (!at)
      throw new MarkError(
        `${which}: at ${JSON.stringify(entry.at)} is not FILE:LINE:COLUMN`,
        'copy the position --survivors prints, e.g. src/sync/run.ts:53:22',
      );
    if (entry.mutator.trim() === '')
      throw new MarkError(`${which} (${entry.at}) has an empty mutator`, 'copy the mutator --survivors prints, e.g. ConditionalExpression');
    if (entry.why.trim() === '') throw new MarkError(`${which} (${entry.at}) has an empty why`, 'say why no input can tell the mutant from the code');
    return {
      source: name,
      entry: i + 1,
      at: entry.at,
      file: at[1],
      line: Number(at[2]),
      column: Number(at[3]),
      mutator: entry.mutator,
      replacement: entry.replacement,
      why: entry.why,
    };
  });
}

/** The marks files of `dir` (test/mutation/equivalent), as folder → marks; `shown` is how `dir` is named in messages. */
function loadMarks(dir, folders, shown = dir) {
  const marks = new Map(folders.map((f) => [f, []]));
  if (!fs.existsSync(dir)) return marks;
  for (const name of fs.readdirSync(dir).sort()) {
    if (name === 'README.md') continue;
    const folder = name.replace(/\.yaml$/, '');
    if (!name.endsWith('.yaml') || !folders.includes(folder))
      throw new MarkError(`${shown}/${name} is not the marks file of a folder`, `name it FOLDER.yaml, FOLDER one of ${folders.join(', ')}`);
    marks.set(folder, parseMarks(fs.readFileSync(path.join(dir, name), 'utf8'), `${shown}/${name}`));
  }
  return marks;
}

/**
 * Each measured source file's mutants: the folder report (`whole`, or null) with the per-file reports
 * (`perFile`) replacing their file's part.
 */
function mergeReports(whole, perFile) {
  const files = new Map();
  for (const report of [whole, ...perFile]) if (report) for (const [f, v] of Object.entries(report.files)) files.set(f, v.mutants);
  return files;
}

/** The reports of `folder` under `dir` (reports/stryker): FOLDER.json and FOLDER/*.json. */
function readFolder(dir, folder) {
  const read = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
  const wholeFile = path.join(dir, `${folder}.json`);
  const perDir = path.join(dir, folder);
  const names = fs.existsSync(perDir) ? fs.readdirSync(perDir).filter((n) => n.endsWith('.json') && !n.endsWith('.incremental.json')) : [];
  const whole = fs.existsSync(wholeFile) ? read(wholeFile) : null;
  return {
    files: mergeReports(
      whole,
      names.map((n) => onlyFile(read(path.join(perDir, n)), perFileSource(folder, n))),
    ),
    whole: whole !== null,
    runs: names.length,
  };
}

/** A per-file report's name inside reports/stryker/FOLDER: the path inside the folder, `/` as `__` (perFileSource's inverse). */
function perFileName(file) {
  return file.split('/').slice(2).join('__');
}

/** The source file a per-file report of `folder` measures: `journal__shell-journals.ts.json` → src/FOLDER/journal/shell-journals.ts. */
function perFileSource(folder, name) {
  return `src/${folder}/${name
    .replace(/\.json$/, '')
    .split('__')
    .join('/')}`;
}

/**
 * A per-file run's report (or incremental file) cut to the one file it measures. A run seeded with its folder's
 * incremental results (scripts/mutate.js) carries every other file of the folder forward unchanged, and those
 * stale parts would otherwise replace fresher ones when a folder's reports are merged.
 */
function onlyFile(report, file) {
  if (!report.files || !report.files[file]) throw new MarkError(`a per-file report holds no ${file}`, `run it again: npm run mutate -- ${file.slice(4)}`);
  return { ...report, files: { [file]: report.files[file] } };
}

const position = (m) => `${m.location.start.line}:${m.location.start.column}`;
const describe = (name, m) => `${name}:${position(m)} ${m.status} ${m.mutatorName} ${JSON.stringify(m.replacement ?? '')}`;

/**
 * Which surviving mutants of `folder` the marks name (Map mutant → mark), and which marks are stale, each with
 * why: a mark must name exactly one Survived or NoCoverage mutant of its own folder, once.
 */
function matchMarks(files, marks, folder) {
  const marked = new Map();
  const stale = [];
  for (const mark of marks) {
    const staleAs = (reason) => stale.push({ mark, reason });
    if (!mark.file.startsWith(`src/${folder}/`)) {
      staleAs(`${mark.file} is not in src/${folder}: move the entry to the marks file of its folder`);
      continue;
    }
    const mutants = files.get(mark.file);
    if (mutants === undefined) {
      staleAs(`the reports have no mutant of ${mark.file}: run npm run mutate -- ${mark.file.slice('src/'.length)}, or remove the entry if the file is gone`);
      continue;
    }
    const here = mutants.filter((m) => m.location.start.line === mark.line && m.location.start.column === mark.column);
    if (here.length === 0) {
      staleAs(`no mutant starts at ${mark.line}:${mark.column}: take the position --survivors prints, or remove the entry if the code is gone`);
      continue;
    }
    const same = here.filter((m) => m.mutatorName === mark.mutator);
    if (same.length === 0) {
      staleAs(`no ${mark.mutator} mutant there (the report has ${[...new Set(here.map((m) => m.mutatorName))].join(', ')})`);
      continue;
    }
    // Two mutants can share all five (a condition and its first operand start at one column, and both become
    // `false`): the report tells them apart by where they end, which a mark does not say. A mark takes the
    // first of them no other mark took that is a survivor; a second mark, the next.
    const alike = same.filter((x) => x.replacement === mark.replacement);
    if (alike.length === 0) {
      // JSON is YAML: the report's text written as a JSON string reads back exactly.
      staleAs(
        `no ${mark.mutator} mutant there has that replacement (the report's: ${same.map((x) => `replacement: ${JSON.stringify(x.replacement ?? '')}`).join(' or ')})`,
      );
      continue;
    }
    const markable = alike.filter((x) => MARKABLE.includes(x.status));
    if (markable.length === 0) {
      const statuses = [...new Set(alike.map((x) => x.status))];
      staleAs(
        statuses.includes('RuntimeError')
          ? 'the mutant is a RuntimeError (a test file failed as a whole): apply it by hand and see which tests fail; a RuntimeError cannot be marked'
          : `the mutant is ${statuses.join(', ')}, not a survivor: remove the entry`,
      );
      continue;
    }
    const m = markable.find((x) => !marked.has(x));
    if (m === undefined) {
      staleAs(`the same mutant is marked by entry ${markable.map((x) => marked.get(x).entry).join(', ')}: remove one`);
      continue;
    }
    marked.set(m, mark);
  }
  return { marked, stale };
}

/** One folder's mutants, counted the way docs/mutation.md shows them; `marked` from matchMarks. */
function countFolder(files, marked) {
  const c = { mutants: 0, killed: 0, survived: 0, equivalent: 0, statics: 0 };
  for (const mutants of files.values())
    for (const m of mutants) {
      // Compile errors are mutants the type checker rejected: not runnable code, not counted.
      if (m.status === 'CompileError') continue;
      c.mutants += 1;
      if (m.status === 'Killed' || m.status === 'Timeout') c.killed += 1;
      // ignoreStatic (stryker.config.mjs): a static mutant was not run. Neither killed nor equivalent:
      // counted apart, and out of the score.
      else if (m.status === 'Ignored' && /^Static mutant/.test(m.statusReason ?? '')) c.statics += 1;
      // Marked by `// Stryker disable …: reason` (Ignored), or in test/mutation/equivalent/<folder>.yaml.
      else if (m.status === 'Ignored' || marked.has(m)) c.equivalent += 1;
      else c.survived += 1; // Survived, NoCoverage, RuntimeError
    }
  const scored = c.killed + c.survived;
  c.score = scored === 0 ? 100 : (100 * c.killed) / scored;
  return c;
}

/** The survivors no mark names, one line each: FILE:LINE:COLUMN STATUS MUTATOR "REPLACEMENT". */
function survivorLines(files, marked) {
  const out = [];
  for (const [name, mutants] of files) for (const m of mutants) if (SURVIVING.includes(m.status) && !marked.has(m)) out.push(describe(name, m));
  return out;
}

/** The marked survivors, each with its why. */
function markedLines(files, marked) {
  const out = [];
  for (const [name, mutants] of files)
    for (const m of mutants) {
      const mark = marked.get(m);
      if (mark !== undefined) out.push(`${describe(name, m)}\n    why: ${mark.why.trim().replace(/\s*\n\s*/g, ' ')}`);
    }
  return out;
}

/** A stale mark, one line: where it is, what it names, and why it is stale. */
const staleLine = ({ mark, reason }) => `gocondad: stale mark ${mark.at} ${mark.mutator} (${mark.source} entry ${mark.entry}): ${reason}`;

module.exports = {
  MARKABLE,
  MarkError,
  parseMarks,
  loadMarks,
  mergeReports,
  readFolder,
  perFileName,
  perFileSource,
  onlyFile,
  matchMarks,
  countFolder,
  survivorLines,
  markedLines,
  staleLine,
};
