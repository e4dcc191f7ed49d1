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
  fs.rmSync(dir, { recursive: true, force: true });
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
