// state.json: sessions, fixes and the journal position survive a restart; damage means a fresh start.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DaemonState } from '../../../../src/daemon/sessions/state';
import { loadStateFile, saveStateFile } from '../../../../src/daemon/sessions/state-file';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-state-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

test('round trip: sessions, conflicts, journal position; the file is private', () => {
  const state = DaemonState.fromJSON({
    sessions: [{ shellPid: 5, shell: 'zsh', prefix: '/e', envName: 'e', shlvl: 1, goroot: null, goVersion: null, since: 't' }],
    conflicts: [{ kind: 'shadowed-go', prefix: '/e', shellPid: 5, before: '/e/bin/go', after: '/g/bin/go', at: 't' }],
  });
  const file = path.join(dir, 'state.json');
  saveStateFile(file, state, { ino: 42, offset: 1000 }, { 'journal.77': { ino: 43, offset: 12 } });
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  const back = loadStateFile(file);
  expect(back.journal).toEqual({ ino: 42, offset: 1000 });
  expect(back.shellJournals).toEqual({ 'journal.77': { ino: 43, offset: 12 } });
  expect(back.state.toJSON()).toEqual(state.toJSON());
});

test('a journal’s birth time survives a restart; one that is not a whole number of ns is dropped, the position kept', () => {
  const file = path.join(dir, 'state.json');
  saveStateFile(file, new DaemonState(), { ino: 42, offset: 1000, born: '1796483507901134733' }, { 'journal.77': { ino: 43, offset: 12, born: '5' } });
  expect(loadStateFile(file).journal).toEqual({ ino: 42, offset: 1000, born: '1796483507901134733' });
  expect(loadStateFile(file).shellJournals).toEqual({ 'journal.77': { ino: 43, offset: 12, born: '5' } });
  const bad = ['0', '', '-1', '1e9', ' 1', '1 ', '1\n', 1796483507901, null];
  fs.writeFileSync(
    file,
    JSON.stringify({ sessions: [], conflicts: [], shellJournals: Object.fromEntries(bad.map((born, i) => [`journal.${i}`, { ino: i, offset: 1, born }])) }),
  );
  expect(loadStateFile(file).shellJournals).toEqual(Object.fromEntries(bad.map((_, i) => [`journal.${i}`, { ino: i, offset: 1 }])));
});

test.each([
  ['missing', null],
  ['not JSON', '{"sessions": ['],
  ['wrong types', '{"sessions": "x", "conflicts": 3, "journal": {"ino": "1", "offset": 2}, "shellJournals": {"journal.1": {"ino": "x"}}}'],
])('%s: a fresh start, no throw', (_name, text) => {
  const file = path.join(dir, 'state.json');
  if (text !== null) fs.writeFileSync(file, text);
  const loaded = loadStateFile(file);
  expect(loaded.journal).toBeNull();
  expect(loaded.shellJournals).toEqual({});
  expect(loaded.state.toJSON()).toEqual({ sessions: [], conflicts: [] });
});

test('upgrade: a state file of gocondad 0.1.0 names the shell level `level`; it is read as shlvl', () => {
  const file = path.join(dir, 'state.json');
  const old = { shellPid: 5, shell: 'zsh', prefix: '/e', envName: 'e', level: 2, goroot: null, goVersion: null, since: 't' };
  fs.writeFileSync(file, JSON.stringify({ sessions: [old], conflicts: [] }));
  const [session] = loadStateFile(file).state.toJSON().sessions;
  expect(session).toEqual({ shellPid: 5, shell: 'zsh', prefix: '/e', envName: 'e', shlvl: 2, goroot: null, goVersion: null, since: 't' });
});

describe('exact bytes, and files other processes left', () => {
  const parseError = (text: string): string => {
    try {
      JSON.parse(text);
    } catch (err) {
      return (err as Error).message;
    }
    throw new Error(`${text} parses`);
  };
  const session = { shellPid: 5, shell: 'zsh', prefix: '/e', envName: 'e', shlvl: 1, goroot: null, goVersion: null, since: 't' };

  test('the bytes written: one JSON line, sessions, conflicts, the positions (none given: an empty map)', () => {
    const file = path.join(dir, 'state.json');
    saveStateFile(file, DaemonState.fromJSON({ sessions: [session] }), { ino: 1, offset: 2 });
    expect(fs.readFileSync(file, 'utf8')).toBe(
      '{"sessions":[{"shellPid":5,"shell":"zsh","prefix":"/e","envName":"e","shlvl":1,"goroot":null,"goVersion":null,"since":"t"}],"conflicts":[],"journal":{"ino":1,"offset":2},"shellJournals":{}}\n',
    );
    expect(fs.readdirSync(dir)).toEqual(['state.json']); // no temp file left beside it
  });

  test.each([
    ['half-written (a daemon killed mid-write)', '{"sessions":[{"shellPid":5,', null],
    ['a JSON array', '[1,2]', 'not a JSON object'],
    ['a JSON string', '"state"', 'not a JSON object'],
    ['JSON null', 'null', 'not a JSON object'],
    ['a number', '7', 'not a JSON object'],
    ['empty', '', null],
    // null: JSON.parse's own words (they differ between Node versions)
  ])('%s: a fresh start, the file moved to .bad with its bytes, and why', (_name, text, said) => {
    const why = said ?? parseError(text);
    const file = path.join(dir, 'state.json');
    fs.writeFileSync(file, text);
    const loaded = loadStateFile(file);
    expect({ ...loaded, state: loaded.state.toJSON() }).toEqual({
      state: { sessions: [], conflicts: [] },
      journal: null,
      shellJournals: {},
      problem: `${file} ${why}; moved to ${file}.bad`,
    });
    expect(fs.readFileSync(`${file}.bad`, 'utf8')).toBe(text);
    expect(fs.existsSync(file)).toBe(false);
  });

  test('a missing file is a fresh start with no problem at all', () => {
    const loaded = loadStateFile(path.join(dir, 'state.json'));
    expect(Object.keys(loaded).sort()).toEqual(['journal', 'shellJournals', 'state']);
  });

  test('damaged and cannot be moved aside: said, and left where it is', () => {
    const file = path.join(dir, 'state.json');
    fs.writeFileSync(file, '{');
    fs.mkdirSync(`${file}.bad`);
    fs.writeFileSync(path.join(`${file}.bad`, 'x'), '');
    expect(loadStateFile(file).problem).toBe(`${file} ${parseError('{')}`);
    expect(fs.readFileSync(file, 'utf8')).toBe('{');
  });

  test('a symlink in its place is refused (never followed), and moved aside', () => {
    const file = path.join(dir, 'state.json');
    fs.writeFileSync(path.join(dir, 'elsewhere.json'), JSON.stringify({ sessions: [session] }));
    fs.symlinkSync(path.join(dir, 'elsewhere.json'), file);
    const loaded = loadStateFile(file);
    expect(loaded.state.toJSON()).toEqual({ sessions: [], conflicts: [] });
    expect(loaded.problem).toBe(`${file} is a symlink; not followed; moved to ${file}.bad`);
    expect(fs.lstatSync(`${file}.bad`).isSymbolicLink()).toBe(true);
  });

  test('a FIFO in its place is refused without blocking', () => {
    const file = path.join(dir, 'state.json');
    execFileSync('mkfifo', [file]);
    expect(loadStateFile(file).problem).toBe(`${file} is not a regular file (a FIFO, device or directory?); not read; moved to ${file}.bad`);
  });

  test('positions: only whole ones are kept, per journal; anything else is unknown', () => {
    const file = path.join(dir, 'state.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        journal: { ino: 3, offset: 4, extra: 1 },
        shellJournals: { 'journal.1': { ino: 1, offset: 0 }, 'journal.2': { ino: 2 }, 'journal.3': { offset: 3 }, 'journal.4': null, 'journal.5': [1, 2] },
      }),
    );
    const loaded = loadStateFile(file);
    expect([loaded.journal, loaded.shellJournals, loaded.problem]).toEqual([{ ino: 3, offset: 4 }, { 'journal.1': { ino: 1, offset: 0 } }, undefined]);
    for (const shellJournals of [null, 'journal.1', 5, true]) {
      fs.writeFileSync(file, JSON.stringify({ journal: { ino: 1, offset: '2' }, shellJournals }));
      expect([loadStateFile(file).journal, loadStateFile(file).shellJournals]).toEqual([null, {}]);
    }
  });

  test('a string where the positions go is not walked character by character (a 32 MiB one would be 32M entries)', () => {
    const file = path.join(dir, 'state.json');
    fs.writeFileSync(file, JSON.stringify({ shellJournals: 'journal.1' }));
    const entries = jest.spyOn(Object, 'entries');
    let walked: unknown[];
    let loaded;
    try {
      loaded = loadStateFile(file);
      walked = entries.mock.calls.map(([v]) => v).filter((v) => typeof v === 'string');
    } finally {
      entries.mockRestore(); // before any expect: it also clears the recorded calls
    }
    expect(loaded.shellJournals).toEqual({});
    expect(walked).toEqual([]);
  });
});
