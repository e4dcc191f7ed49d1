// The bundle on disk: libraries copied under the names the loader asks for (modes, SONAME links as
// symlinks, name clashes), RUNPATHs and DT_NEEDED rewritten by the real patchelf on objects the real gcc
// made (checked with binutils' readelf, not our reader), and treeSize, the env's size the report compares with.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  copyLibraries,
  LIBRARY_RUNPATH,
  MANIFEST,
  patchelfAvailable,
  PATCHELF_HINT,
  PROGRAM_RUNPATH,
  replaceNeeded,
  setRunpath,
  treeSize,
} from '../../../src/bundle/layout';
import { readelf } from '../../helpers/readelf';
import { caught } from '../../helpers/caught';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-tree-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

function gcc(args: string[], cwd: string): void {
  const r = spawnSync('gcc', args, { encoding: 'utf8', cwd });
  if (r.error || r.status !== 0) throw new Error(`gcc ${args.join(' ')} failed (install gcc: bash scripts/ensure-test-deps): ${r.stderr ?? r.error}`);
}

test('the names the bundle is made of', () => {
  expect([MANIFEST, PROGRAM_RUNPATH, LIBRARY_RUNPATH]).toEqual(['gocondad-bundle.json', '$ORIGIN/../lib', '$ORIGIN']);
  expect(PATCHELF_HINT).toBe('install patchelf: apt-get install patchelf (Debian/Ubuntu), or conda install -c conda-forge patchelf');
});

describe('copyLibraries', () => {
  let env: string;
  let out: string;
  beforeEach(() => {
    env = path.join(dir, 'env', 'lib');
    out = path.join(dir, 'out');
    fs.mkdirSync(env, { recursive: true });
    fs.mkdirSync(path.join(out, 'lib'), { recursive: true });
  });

  it('a file per real library, a relative symlink for its second name, written paths returned in order', () => {
    fs.writeFileSync(path.join(env, 'libx.so.1.0.0'), 'X');
    fs.symlinkSync('libx.so.1.0.0', path.join(env, 'libx.so.1'));
    fs.symlinkSync('libx.so.1', path.join(env, 'libx.so'));
    fs.writeFileSync(path.join(env, 'liby.so.2'), 'Y');
    const written = copyLibraries(out, [
      { name: 'libx.so.1', file: path.join(env, 'libx.so.1') },
      { name: 'liby.so.2', file: path.join(env, 'liby.so.2') },
      { name: 'libx.so', file: path.join(env, 'libx.so') },
    ]);
    expect(written).toEqual(['lib/libx.so.1', 'lib/liby.so.2', 'lib/libx.so']);
    const lib = path.join(out, 'lib');
    expect(fs.readdirSync(lib).sort()).toEqual(['libx.so', 'libx.so.1', 'liby.so.2']);
    expect(fs.lstatSync(path.join(lib, 'libx.so.1')).isFile()).toBe(true);
    expect(fs.readFileSync(path.join(lib, 'libx.so.1'), 'utf8')).toBe('X');
    expect(fs.readlinkSync(path.join(lib, 'libx.so'))).toBe('libx.so.1');
    expect(fs.readFileSync(path.join(lib, 'liby.so.2'), 'utf8')).toBe('Y');
  });

  it.each<[number, number]>([
    [0o777, 0o755],
    [0o755, 0o755],
    [0o644, 0o644],
    [0o444, 0o644],
    [0o400, 0o600],
    [0o000, 0o600],
    [0o664, 0o644],
    [0o2775, 0o755],
    [0o4711, 0o711],
  ])('a library of mode %o is copied with mode %o (patchelf can write it; no group or world write)', (from, to) => {
    fs.writeFileSync(path.join(env, 'libm.so'), 'M');
    fs.chmodSync(path.join(env, 'libm.so'), from);
    copyLibraries(out, [{ name: 'libm.so', file: path.join(env, 'libm.so') }]);
    expect(fs.statSync(path.join(out, 'lib', 'libm.so')).mode & 0o7777).toBe(to);
  });

  it('a library already in DIR/lib (a previous bundle, a symlink) is replaced, never written through', () => {
    fs.writeFileSync(path.join(env, 'libz.so.1'), 'new');
    fs.writeFileSync(path.join(dir, 'precious'), 'keep');
    fs.symlinkSync(path.join(dir, 'precious'), path.join(out, 'lib', 'libz.so.1'));
    fs.writeFileSync(path.join(out, 'lib', 'libw.so'), 'old');
    fs.writeFileSync(path.join(env, 'libw.so'), 'new w');
    copyLibraries(out, [
      { name: 'libz.so.1', file: path.join(env, 'libz.so.1') },
      { name: 'libw.so', file: path.join(env, 'libw.so') },
    ]);
    expect(fs.lstatSync(path.join(out, 'lib', 'libz.so.1')).isFile()).toBe(true);
    expect(fs.readFileSync(path.join(out, 'lib', 'libz.so.1'), 'utf8')).toBe('new');
    expect(fs.readFileSync(path.join(out, 'lib', 'libw.so'), 'utf8')).toBe('new w');
    expect(fs.readFileSync(path.join(dir, 'precious'), 'utf8')).toBe('keep');
  });

  it('two different files under one name: refused in words, nothing copied', () => {
    fs.mkdirSync(path.join(dir, 'env', 'plugins'));
    fs.writeFileSync(path.join(env, 'libdup.so'), 'a');
    fs.writeFileSync(path.join(dir, 'env', 'plugins', 'libdup.so'), 'b');
    expect(
      caught(() =>
        copyLibraries(out, [
          { name: 'libdup.so', file: path.join(env, 'libdup.so') },
          { name: 'libdup.so', file: path.join(dir, 'env', 'plugins', 'libdup.so') },
        ]),
      ),
    ).toEqual({
      name: 'BundleError',
      message: `two different libraries would both be DIR/lib/libdup.so: ${path.join(env, 'libdup.so')} and ${path.join(dir, 'env', 'plugins', 'libdup.so')}`,
      hint: 'remove one of them from the env, or from bundle.extra_libs',
    });
    expect(fs.readdirSync(path.join(out, 'lib'))).toEqual([]);
  });

  it('one file reached under one name by two paths (a symlink) is no clash: one copy, no symlink to itself', () => {
    fs.writeFileSync(path.join(env, 'libone.so.1'), 'one');
    fs.symlinkSync('libone.so.1', path.join(env, 'alias.so'));
    const written = copyLibraries(out, [
      { name: 'libone.so.1', file: path.join(env, 'libone.so.1') },
      { name: 'libone.so.1', file: path.join(env, 'alias.so') },
    ]);
    expect(written).toEqual(['lib/libone.so.1']);
    expect(fs.lstatSync(path.join(out, 'lib', 'libone.so.1')).isFile()).toBe(true);
    expect(fs.readFileSync(path.join(out, 'lib', 'libone.so.1'), 'utf8')).toBe('one');
  });
});

describe('patchelf', () => {
  beforeEach(() => {
    fs.writeFileSync(path.join(dir, 'b.c'), 'int b(void) { return 2; }\n');
    fs.writeFileSync(path.join(dir, 'main.c'), 'int b(void);\nint main(void) { return b(); }\n');
    gcc(['-shared', '-fPIC', '-Wl,-soname,libb.so.1', '-Wl,--disable-new-dtags', '-Wl,-rpath,/old/rpath', '-o', 'libb.so.1', 'b.c'], dir);
    // Linked by its path (no -l): the DT_NEEDED holds the path when the library has no SONAME.
    gcc(['-shared', '-fPIC', '-o', path.join(dir, 'libnoso.so'), 'b.c'], dir);
    gcc(['-o', 'main', 'main.c', path.join(dir, 'libnoso.so'), '-Wl,-rpath,/env/lib'], dir);
  });

  it('is found here', () => expect(patchelfAvailable()).toBe(true));

  it.each<[string, string]>([
    ['not on PATH', ''],
    ['on PATH but failing (a broken install)', '#!/bin/sh\nexit 1\n'],
  ])('is not available when it is %s', (_what, script) => {
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    if (script) fs.writeFileSync(path.join(bin, 'patchelf'), script, { mode: 0o755 });
    // The real lookup and run, with PATH holding only `bin`: a child sees the host's environment, not
    // jest's copy of it, so the PATH goes in through the options of the real spawnSync.
    const real = require('node:child_process') as typeof import('node:child_process');
    const original = real.spawnSync;
    const spawn = jest
      .spyOn(real, 'spawnSync')
      .mockImplementation(((cmd: string, args: string[], opts: object) => original(cmd, args, { ...opts, env: { PATH: bin } })) as typeof original);
    try {
      expect(patchelfAvailable()).toBe(false);
      expect(spawn).toHaveBeenCalledTimes(1);
    } finally {
      spawn.mockRestore();
    }
  });

  it('setRunpath turns a DT_RPATH into the given DT_RUNPATH', () => {
    expect([readelf(path.join(dir, 'libb.so.1')).rpath, readelf(path.join(dir, 'libb.so.1')).runpath]).toEqual([['/old/rpath'], []]);
    setRunpath(path.join(dir, 'libb.so.1'), LIBRARY_RUNPATH);
    expect(readelf(path.join(dir, 'libb.so.1')).runpath).toEqual(['$ORIGIN']);
    expect(readelf(path.join(dir, 'libb.so.1')).rpath).toEqual([]);
    setRunpath(path.join(dir, 'main'), PROGRAM_RUNPATH);
    expect(readelf(path.join(dir, 'main')).runpath).toEqual(['$ORIGIN/../lib']);
  });

  it('replaceNeeded points a DT_NEEDED that names a path at the plain name, the others untouched', () => {
    const needed = readelf(path.join(dir, 'main')).needed;
    expect(needed[0]).toBe(path.join(dir, 'libnoso.so'));
    replaceNeeded(path.join(dir, 'main'), path.join(dir, 'libnoso.so'), 'libnoso.so');
    expect(readelf(path.join(dir, 'main')).needed).toEqual(['libnoso.so', ...needed.slice(1)]);
  });

  it('on a file that is not ELF: the command, the file and patchelf’s own words', () => {
    const script = path.join(dir, 'libscript.so');
    fs.writeFileSync(script, 'GROUP ( libc.so.6 )\n');
    expect(caught(() => setRunpath(script, '$ORIGIN'))).toEqual({
      name: 'BundleError',
      message: `patchelf --set-rpath failed on ${script}: patchelf: missing ELF header`,
      hint: 'the file may not be a dynamic ELF object; report it with the output of: readelf -d FILE',
    });
    expect(caught(() => replaceNeeded(script, '/env/lib/libx.so', 'libx.so'))).toEqual({
      name: 'BundleError',
      message: `patchelf --replace-needed /env/lib/libx.so failed on ${script}: patchelf: missing ELF header`,
      hint: 'report it with the output of: readelf -d FILE',
    });
  });

  it('given how to name it (a file in the staging dir): named where it would be in DIR, patchelf’s words too, readelf on the original', () => {
    const script = path.join(dir, 'libscript.so');
    fs.writeFileSync(script, 'GROUP ( libc.so.6 )\n');
    const as = { inDir: (t: string) => t.split(`${dir}/`).join('/out/lib/'), notWritten: 'the bundle was not written to /out' };
    expect(caught(() => replaceNeeded(script, '/env/lib/libx.so', 'libx.so', { ...as, original: '/env/lib/libscript.so' }))).toEqual({
      name: 'BundleError',
      message:
        'the bundle was not written to /out: patchelf --replace-needed /env/lib/libx.so failed on /out/lib/libscript.so (a copy of /env/lib/libscript.so): patchelf: missing ELF header',
      hint: 'report it with the output of: readelf -d /env/lib/libscript.so',
    });
    expect(caught(() => replaceNeeded(script, '/env/lib/libx.so', 'libx.so', as))).toEqual({
      name: 'BundleError',
      message: 'the bundle was not written to /out: patchelf --replace-needed /env/lib/libx.so failed on /out/lib/libscript.so: patchelf: missing ELF header',
      hint: 'report this as a bug with this message and the output of patchelf --version',
    });
  });

  it('patchelf that cannot be started: said, with how to install it (here: an argument list past the kernel’s limit)', () => {
    // The unit tests cannot take patchelf off the PATH the module's spawnSync reads (jest gives the test its
    // own process.env); a spawn that fails (E2BIG) goes through the same branch as one that finds no patchelf.
    const lib = path.join(dir, 'libb.so.1');
    const huge = 'x'.repeat(3_000_000);
    expect(caught(() => setRunpath(lib, huge))).toEqual({ name: 'BundleError', message: 'cannot run patchelf: spawnSync patchelf E2BIG', hint: PATCHELF_HINT });
    expect(caught(() => replaceNeeded(lib, huge, 'b'))).toEqual({
      name: 'BundleError',
      message: 'cannot run patchelf: spawnSync patchelf E2BIG',
      hint: PATCHELF_HINT,
    });
    expect(readelf(lib).rpath).toEqual(['/old/rpath']);
  });
});

describe('treeSize', () => {
  test('symlinks are followed (a symlinked Go counts), every file and dir once (hard links, loops, two links to one file)', () => {
    const env = path.join(dir, 'env');
    const goroot = path.join(dir, 'toolchain');
    fs.mkdirSync(path.join(env, 'lib'), { recursive: true });
    fs.mkdirSync(path.join(goroot, 'bin'), { recursive: true });
    fs.writeFileSync(path.join(env, 'lib', 'libx.so.1.0'), Buffer.alloc(1000));
    fs.symlinkSync('libx.so.1.0', path.join(env, 'lib', 'libx.so.1'));
    fs.linkSync(path.join(env, 'lib', 'libx.so.1.0'), path.join(env, 'lib', 'hard'));
    fs.writeFileSync(path.join(goroot, 'bin', 'go'), Buffer.alloc(5000));
    fs.symlinkSync(goroot, path.join(env, 'go')); // the env's Go, a symlink (the trial's case)
    fs.symlinkSync(env, path.join(env, 'lib', 'loop'));
    fs.symlinkSync(path.join(dir, 'gone'), path.join(env, 'dangling'));
    expect(treeSize(env)).toBe(6000);
  });
  test('a missing dir is 0, and nothing is listed', () => {
    const lists = jest.spyOn(require('node:fs') as typeof fs, 'readdirSync');
    try {
      expect(treeSize(path.join(dir, 'none'))).toBe(0);
      expect(lists).not.toHaveBeenCalled();
    } finally {
      lists.mockRestore();
    }
  });
  test('an empty dir is 0; files in nested dirs are summed; a fifo is no file', () => {
    const env = path.join(dir, 'env');
    fs.mkdirSync(path.join(env, 'a', 'b', 'c'), { recursive: true });
    expect(treeSize(env)).toBe(0);
    fs.writeFileSync(path.join(env, 'top'), Buffer.alloc(7));
    fs.writeFileSync(path.join(env, 'a', 'b', 'c', 'deep'), Buffer.alloc(300));
    fs.writeFileSync(path.join(env, 'a', 'empty'), '');
    expect(spawnSync('mkfifo', [path.join(env, 'a', 'fifo')]).status).toBe(0);
    expect(treeSize(env)).toBe(307);
  });
  test('a symlink back to the walked dir itself is not walked again', () => {
    const env = path.join(dir, 'env');
    fs.mkdirSync(env);
    fs.writeFileSync(path.join(env, 'f'), Buffer.alloc(11));
    fs.symlinkSync('.', path.join(env, 'self'));
    // Counted by the listings: the sizes alone cannot tell (files are counted once by inode anyway), but a
    // loop back to the env's root would list the whole env twice.
    const lists = jest.spyOn(require('node:fs') as typeof fs, 'readdirSync');
    try {
      expect(treeSize(env)).toBe(11);
      expect(lists.mock.calls).toEqual([[env]]);
    } finally {
      lists.mockRestore();
    }
  });
});
