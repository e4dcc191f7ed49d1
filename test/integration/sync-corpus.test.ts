// The real-project corpus: every directory in test/fixtures/sync-corpus/ is one case, real files from
// public repositories exactly as fetched, run through the built `gocondad sync` with cwd = a copy of the
// case. A case dir holds:
//   - the real files (go.mod, environment.yml, pixi.lock, *.go, …), in subdirectories when they matter;
//   - SOURCE: one line per real file, `<file in case> <owner/name> <40-hex commit> <path in repo> <SPDX>`
//     (`#` starts a comment), and LICENSE.<name> beside it for each repository (MIT/BSD/Apache ask for it);
//   - case.json: {"args": [...], "exit": N, "expect": [finding subsets], "absent": [finding subsets],
//     "report": {subset of the whole --json report}, "after": {"<file>": {"contains": [..], "lacks": [..]}},
//     "env": {"NAME": "value"}} — "{case}" in args, env and expected strings is the case copy's directory;
//   - README.md: the answer reasoned in words.
// Nothing else: a file SOURCE does not name fails the case, so the corpus stays auditable.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI, GO122, noTelemetry, REPO, requireReal } from '../helpers/world';

const CORPUS = path.join(REPO, 'test', 'fixtures', 'sync-corpus');
const META = new Set(['case.json', 'README.md', 'SOURCE']);

interface Case {
  args: string[];
  exit: number;
  expect?: Record<string, unknown>[];
  absent?: Record<string, unknown>[];
  report?: Record<string, unknown>;
  after?: Record<string, { contains?: string[]; lacks?: string[] }>;
  env?: Record<string, string>;
}

function filesUnder(dir: string, rel = ''): string[] {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const p = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? filesUnder(dir, p) : [p];
  });
}

function parseSource(text: string): { file: string; repo: string; commit: string; path: string; licence: string }[] {
  return text
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean)
    .map((l) => {
      const [file, repo, commit, p, licence, ...rest] = l.split(/\s+/);
      if (!file || !repo || !commit || !p || !licence || rest.length > 0) throw new Error(`SOURCE line needs 5 fields: ${l}`);
      return { file, repo, commit, path: p, licence };
    });
}

const cases = fs.existsSync(CORPUS) ? fs.readdirSync(CORPUS).filter((d) => fs.statSync(path.join(CORPUS, d)).isDirectory()) : [];

let tmp: string;
beforeAll(() => {
  requireReal();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-corpus-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('the corpus has at least 10 cases', () => {
  expect(cases.length).toBeGreaterThanOrEqual(10);
});

describe.each(cases)('%s', (name) => {
  const dir = path.join(CORPUS, name);

  test('SOURCE names every real file: repository, commit, path, licence (and the licence text)', () => {
    for (const f of [...META]) expect([name, f, fs.existsSync(path.join(dir, f))]).toEqual([name, f, true]);
    const source = parseSource(fs.readFileSync(path.join(dir, 'SOURCE'), 'utf8'));
    const real = filesUnder(dir).filter((f) => !META.has(f) && !/^LICENSE\./.test(f));
    expect(real.length).toBeGreaterThan(0);
    expect(real.sort()).toEqual(source.map((s) => s.file).sort());
    for (const s of source) {
      expect([s.file, s.repo]).toEqual([s.file, expect.stringMatching(/^[\w.-]+\/[\w.-]+$/)]);
      expect([s.file, s.commit]).toEqual([s.file, expect.stringMatching(/^[0-9a-f]{40}$/)]);
      expect([s.file, s.licence]).toEqual([s.file, expect.stringMatching(/^[A-Za-z0-9.+-]+$/)]);
      const lic = path.join(dir, `LICENSE.${s.repo.split('/')[1]}`);
      expect([s.file, lic, fs.existsSync(lic)]).toEqual([s.file, lic, true]);
    }
    expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8').length).toBeGreaterThan(80);
  });

  test('gocondad sync gives the answer README.md reasons', () => {
    const c = JSON.parse(fs.readFileSync(path.join(dir, 'case.json'), 'utf8')) as Case;
    const work = path.join(tmp, name);
    fs.cpSync(dir, work, { recursive: true });
    const home = path.join(tmp, `${name}.home`);
    fs.mkdirSync(path.join(home, '.config'), { recursive: true });
    noTelemetry(home);
    const sub = (s: string) => s.split('{case}').join(work);
    const env: Record<string, string> = {
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      XDG_STATE_HOME: path.join(home, '.local', 'state'),
      XDG_RUNTIME_DIR: path.join(home, 'run'),
      // an empty module cache unless the case brings its own: the answer must not depend on this machine
      GOMODCACHE: path.join(home, 'gomodcache'),
      GOFLAGS: '',
      PATH: `${path.join(GO122, 'bin')}:/usr/bin:/bin`,
      LANG: 'C.UTF-8',
      ...Object.fromEntries(Object.entries(c.env ?? {}).map(([k, v]) => [k, sub(v)])),
    };
    const args = c.args.map(sub);
    const r = spawnSync(process.execPath, [CLI, 'sync', ...args, ...(args.includes('--json') ? [] : ['--json'])], {
      cwd: work,
      env,
      encoding: 'utf8',
      timeout: 60000,
    });
    const context = `${name}: gocondad sync ${args.join(' ')}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
    expect([context, r.status]).toEqual([context, c.exit]);
    if (c.exit === 2) return;
    const report = JSON.parse(r.stdout) as { findings: Record<string, unknown>[] };
    // "{case}" inside expected strings is the case copy's directory too (messages name files by path)
    const deep = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v), (_k, x: unknown) => (typeof x === 'string' ? sub(x) : x)) as T));
    c.expect = deep(c.expect);
    c.absent = deep(c.absent);
    for (const e of c.expect ?? []) expect([context, report.findings]).toEqual([context, expect.arrayContaining([expect.objectContaining(e)])]);
    for (const a of c.absent ?? [])
      expect([context, a, report.findings.filter((f) => Object.entries(a).every(([k, v]) => JSON.stringify(f[k]) === JSON.stringify(v)))]).toEqual([
        context,
        a,
        [],
      ]);
    if (c.report) expect([context, report]).toEqual([context, expect.objectContaining(c.report)]);
    for (const [file, want] of Object.entries(c.after ?? {})) {
      const text = fs.readFileSync(path.join(work, file), 'utf8');
      for (const s of want.contains ?? []) expect([file, text]).toEqual([file, expect.stringContaining(s)]);
      for (const s of want.lacks ?? []) expect([file, text]).toEqual([file, expect.not.stringContaining(s)]);
    }
  });
});
