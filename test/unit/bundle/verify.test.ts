// The bundle verified by the real loader (ld.so --list), not by the resolver that built it: run on real
// programs of this machine, whose libraries the loader maps from the system, never from a bundle dir.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readElfFile } from '../../../src/bundle/elf';
import { LOADER_TIMEOUT_MS, loaderVerdict, parseLoaderList, stoppedAt, verifyWithLoader } from '../../../src/bundle/verify';

const LS = fs.realpathSync('/bin/ls');
const interp = () => {
  const info = readElfFile(LS);
  if (!info?.interp) throw new Error(`${LS} names no loader: this test needs a dynamically linked /bin/ls (coreutils)`);
  return info.interp;
};
// What the loader maps for /bin/ls here (libc at least), asked of the loader itself.
const listed = () => [...parseLoaderList(spawnSync(interp(), ['--list', LS], { encoding: 'utf8' }).stdout).keys()];

test('the listing is read as the loader prints it: mapped, not found, the vdso and the loader itself skipped', () => {
  const text = [
    '\tlinux-vdso.so.1 (0x00007ffd)',
    '\tlibgit2.so.1.7 => /out/lib/libgit2.so.1.7 (0x00007f01)',
    '\tlibssh2.so.1 => not found',
    '\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f02)',
    '\t/lib64/ld-linux-x86-64.so.2 (0x00007f03)',
  ].join('\n');
  expect([...parseLoaderList(text)]).toEqual([
    ['libgit2.so.1.7', '/out/lib/libgit2.so.1.7'],
    ['libssh2.so.1', null],
    ['libc.so.6', '/lib/x86_64-linux-gnu/libc.so.6'],
  ]);
  expect(loaderVerdict(parseLoaderList(text), ['libgit2.so.1.7', 'libc.so.6', 'libplugin.so'], '/out/lib')).toEqual({
    wrong: ['libc.so.6'],
    missing: ['libssh2.so.1'],
    unlisted: ['libplugin.so'],
  });
  expect(loaderVerdict(parseLoaderList(text), ['libgit2.so.1.7'], '/out/libx').wrong).toEqual(['libgit2.so.1.7']);
});

test('the real loader disagrees when a "bundled" library is really mapped from the system', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-verify-'));
  try {
    const names = listed();
    expect(names).toContain('libc.so.6');
    // ls's libraries are all the system's: claimed as bundled into out/lib, the loader says where they are.
    expect(() => verifyWithLoader(LS, interp(), out, names)).toThrow(
      new RegExp(`^the bundle was not written to ${out}: the loader does not find ${names[0]}.* in ${out}/lib \\(.*${names[0]} => /`),
    );
    // Nothing claimed: nothing wrong; a name ls does not load is handed back for the resolver (a dlopen).
    expect(verifyWithLoader(LS, interp(), out, ['libplugin.so'])).toEqual(['libplugin.so']);
    expect(() => verifyWithLoader(LS, '/nonexistent/ld.so', out, [])).toThrow(/names the loader \/nonexistent\/ld\.so, which this machine does not have/);
  } finally {
    fs.rmSync(out, { recursive: true, force: true, maxRetries: 5 });
  }
});

test.each<[string, [string, string | null][]]>([
  ['\tlibz.so.1 => /out/lib/libz.so.1 (0x00007f0000000000)', [['libz.so.1', '/out/lib/libz.so.1']]],
  ['libz.so.1 => /out/lib/libz.so.1 (0xdeadbeef)  ', [['libz.so.1', '/out/lib/libz.so.1']]],
  ['\tlibsp.so => /out dir/lib/libsp.so (0x1)', [['libsp.so', '/out dir/lib/libsp.so']]],
  ['\tlibz.so.1 => not found', [['libz.so.1', null]]],
  ['\tlibz.so.1 => not found  ', [['libz.so.1', null]]],
  ['\tlibz.so.1 => not foundling', []],
  ['\tlibz.so.1 => /out/lib/libz.so.1 (0xABC)', []],
  ['\tlibz.so.1 => /out/lib/libz.so.1', []],
  ['\tlibz.so.1 => /out/lib/libz.so.1 (0x1) trailing', []],
  ['\tlibz.so.1 =>  (0x1)', []],
  ['\tlinux-vdso.so.1 (0x00007ffd)', []],
  ['x libz.so.1 => not found', []],
  ['x libz.so.1 => /out/lib/libz.so.1 (0x1)', []],
  ['libz.so.1 => not found', [['libz.so.1', null]]],
  ['\tstatically linked', []],
])('parseLoaderList(%j)', (line, entries) => expect([...parseLoaderList(line)]).toEqual(entries));

test('loaderVerdict: a name mapped from inside DIR/lib is right, also in a subdir; one from a sibling dir is wrong', () => {
  const listing = new Map<string, string | null>([
    ['liba.so', '/out/lib/liba.so'],
    ['libb.so', '/out/lib/sub/libb.so'],
    ['libc.so', '/out/lib2/libc.so'],
    ['libd.so', null],
  ]);
  expect(loaderVerdict(listing, ['liba.so', 'libb.so', 'libc.so', 'libd.so'], '/out/lib')).toEqual({ wrong: ['libc.so'], missing: ['libd.so'], unlisted: [] });
  expect(loaderVerdict(new Map(), ['liba.so'], '/out/lib')).toEqual({ wrong: [], missing: [], unlisted: ['liba.so'] });
});

test('a program the loader cannot list (not ELF): its words, with the exit status', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-verify-'));
  try {
    const script = path.join(out, 'app');
    fs.writeFileSync(script, '#!/bin/sh\n');
    let err: (Error & { hint?: string }) | undefined;
    try {
      verifyWithLoader(script, interp(), out, ['libx.so']);
    } catch (e) {
      err = e as Error & { hint?: string };
    }
    expect([err?.name, err?.message, err?.hint]).toEqual([
      'BundleError',
      `the bundle was not written to ${out}: ${interp()} --list ${script} failed (exit 127: ${script}: error while loading shared libraries: ${script}: file too short)`,
      LOADER_FAILED,
    ]);
  } finally {
    fs.rmSync(out, { recursive: true, force: true, maxRetries: 5 });
  }
});

/** The hints: what to do after the run, when the staging dir the bundle was checked in is gone. */
const LOADER_FAILED =
  "check the file the loader names (the bundle's libraries are copies of the env's lib/) with readelf -h, or report this as a bug with this message";
const DISAGREES = 'report this as a bug with this message and the output of patchelf --version (it set the RUNPATHs the loader followed)';

/** The error a call gives, as the CLI shows it: class, words, hint. */
function errorOf(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return { name: (e as Error).name, message: (e as Error).message, hint: (e as { hint?: string }).hint };
  }
  return 'no error';
}

test('a loader this machine does not have: said, with what to do', () => {
  expect(errorOf(() => verifyWithLoader('/out/app', '/nonexistent/ld.so', '/out', []))).toEqual({
    name: 'BundleError',
    message: 'the bundle was not written to /out: /out/app names the loader /nonexistent/ld.so, which this machine does not have',
    hint: 'bundle on a machine of the target platform',
  });
});

/** Builds with the real gcc in `cwd`; fails with gcc's words. */
function cc(cwd: string, args: string[]): void {
  const r = spawnSync('gcc', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`gcc ${args.join(' ')} failed (bash scripts/ensure-test-deps installs gcc): ${r.stderr ?? r.error}`);
}

test('a real program whose library is gone: this glibc’s ld.so --list stops at it (exit 127, no listing); our verdict names it', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-verify-'));
  try {
    fs.writeFileSync(path.join(out, 'gone.c'), 'int gone(void) { return 0; }\n');
    fs.writeFileSync(path.join(out, 'app.c'), 'int gone(void);\nint main(void) { return gone(); }\n');
    cc(out, ['-shared', '-fPIC', '-o', 'libgone.so', 'gone.c']);
    cc(out, ['-o', 'app', 'app.c', '-L.', '-lgone']);
    fs.rmSync(path.join(out, 'libgone.so'));
    const app = path.join(out, 'app');
    // What this loader does, asked of it: the premise of the verdict below.
    const raw = spawnSync(interp(), ['--list', app], { encoding: 'utf8', env: {} });
    expect([raw.status, raw.stdout, stoppedAt(raw.stderr)]).toEqual([127, '', 'libgone.so']);
    expect(errorOf(() => verifyWithLoader(app, interp(), out, ['libgone.so']))).toEqual({
      name: 'BundleError',
      message: `the bundle was not written to ${out}: the loader does not find libgone.so in ${out}/lib (${interp()} --list ${app}: libgone.so => not found)`,
      hint: DISAGREES,
    });
  } finally {
    fs.rmSync(out, { recursive: true, force: true, maxRetries: 5 });
  }
});

/**
 * A bundle laid out as gocondad lays it out, built by the real gcc: DIR/bin/app (RUNPATH $ORIGIN/../lib)
 * → liba.so → libb.so → libc.so (each library RUNPATH $ORIGIN): the chain three levels deep.
 */
describe('a real bundle three levels deep whose deepest library is gone', () => {
  let out: string;
  let app: string;
  beforeAll(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-verify-'));
    const lib = path.join(out, 'lib');
    fs.mkdirSync(lib);
    fs.mkdirSync(path.join(out, 'bin'));
    fs.writeFileSync(path.join(out, 'c.c'), 'int c(void) { return 3; }\n');
    fs.writeFileSync(path.join(out, 'b.c'), 'int c(void);\nint b(void) { return c() - 1; }\n');
    fs.writeFileSync(path.join(out, 'a.c'), 'int b(void);\nint a(void) { return b() - 1; }\n');
    fs.writeFileSync(path.join(out, 'app.c'), 'int a(void);\nint main(void) { return a() - 1; }\n');
    const own = '-Wl,--enable-new-dtags,-rpath,$ORIGIN';
    cc(lib, ['-shared', '-fPIC', '-o', 'libc3.so', '../c.c']);
    cc(lib, ['-shared', '-fPIC', '-o', 'libb.so', '../b.c', '-L.', '-lc3', own]);
    cc(lib, ['-shared', '-fPIC', '-o', 'liba.so', '../a.c', '-L.', '-lb', own]);
    cc(out, ['-o', 'bin/app', 'app.c', '-Llib', '-la', '-Wl,-rpath-link,lib', '-Wl,--enable-new-dtags,-rpath,$ORIGIN/../lib']);
    app = path.join(out, 'bin', 'app');
    // Whole, it runs from its own dir alone, and the loader maps every library from DIR/lib.
    expect(spawnSync(app, { env: {} }).status).toBe(0);
    expect(verifyWithLoader(app, interp(), out, ['liba.so', 'libb.so', 'libc3.so'])).toEqual([]);
    fs.rmSync(path.join(lib, 'libc3.so'));
  });
  afterAll(() => fs.rmSync(out, { recursive: true, force: true, maxRetries: 5 }));

  it('ld.so --list (stops at it): the library named in our verdict, not the loader’s failure', () => {
    expect(errorOf(() => verifyWithLoader(app, interp(), out, ['liba.so', 'libb.so', 'libc3.so']))).toEqual({
      name: 'BundleError',
      message: `the bundle was not written to ${out}: the loader does not find libc3.so in ${out}/lib (${interp()} --list ${app}: libc3.so => not found)`,
      hint: DISAGREES,
    });
  });

  it('the same real loader in ldd’s trace mode (lists it "not found", exits 0): the same verdict', () => {
    // A loader that lists rather than stops: this glibc's own, run as ldd runs it (LD_TRACE_LOADED_OBJECTS).
    const tracing = path.join(out, 'ld-trace.sh');
    fs.writeFileSync(tracing, `#!/bin/sh\n[ "$1" = --list ] && shift\nLD_TRACE_LOADED_OBJECTS=1 exec ${interp()} "$@"\n`, { mode: 0o755 });
    const raw = spawnSync(tracing, ['--list', app], { encoding: 'utf8', env: {} });
    expect([raw.status, parseLoaderList(raw.stdout).get('libc3.so'), parseLoaderList(raw.stdout).get('liba.so')]).toEqual([
      0,
      null,
      `${out}/bin/../lib/liba.so`,
    ]);
    expect(errorOf(() => verifyWithLoader(app, tracing, out, ['liba.so', 'libb.so', 'libc3.so']))).toEqual({
      name: 'BundleError',
      message: `the bundle was not written to ${out}: the loader does not find libc3.so in ${out}/lib (${tracing} --list ${app}: libc3.so => not found)`,
      hint: DISAGREES,
    });
  });

  it('a library that is there but no ELF (not missing): the loader’s own words, with its exit status', () => {
    const lib = path.join(out, 'lib', 'libc3.so');
    fs.writeFileSync(lib, 'not ELF\n');
    try {
      expect(errorOf(() => verifyWithLoader(app, interp(), out, ['liba.so', 'libb.so', 'libc3.so']))).toEqual({
        name: 'BundleError',
        message: `the bundle was not written to ${out}: ${interp()} --list ${app} failed (exit 127: ${app}: error while loading shared libraries: ${out}/bin/../lib/libc3.so: file too short)`,
        hint: LOADER_FAILED,
      });
    } finally {
      fs.rmSync(lib);
    }
  });
});

test.each<[string, string | null]>([
  ['/x/app: error while loading shared libraries: libgone.so.1: cannot open shared object file: No such file or directory\n', 'libgone.so.1'],
  ['app: error while loading shared libraries: lib with space.so: cannot open shared object file: Permission denied', 'lib with space.so'],
  ['/x/app: error while loading shared libraries: /out/lib/libz.so: file too short\n', null],
  ['/x/app: error while loading shared libraries: libz.so.1: cannot open shared object: No such file', null],
  ['', null],
])('stoppedAt(%j)', (stderr, name) => expect(stoppedAt(stderr)).toBe(name));

// A loader that lists what it cannot find and exits 1 (ldd's trace mode prints "not found"; this
// machine's ld.so --list exits 127 without a listing instead, as above): a stand-in prints such a listing.
describe('a listing with "not found" and a non-zero exit', () => {
  let out: string;
  let loader: string;
  beforeAll(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-verify-'));
    loader = path.join(out, 'ld.so');
    const listing = [
      '\tlinux-vdso.so.1 (0x1)',
      `\tliba.so => ${out}/lib/liba.so (0x2)`,
      '\tlibb.so => /usr/lib/libb.so (0x3)',
      '\tlibc.so => not found',
      `\tlibd.so => ${out}/other/libd.so (0x4)`,
    ].join('\n');
    fs.writeFileSync(loader, `#!/bin/sh\nprintf '%s\\n' '${listing}'\nexit 1\n`, { mode: 0o755 });
  });
  afterAll(() => fs.rmSync(out, { recursive: true, force: true, maxRetries: 5 }));

  it('is a verdict, not a failed run: the wrong ones (outside DIR/lib, a sibling dir of it too) and the missing, in that order', () => {
    expect(errorOf(() => verifyWithLoader('/x/app', loader, out, ['liba.so', 'libb.so', 'libd.so', 'libplug.so']))).toEqual({
      name: 'BundleError',
      message: `the bundle was not written to ${out}: the loader does not find libb.so, libd.so, libc.so in ${out}/lib (${loader} --list /x/app: libb.so => /usr/lib/libb.so, libd.so => ${out}/other/libd.so, libc.so => not found)`,
      hint: DISAGREES,
    });
  });

  it('only a missing one (nothing claimed bundled): still an error', () => {
    expect(errorOf(() => verifyWithLoader('/x/app', loader, out, []))).toEqual({
      name: 'BundleError',
      message: `the bundle was not written to ${out}: the loader does not find libc.so in ${out}/lib (${loader} --list /x/app: libc.so => not found)`,
      hint: DISAGREES,
    });
  });
});

// The exit status decides whether the loader's stderr is read for a stop: a stand-in wrapping the real loader
// adds glibc's stop line to its stderr, and exits 0 (it listed everything) or 1 (it stopped).
describe.each<[number, string[] | { message: string }]>([
  [0, ['libplugin.so']],
  [1, { message: 'libghost.so.1 => not found' }],
])('a loader that exits %i after a stop line on its stderr', (status, expected) => {
  let out: string;
  beforeAll(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-verify-'));
    const line = `$2: error while loading shared libraries: libghost.so.1: cannot open shared object file: No such file or directory`;
    fs.writeFileSync(path.join(out, 'ld.so'), `#!/bin/sh\n"${interp()}" "$@"\necho "${line}" >&2\nexit ${status}\n`, { mode: 0o755 });
  });
  afterAll(() => fs.rmSync(out, { recursive: true, force: true, maxRetries: 5 }));

  it(status === 0 ? 'listed everything: its stderr is no verdict' : 'stopped: the library it names is missing', () => {
    const loader = path.join(out, 'ld.so');
    if (Array.isArray(expected)) expect(verifyWithLoader(LS, loader, out, ['libplugin.so'])).toEqual(expected);
    else
      expect(errorOf(() => verifyWithLoader(LS, loader, out, ['libplugin.so']))).toEqual({
        name: 'BundleError',
        message: `the bundle was not written to ${out}: the loader does not find libghost.so.1 in ${out}/lib (${loader} --list ${LS}: ${expected.message})`,
        hint: DISAGREES,
      });
  });
});

test('a loader that cannot be run (no execute permission): the error that stopped it, not an exit status', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-verify-'));
  try {
    const loader = path.join(out, 'ld.so');
    fs.writeFileSync(loader, '#!/bin/sh\n', { mode: 0o644 });
    expect(errorOf(() => verifyWithLoader(LS, loader, out, []))).toEqual({
      name: 'BundleError',
      message: `the bundle was not written to ${out}: ${loader} --list ${LS} failed (you cannot run it: permission denied)`,
      hint: LOADER_FAILED,
    });
  } finally {
    fs.rmSync(out, { recursive: true, force: true, maxRetries: 5 });
  }
});

test('a loader that hangs: stopped at the time limit (SIGKILL: it ignores SIGTERM), said in words', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-verify-'));
  try {
    const loader = path.join(out, 'ld.so');
    // ignores SIGTERM, as a wedged process may; `exec` so that no child of it keeps the output pipe open
    fs.writeFileSync(loader, "#!/bin/sh\ntrap '' TERM\nexec sleep 20\n", { mode: 0o755 });
    const started = Date.now();
    expect(errorOf(() => verifyWithLoader(LS, loader, out, [], 300))).toEqual({
      name: 'BundleError',
      message: `the bundle was not written to ${out}: ${loader} --list ${LS} failed (no answer in 0.3 s; stopped)`,
      hint: LOADER_FAILED,
    });
    // bounded by the limit given, not by the loader: well under its 20 s
    expect(Date.now() - started).toBeLessThan(10_000);
  } finally {
    fs.rmSync(out, { recursive: true, force: true, maxRetries: 5 });
  }
});

test('the time limit is 30 s unless given', () => {
  expect(LOADER_TIMEOUT_MS).toBe(30_000);
});
