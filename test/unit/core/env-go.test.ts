// The env's own Go vs a removed go package's leftover tree (micromamba runs no pre-unlink script).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { envGo, envGoLeftover, goRemovedInHistory } from '../../../src/core/env-go';

// conda-meta/history as micromamba 2.2.0 wrote it for `install go` then `remove go` (file:// channel).
const INSTALLED = `==> 2026-12-04 12:38:57 <==
# cmd: micromamba install -n g2 -c file:///tmp/ch --override-channels go=1.23.5 -y -q
# conda version: 3.8.0
+file:///tmp/ch/noarch::go-1.23.5-0
# update specs: ["go=1.23.5"]
`;
const REMOVED = `${INSTALLED}==> 2026-12-04 12:38:58 <==
# cmd: micromamba remove -n g2 go -y -q
# conda version: 3.8.0
-file:///tmp/ch/noarch::go-1.23.5-0
# remove specs: ["go"]
`;

describe('goRemovedInHistory', () => {
  test('the last change to go decides', () => {
    expect(goRemovedInHistory(INSTALLED)).toBe(false);
    expect(goRemovedInHistory(REMOVED)).toBe(true);
    expect(goRemovedInHistory(`${REMOVED}+conda-forge/noarch::go-1.22.0-h1\n`)).toBe(false);
    expect(goRemovedInHistory('')).toBe(false);
  });
  test('other packages named go-something do not count', () => {
    expect(goRemovedInHistory('-conda-forge/linux-64::go-cgo_linux-64-1.22.0-h1\n')).toBe(false);
    expect(goRemovedInHistory('-conda-forge/noarch::go-licenses-1.0.0-0\n')).toBe(false);
  });
});

describe('envGo', () => {
  let prefix: string;
  beforeEach(() => {
    prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-envgo-'));
    fs.mkdirSync(path.join(prefix, 'conda-meta'));
    fs.mkdirSync(path.join(prefix, 'bin'));
    fs.symlinkSync('/usr/lib/go-1.22', path.join(prefix, 'go'));
  });
  afterEach(() => fs.rmSync(prefix, { recursive: true, force: true, maxRetries: 5 }));

  test('a go tree the package record still owns is the env Go', () => {
    fs.writeFileSync(path.join(prefix, 'conda-meta', 'history'), REMOVED);
    fs.writeFileSync(path.join(prefix, 'conda-meta', 'go-1.22.0-0.json'), '{}');
    expect(envGoLeftover(prefix)).toBe(false);
    expect(envGo(prefix)?.ok).toBe(true);
  });

  test('after micromamba remove go (record gone, history says removed) the tree is a leftover', () => {
    fs.writeFileSync(path.join(prefix, 'conda-meta', 'history'), REMOVED);
    expect(envGoLeftover(prefix)).toBe(true);
    expect(envGo(prefix)).toBeNull();
  });

  test('a conda-meta that cannot be listed (but its history read) counts no record: the history decides', () => {
    // A user's conda-meta of mode 0311; the tests run as root, who lists everything, so the failure is injected.
    const realFs = require('node:fs') as typeof fs;
    const meta = path.join(prefix, 'conda-meta');
    fs.writeFileSync(path.join(meta, 'history'), REMOVED);
    fs.writeFileSync(path.join(meta, 'go-1.22.0-0.json'), '{}');
    const readdir = realFs.readdirSync;
    const spy = jest.spyOn(realFs, 'readdirSync').mockImplementation(((p: fs.PathLike, o?: unknown) => {
      if (p === meta)
        throw Object.assign(new Error(`EACCES: permission denied, scandir '${meta}'`), { code: 'EACCES', syscall: 'scandir', path: meta, errno: -13 });
      return readdir(p, o as undefined);
    }) as typeof fs.readdirSync);
    try {
      expect(envGoLeftover(prefix)).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });

  test('a go tree no history mentions (put there by hand) is still the env Go', () => {
    fs.writeFileSync(path.join(prefix, 'conda-meta', 'history'), '');
    expect(envGo(prefix)?.ok).toBe(true);
  });
});

describe('the edges: what counts as the go package, and an env with little in it', () => {
  test.each([
    ['  +conda-forge/linux-64::go-1.22.0-h1  ', false],
    ['  -conda-forge/linux-64::go-1.22.0-h1\r', true],
    ['-conda-forge/linux-64::go-1.22.0-h1', true],
    ['-conda-forge/linux-64::go-1.22.0-h1 trailing', false],
    ['x-conda-forge/linux-64::go-1.22.0-h1', false],
    ['-::go-1.22.0-0', true],
    ['-conda-forge/linux-64::go-1.22.0', false],
    ['-conda-forge/linux-64::go-cgo-1.22.0-h1', false],
    ['-conda-forge/linux-64::xgo-1.22.0-h1', false],
    ['# -conda-forge/linux-64::go-1.22.0-h1', false],
  ])('history %j: removed = %s', (line, removed) => expect(goRemovedInHistory(`+c::go-1.21.0-0\n${line}\n`)).toBe(removed));

  let prefix: string;
  beforeEach(() => (prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-envgo2-'))));
  afterEach(() => fs.rmSync(prefix, { recursive: true, force: true, maxRetries: 5 }));

  test('a go/ with a bin/ but no bin/go in it is no env Go at all (not even a broken one)', () => {
    fs.mkdirSync(path.join(prefix, 'go', 'bin'), { recursive: true });
    expect(envGo(prefix)).toBeNull();
  });

  test('no conda-meta, or no history: not a leftover', () => {
    expect(envGoLeftover(prefix)).toBe(false);
    fs.mkdirSync(path.join(prefix, 'conda-meta'));
    expect(envGoLeftover(prefix)).toBe(false);
  });

  test('only a record named exactly go-<version>-<build>.json keeps the tree', () => {
    fs.mkdirSync(path.join(prefix, 'conda-meta'));
    fs.writeFileSync(path.join(prefix, 'conda-meta', 'history'), REMOVED);
    for (const other of ['go-cgo-1.22.0-0.json', 'xgo-1.22.0-0.json', 'go-1.22.0-0.json.bak', 'go-1.22.0.json']) {
      fs.writeFileSync(path.join(prefix, 'conda-meta', other), '{}');
      expect([other, envGoLeftover(prefix)]).toEqual([other, true]);
    }
    fs.writeFileSync(path.join(prefix, 'conda-meta', 'go-1.23.5-0.json'), '{}');
    expect(envGoLeftover(prefix)).toBe(false);
  });

  test('envGo: nothing at $PREFIX/go/bin/go is none; a tree there that is no Go root is an invalid one', () => {
    expect(envGo(prefix)).toBeNull();
    fs.mkdirSync(path.join(prefix, 'go', 'bin'), { recursive: true });
    fs.writeFileSync(path.join(prefix, 'go', 'bin', 'go'), '', { mode: 0o755 });
    expect(envGo(prefix)).toEqual({ ok: false, root: path.join(prefix, 'go'), reason: 'no src/runtime (not a Go root: a conda prefix or a bare binary dir?)' });
  });
});
