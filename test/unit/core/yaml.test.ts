// YAML parsing with its content-addressed cache: the same answers with and without it, errors with
// lines, and a cache file someone else could have written is not believed.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Problem } from '../../../src/core/problem';

type Mod = typeof import('../../../src/core/yaml');
let dir: string;
const saved = process.env.XDG_CACHE_HOME;

function fresh(): Mod {
  let mod: Mod | undefined;
  jest.isolateModules(() => {
    mod = require('../../../src/core/yaml');
  });
  return mod!;
}
function flush(): void {
  // The cache is written when the process exits; run those handlers now.
  for (const l of process.listeners('exit')) if (l.name === 'saveCache') (l as () => void)();
  process.removeAllListeners('exit');
}
function parse(mod: Mod, text: string): { value: unknown; problems: Problem[] } {
  const problems: Problem[] = [];
  return { value: mod.parseYaml(text, '/f.yml', problems), problems };
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-yaml-'));
  process.env.XDG_CACHE_HOME = dir;
});
afterEach(() => {
  process.env.XDG_CACHE_HOME = saved;
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
});

const TEXTS = ['envs_dirs:\n  - ~/envs\n  - /x\n', 'go: ">=1.21"\ncgo: off\n', '', 'a: [1, 2\n', 'k: {x: y}\nlist: [true, null, 3.5]\n'];

test.each(TEXTS)('the cached answer equals the parsed one: %j', (text) => {
  const first = parse(fresh(), text);
  flush();
  const file = path.join(dir, 'gocondad', 'yaml-v2.json');
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  const second = parse(fresh(), text);
  expect(second).toEqual(first);
});

test('every error of a text, each said whole at its line (an unclosed [, then an unclosed quote)', () => {
  expect(parse(fresh(), "a: [1, 2\nb: 'oops\n")).toEqual({
    value: undefined,
    problems: [
      { file: '/f.yml', line: 1, message: 'YAML error: the [ that starts on this line is not closed with ] before line 2' },
      { file: '/f.yml', line: 2, message: "YAML error: the '-quoted string that starts on this line is never closed (no closing ')" },
    ],
  });
});

test('errors carry the file and line, from the cache too', () => {
  const first = parse(fresh(), 'a: 1\nb: [\n');
  expect(first.value).toBeUndefined();
  expect(first.problems[0]).toMatchObject({ file: '/f.yml', line: expect.any(Number), message: expect.stringMatching(/^YAML error/) });
  flush();
  expect(parse(fresh(), 'a: 1\nb: [\n')).toEqual(first);
});

test('what JSON cannot carry exactly is parsed every time, never cached', () => {
  expect(parse(fresh(), 'x: .nan\n').value).toEqual({ x: NaN });
  flush();
  expect(fs.existsSync(path.join(dir, 'gocondad', 'yaml-v2.json'))).toBe(false);
});

test('a cache file others could write is ignored', () => {
  fs.mkdirSync(path.join(dir, 'gocondad'), { recursive: true });
  const file = path.join(dir, 'gocondad', 'yaml-v2.json');
  const crypto = require('node:crypto');
  const key = crypto.createHash('sha256').update('a: 1\n').digest('hex');
  fs.writeFileSync(file, JSON.stringify([[key, { value: { a: 'forged' } }]]), { mode: 0o666 });
  fs.chmodSync(file, 0o666);
  expect(parse(fresh(), 'a: 1\n').value).toEqual({ a: 1 });
  fs.chmodSync(file, 0o600);
  expect(parse(fresh(), 'a: 1\n').value).toEqual({ a: 'forged' });
});

test('callers get a copy they may change', () => {
  const mod = fresh();
  (parse(mod, 'l: [1]\n').value as { l: number[] }).l.push(2);
  expect(parse(mod, 'l: [1]\n').value).toEqual({ l: [1] });
});

describe('the cache file: where, what is believed, how much is kept, when it is written', () => {
  const file = () => path.join(dir, 'gocondad', 'yaml-v2.json');
  const keyOf = (text: string) => require('node:crypto').createHash('sha256').update(text).digest('hex') as string;

  test('yamlCacheFile: XDG_CACHE_HOME, else ~/.cache, else none', () => {
    const { yamlCacheFile } = fresh();
    expect(yamlCacheFile({ XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe('/x/gocondad/yaml-v2.json');
    expect(yamlCacheFile({ XDG_CACHE_HOME: '', HOME: '/h' })).toBe('/h/.cache/gocondad/yaml-v2.json');
    expect(yamlCacheFile({ HOME: '/h' })).toBe('/h/.cache/gocondad/yaml-v2.json');
    expect(yamlCacheFile({ HOME: '' })).toBeNull();
    expect(yamlCacheFile({})).toBeNull();
  });

  test('no cache dir known: parsed all the same, nothing written', () => {
    delete process.env.XDG_CACHE_HOME;
    const savedHome = process.env.HOME;
    delete process.env.HOME;
    try {
      expect(parse(fresh(), 'a: 1\n')).toEqual({ value: { a: 1 }, problems: [] });
      flush();
    } finally {
      process.env.HOME = savedHome;
    }
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('stopSavingYamlCache: this process writes no cache', () => {
    const mod = fresh();
    mod.stopSavingYamlCache();
    expect(parse(mod, 'a: 1\n').value).toEqual({ a: 1 });
    flush();
    expect(fs.existsSync(file())).toBe(false);
  });

  test('one exit handler however many texts are new; the last 64 texts kept, in order', () => {
    const mod = fresh();
    process.removeAllListeners('exit');
    for (let i = 0; i < 70; i++) parse(mod, `n: ${i}\n`);
    expect(process.listeners('exit').filter((l) => l.name === 'saveCache')).toHaveLength(1);
    flush();
    const saved = JSON.parse(fs.readFileSync(file(), 'utf8')) as [string, unknown][];
    expect(saved.map(([k]) => k)).toEqual(Array.from({ length: 64 }, (_, i) => keyOf(`n: ${i + 6}\n`)));
    expect(saved[0]).toEqual([keyOf('n: 6\n'), { value: { n: 6 } }]);
    expect(fs.statSync(path.dirname(file())).mode & 0o777).toBe(0o700);
  });

  test('a text answered from the cache is not written again; a new one is added at the end', () => {
    fs.mkdirSync(path.dirname(file()), { recursive: true });
    const text = JSON.stringify([[keyOf('a: 1\n'), { value: { a: 'cached' } }]], null, 1);
    fs.writeFileSync(file(), text, { mode: 0o600 });
    const mod = fresh();
    expect(parse(mod, 'a: 1\n').value).toEqual({ a: 'cached' });
    flush();
    expect(fs.readFileSync(file(), 'utf8')).toBe(text);
    parse(mod, 'b: 2\n');
    flush();
    expect(JSON.parse(fs.readFileSync(file(), 'utf8'))).toEqual([
      [keyOf('a: 1\n'), { value: { a: 'cached' } }],
      [keyOf('b: 2\n'), { value: { b: 2 } }],
    ]);
  });

  test('entries of the right shape are believed: a value, errors with and without a line', () => {
    fs.mkdirSync(path.dirname(file()), { recursive: true });
    const entries = [
      [keyOf('a: 1\n'), { value: { a: 'cached' } }],
      [keyOf('b: 1\n'), { errors: [{ message: 'YAML error: cached', line: 9 }, { message: 'YAML error: no line' }] }],
    ];
    fs.writeFileSync(file(), JSON.stringify(entries), { mode: 0o600 });
    const mod = fresh();
    expect(parse(mod, 'a: 1\n')).toEqual({ value: { a: 'cached' }, problems: [] });
    expect(parse(mod, 'b: 1\n')).toEqual({
      value: undefined,
      problems: [
        { file: '/f.yml', line: 9, message: 'YAML error: cached' },
        { file: '/f.yml', line: undefined, message: 'YAML error: no line' },
      ],
    });
  });

  test('entries of the wrong shape are not believed; a file that is no list, nor JSON, is none', () => {
    fs.mkdirSync(path.dirname(file()), { recursive: true });
    const k = keyOf('a: 1\n');
    for (const entries of [
      [[k, null]],
      [[k, 'text']],
      // An object, but neither a value nor a list of errors: it was read as "no value, no problem".
      [[k, {}]],
      [[k, { errors: [] }]],
      [[k, { errors: 5 }]],
      [[k, { errors: 'x' }]],
      [[k, { errors: [{ message: 7 }] }]],
      [[k, { errors: [null] }]],
      [[k, { errors: [{ message: 'm', line: '3' }] }]],
      [[k, { errors: [{ message: 'one good' }, { message: 7 }] }]],
      [[7, { value: { a: 'forged' } }]],
      [k],
      [{ 0: k, 1: { value: { a: 'forged' } } }],
      { [k]: { value: { a: 'forged' } } },
    ]) {
      fs.writeFileSync(file(), JSON.stringify(entries), { mode: 0o600 });
      expect([entries, parse(fresh(), 'a: 1\n').value]).toEqual([entries, { a: 1 }]);
      // A good entry after a bad one is still believed: one bad entry does not cost the whole file.
      if (Array.isArray(entries)) {
        fs.writeFileSync(file(), JSON.stringify([...entries, [keyOf('b: 1\n'), { value: { b: 'cached' } }]]), { mode: 0o600 });
        expect([entries, parse(fresh(), 'b: 1\n').value]).toEqual([entries, { b: 'cached' }]);
      }
    }
    fs.writeFileSync(file(), '[[', { mode: 0o600 });
    expect(parse(fresh(), 'a: 1\n').value).toEqual({ a: 1 });
  });

  test('a cache file writable by its group, or owned by another user, is not believed (needs root to chown)', () => {
    if (process.getuid?.() !== 0) throw new Error('this test must run as root (or with sudo): it chowns a file to another user');
    fs.mkdirSync(path.dirname(file()), { recursive: true });
    fs.writeFileSync(file(), JSON.stringify([[keyOf('a: 1\n'), { value: { a: 'forged' } }]]), { mode: 0o600 });
    fs.chmodSync(file(), 0o620);
    expect(parse(fresh(), 'a: 1\n').value).toEqual({ a: 1 });
    fs.chmodSync(file(), 0o600);
    fs.chownSync(file(), 65534, 65534);
    expect(parse(fresh(), 'a: 1\n').value).toEqual({ a: 1 });
    fs.chownSync(file(), 0, 0);
    expect(parse(fresh(), 'a: 1\n').value).toEqual({ a: 'forged' });
  });

  test('what JSON would change is not cached: infinities, a list holding itself; finite numbers, nesting and errors are', () => {
    const mod = fresh();
    expect(parse(mod, 'x: .inf\n').value).toEqual({ x: Infinity });
    expect(parse(mod, 'y: [-.inf]\n').value).toEqual({ y: [-Infinity] });
    const selfish = parse(mod, 'a: &x [*x]\n').value as { a: unknown[] };
    expect(selfish.a[0]).toBe(selfish.a);
    // One bad value among good ones is enough: in a list, and among a mapping's values.
    expect(parse(mod, 'w: [1, .inf]\n').value).toEqual({ w: [1, Infinity] });
    expect(parse(mod, 'v: 1\nu: .nan\n').value).toEqual({ v: 1, u: NaN });
    parse(mod, 'z: {n: [1.5, true, null, "s"]}\n');
    parse(mod, 'bad: [\n');
    flush();
    const keys = (JSON.parse(fs.readFileSync(file(), 'utf8')) as [string, unknown][]).map(([k]) => k);
    expect(keys).toEqual([keyOf('z: {n: [1.5, true, null, "s"]}\n'), keyOf('bad: [\n')]);
  });

  test('what JSON would turn into something else is not cached: a timestamp, !!binary, a !!set (objects of other kinds)', () => {
    const texts = ['%YAML 1.1\n---\nwhen: 2001-12-14\n', 'a: !!binary aGVsbG8=\n', '%YAML 1.1\n---\ns: !!set {a, b}\n'];
    const want = [{ when: new Date(Date.UTC(2001, 11, 14)) }, { a: Buffer.from('hello') }, { s: new Set(['a', 'b']) }];
    const mod = fresh();
    expect(texts.map((t) => parse(mod, t))).toEqual(want.map((value) => ({ value, problems: [] })));
    parse(mod, 'plain: 1\n');
    flush();
    expect((JSON.parse(fs.readFileSync(file(), 'utf8')) as [string, unknown][]).map(([k]) => k)).toEqual([keyOf('plain: 1\n')]);
    // Read again: the same kinds of object, not the strings and plain objects JSON would have made of them.
    const again = fresh();
    expect(texts.map((t) => parse(again, t).value)).toEqual(want);
  });

  test('an alias to nothing: one problem, the first line of yaml’s words, no line number', () => {
    expect(parse(fresh(), 'a: *nowhere\n')).toEqual({
      value: undefined,
      problems: [{ file: '/f.yml', line: undefined, message: expect.stringMatching(/^YAML error: [^\n]+$/) }],
    });
  });
});

test("yaml's warnings (a collection as a key) reach no stderr: the parse is quiet", () => {
  const spy = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  try {
    const { value, problems } = parse(fresh(), '? [a, b]\n: 1\n');
    expect(problems).toEqual([]);
    expect(Object.values(value as object)).toEqual([1]);
    expect(spy).not.toHaveBeenCalled();
  } finally {
    spy.mockRestore();
  }
});
