// The out dir's states and the staging dir beside it, on real dirs: what DIR may hold before a bundle,
// which leftovers of killed runs go, and how a finished bundle replaces exactly the previous one's files.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { makeStagingDir, moveIntoPlace, outDirState, removeStagingDir } from '../../../src/bundle/staging';
import { caught } from '../../helpers/caught';
import { tree, write } from '../../helpers/tree';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-stage-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

const NOT_A_BUNDLE = (d: string) => ({
  name: 'BundleError',
  message: `${d} is not empty and holds no previous bundle (gocondad-bundle.json)`,
  hint: 'choose a new or empty directory with -o',
});

/**
 * `call` (JS using `s`, the module bundled for the child, and `fs`) in a child node (as `uid`, with at
 * most `fds` descriptors, if given), for what the test's own process cannot be: another user, a process
 * out of file descriptors. Its result (with the child's pid) or its error.
 */
function inChild(call: string, uid?: number, fds?: number): unknown {
  const js = path.join(dir, 'staging.js');
  buildSync({
    entryPoints: [path.join(__dirname, '../../../src/bundle/staging.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: js,
    logLevel: 'silent',
  });
  fs.chmodSync(dir, 0o755);
  fs.chmodSync(js, 0o644);
  const script = `const s = require(${JSON.stringify(js)}); const fs = require('node:fs');
    try { console.log(JSON.stringify({ pid: process.pid, ...(${call}) })); }
    catch (e) { console.log(JSON.stringify({ name: e.name, message: e.message, hint: e.hint })); }`;
  // A descriptor limit is set by the shell that execs node (Node has no setrlimit).
  const argv = fds === undefined ? [process.execPath, '-e', script] : ['sh', '-c', `ulimit -n ${fds} && exec "$0" -e "$1"`, process.execPath, script];
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', ...(uid === undefined ? {} : { uid, gid: uid }) });
  if (r.status !== 0) throw new Error(`the child failed: ${r.error ?? r.stderr}`);
  return JSON.parse(r.stdout);
}

/**
 * The error Node throws for a failed `syscall` on `file` (and `dest`), errno and all: for the in-process
 * twins of the child tests below. Stryker runs a mutant only against the tests that reached it in its own
 * process, so a child's run (another user, a descriptor limit) never counts against a mutant: each case a
 * child shows for real is also played here, with the call failing as it does in the child.
 */
function sysError(code: 'EACCES' | 'EMFILE' | 'EPERM', errno: number, syscall: string, file?: string, dest?: string): NodeJS.ErrnoException {
  const said = { EACCES: 'permission denied', EMFILE: 'too many open files', EPERM: 'operation not permitted' }[code];
  // process.kill's own shape: `kill EPERM`, no path.
  if (syscall === 'kill') return Object.assign(new Error(`kill ${code}`), { errno, code, syscall });
  const message = `${code}: ${said}, ${syscall} '${file}'${dest === undefined ? '' : ` -> '${dest}'`}`;
  return Object.assign(new Error(message), { errno, code, syscall, path: file, ...(dest === undefined ? {} : { dest }) });
}
const realFs = require('node:fs') as typeof fs;

/** process.kill spied: asked about `pid`, `onAsk` runs first (it may throw, as the kernel would); every pid gets the real kill. */
function killSpy(pid: number, onAsk: () => void): jest.SpyInstance {
  const kill = process.kill.bind(process);
  return jest.spyOn(process, 'kill').mockImplementation((p, signal) => {
    if (p === pid) onAsk();
    return kill(p, signal);
  });
}

describe('outDirState', () => {
  it.each<[string, (d: string) => void]>([
    ['an empty dir', () => undefined],
    ['the empty bin/ and lib/ of an interrupted older run', (d) => ['bin', 'lib'].forEach((n) => fs.mkdirSync(path.join(d, n)))],
    ['only an empty bin/', (d) => fs.mkdirSync(path.join(d, 'bin'))],
    ['only an empty lib/', (d) => fs.mkdirSync(path.join(d, 'lib'))],
  ])('%s is empty', (_what, make) => {
    const out = path.join(dir, 'out');
    fs.mkdirSync(out);
    make(out);
    expect(outDirState(out)).toEqual({ kind: 'empty' });
  });

  it('a dir that is not there is absent', () => expect(outDirState(path.join(dir, 'none'))).toEqual({ kind: 'absent' }));

  it.each<[string, Record<string, string>, string[]]>([
    ['a file of the user', { 'notes.txt': 'mine' }, []],
    ['a bin/ with a file in it', { 'bin/app': 'x' }, []],
    ['a lib/ with a file in it', { 'lib/libx.so': 'x' }, []],
    ['an empty dir of another name', {}, ['src']],
    ['a file named bin', { bin: 'x' }, []],
    ['an empty bin/ beside an empty other dir', {}, ['bin', 'other']],
  ])('%s, and no manifest: refused in words', (_what, files, dirs) => {
    const out = path.join(dir, 'out');
    fs.mkdirSync(out);
    write(out, files);
    for (const d of dirs) fs.mkdirSync(path.join(out, d));
    expect(caught(() => outDirState(out))).toEqual(NOT_A_BUNDLE(out));
  });

  it('a manifest that is not JSON is no previous bundle', () => {
    write(dir, { 'gocondad-bundle.json': '{"files": [' });
    expect(caught(() => outDirState(dir))).toEqual(NOT_A_BUNDLE(dir));
  });

  it('a previous bundle: its listed files, normalized, strings only, nothing outside DIR', () => {
    const files = ['bin/app', 'lib/../lib/libx.so.1', './lib/liby.so', '../escape', '../../etc/passwd', '/etc/shadow', 'lib/odd..', 7, null, { f: 1 }];
    write(dir, { 'gocondad-bundle.json': JSON.stringify({ files }) });
    expect(outDirState(dir)).toEqual({ kind: 'previous', files: ['bin/app', 'lib/libx.so.1', 'lib/liby.so', 'lib/odd..'] });
  });

  it.each<[string, string]>([
    ['null', 'null'],
    ['a number', '3'],
    ['no files key', '{"prefix": "/env"}'],
    ['files not a list', '{"files": "bin/app"}'],
    ['files an object', '{"files": {"0": "bin/app"}}'],
  ])('a manifest holding %s lists no files (nothing of DIR is deleted)', (_what, text) => {
    write(dir, { 'gocondad-bundle.json': text });
    expect(outDirState(dir)).toEqual({ kind: 'previous', files: [] });
  });

  it('DIR a file (where the program was built): said in words', () => {
    const file = path.join(dir, 'app');
    fs.writeFileSync(file, 'ELF');
    expect(caught(() => outDirState(file))).toEqual({
      name: 'BundleError',
      message: `${file} is a file, not a directory`,
      hint: 'choose a new or empty directory with -o',
    });
  });

  it('DIR of a name the file system refuses: the system error in words, with the hint to choose another', () => {
    const long = path.join(dir, 'o'.repeat(300));
    expect(caught(() => outDirState(long))).toEqual({
      name: 'BundleError',
      message: `output directory: cannot read ${long}: name too long`,
      hint: 'choose another output directory with -o',
    });
  });

  it('DIR a file, in a process out of file descriptors: that error in words, not "is a file" (only ENOTDIR means DIR is no dir)', () => {
    const file = path.join(dir, 'app');
    fs.writeFileSync(file, 'ELF');
    // Every descriptor taken: readdir fails with EMFILE before it looks at DIR, while stat (no descriptor) sees a file.
    const call = `(() => { const held = []; try { for (;;) held.push(fs.openSync('/dev/null', 'r')); } catch {}
      try { return { state: s.outDirState(${JSON.stringify(file)}) }; } finally { held.forEach((fd) => fs.closeSync(fd)); } })()`;
    expect(inChild(call, undefined, 64)).toEqual({
      name: 'BundleError',
      message: 'output directory: too many open files',
      hint: 'raise the limit (ulimit -n) and run it again',
    });
  });

  it('DIR a file whose listing fails for another reason (out of descriptors, as in the child above, here in this process): not "is a file"', () => {
    const file = path.join(dir, 'app');
    fs.writeFileSync(file, 'ELF');
    const lists = jest.spyOn(realFs, 'readdirSync').mockImplementation(((p: string) => {
      throw sysError('EMFILE', -24, 'scandir', p);
    }) as unknown as typeof fs.readdirSync);
    try {
      expect(caught(() => outDirState(file))).toEqual({
        name: 'BundleError',
        message: 'output directory: too many open files',
        hint: 'raise the limit (ulimit -n) and run it again',
      });
      expect(lists.mock.calls).toEqual([[file]]);
    } finally {
      lists.mockRestore();
    }
  });

  it('DIR below a file: the system error in words, with its own hint', () => {
    fs.writeFileSync(path.join(dir, 'app'), 'ELF');
    const below = path.join(dir, 'app', 'out');
    expect(caught(() => outDirState(below))).toEqual({
      name: 'BundleError',
      message: `output directory: a part of the path ${below} is a file, not a directory`,
      hint: 'check the path',
    });
  });
});

describe('makeStagingDir', () => {
  /** A pid that was just used and is gone: a child that has exited and been reaped. */
  const deadPid = () => spawnSync('true').pid;

  it('a fresh .DIR.gocondad-partial-PID beside DIR with empty bin/ and lib/, its parents made', () => {
    const out = path.join(dir, 'a', 'b', 'out');
    const stage = makeStagingDir(out);
    expect(stage).toBe(path.join(dir, 'a', 'b', `.out.gocondad-partial-${process.pid}`));
    expect(tree(path.join(dir, 'a'))).toEqual([
      'b/',
      `b/.out.gocondad-partial-${process.pid}/`,
      `b/.out.gocondad-partial-${process.pid}/bin/`,
      `b/.out.gocondad-partial-${process.pid}/lib/`,
    ]);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('removes the staging dirs of dead runs of this DIR only; keeps live ones, other DIRs’ and names that are no pid', () => {
    const out = path.join(dir, 'out');
    const dead = deadPid();
    const names = [
      `.out.gocondad-partial-${dead}`, // a killed run: removed
      `.out.gocondad-partial-${process.pid}`, // our own, from before: emptied
      `.out.gocondad-partial-${process.ppid}`, // a live run
      `.out.gocondad-partial-0`,
      `.out.gocondad-partial--${dead}`,
      `.out.gocondad-partial-1.5`,
      `.out.gocondad-partial-x${dead}`,
      `.out.gocondad-partial-`,
      `.other.gocondad-partial-${dead}`,
      `out.gocondad-partial-${dead}`,
      `x.out.gocondad-partial-${dead}`,
    ];
    for (const n of names) write(dir, { [`${n}/bin/app`]: n });
    makeStagingDir(out);
    const left = fs.readdirSync(dir).sort();
    expect(left).toEqual(names.filter((n) => n !== `.out.gocondad-partial-${dead}`).sort());
    expect(tree(path.join(dir, `.out.gocondad-partial-${process.pid}`))).toEqual(['bin/', 'lib/']);
    expect(tree(path.join(dir, `.out.gocondad-partial-${process.ppid}`))).toEqual(['bin/', `bin/app=.out.gocondad-partial-${process.ppid}`]);
  });

  it('DIR’s parent below a file: the error names the dir the user chose and where it failed', () => {
    fs.writeFileSync(path.join(dir, 'file'), 'x');
    const out = path.join(dir, 'file', 'sub', 'out');
    expect(caught(() => makeStagingDir(out))).toEqual({
      name: 'BundleError',
      message: `output directory ${out}: a part of the path ${path.join(dir, 'file', 'sub')} is a file, not a directory`,
      hint: 'choose an output directory you can write with -o',
    });
  });

  it('a name the file system refuses for the staging dir (DIR’s name near the limit): DIR’s parent is named, not the staging dir', () => {
    const out = path.join(dir, 'o'.repeat(240)); // a legal name; `.NAME.gocondad-partial-PID` is past 255 bytes
    expect(caught(() => makeStagingDir(out))).toEqual({
      name: 'BundleError',
      message: `output directory ${out}: cannot write ${dir}: name too long`,
      hint: 'choose an output directory you can write with -o',
    });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('a path the system refuses below the staging dir (its bin/ past PATH_MAX): DIR’s parent is named, not the staging dir’s bin/', () => {
    // Dirs of 200 bytes down to about 3,800 bytes, then one sized so that the staging dir's path is 4,092
    // bytes (the kernel takes it) and its bin/ 4,096 (one past the 4,095 the kernel takes).
    let deep = dir;
    while (deep.length < 3800) deep = path.join(deep, 'd'.repeat(200));
    const stageName = `.o.gocondad-partial-${process.pid}`;
    const parent = path.join(deep, 'x'.repeat(4092 - deep.length - 2 - stageName.length));
    expect(path.join(parent, stageName).length).toBe(4092);
    const out = path.join(parent, 'o');
    expect(caught(() => makeStagingDir(out))).toEqual({
      name: 'BundleError',
      message: `output directory ${out}: cannot write ${parent}: name too long`,
      hint: 'choose an output directory you can write with -o',
    });
    // The staging dir (made before its bin/ failed) and the ~20 parents this call made are gone.
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('removeStagingDir (a build that failed): the staging dir and the parents of DIR the run made go; a parent that was there stays', () => {
    fs.mkdirSync(path.join(dir, 'there'));
    const stage = makeStagingDir(path.join(dir, 'there', 'new', 'sub', 'out'));
    write(stage, { 'bin/app': 'half' });
    removeStagingDir(stage);
    expect(tree(dir)).toEqual(['there/']);
  });

  it('removeStagingDir after the bundle moved into place: DIR and the parents made for it stay', () => {
    const out = path.join(dir, 'new', 'out');
    const stage = makeStagingDir(out);
    write(stage, { 'bin/app': 'new', 'gocondad-bundle.json': '{}' });
    moveIntoPlace(stage, out);
    removeStagingDir(stage);
    expect(tree(dir)).toEqual(['new/', 'new/out/', 'new/out/bin/', 'new/out/bin/app=new', 'new/out/gocondad-bundle.json={}', 'new/out/lib/']);
  });

  it('removeStagingDir when a parent it made holds another file by then: that parent and those above it stay', () => {
    const stage = makeStagingDir(path.join(dir, 'a', 'b', 'out'));
    write(dir, { 'a/mine': 'user' });
    removeStagingDir(stage);
    expect(tree(dir)).toEqual(['a/', 'a/mine=user']);
    removeStagingDir(stage); // twice: nothing more to do, no error
    expect(tree(dir)).toEqual(['a/', 'a/mine=user']);
  });

  it('a second staging dir of one DIR whose parents are there by then: removeStagingDir keeps them, whatever an earlier one made', () => {
    const out = path.join(dir, 'a', 'b', 'out');
    const first = makeStagingDir(out); // made a/ and a/b/ ...
    fs.rmSync(first, { recursive: true }); // ... and was never given to removeStagingDir
    const again = makeStagingDir(out); // the same path (same pid), its parents found there
    expect(again).toBe(first);
    removeStagingDir(again);
    expect(tree(dir)).toEqual(['a/', 'a/b/']);
  });

  it('a staging dir whose pid kill answers EPERM (a live run of another user, as the child below finds for real) is kept', () => {
    const out = path.join(dir, 'out');
    const theirs = deadPid(); // gone, so only the EPERM answer keeps its dir
    write(dir, { [`.out.gocondad-partial-${theirs}/bin/app`]: 'theirs' });
    const asked = killSpy(theirs, () => {
      throw sysError('EPERM', -1, 'kill');
    });
    try {
      makeStagingDir(out);
      expect(asked.mock.calls).toEqual([[theirs, 0]]);
    } finally {
      asked.mockRestore();
    }
    // Sorted: which of the two dirs lists first depends on the pids' digits.
    expect(tree(dir)).toEqual(
      [
        `.out.gocondad-partial-${process.pid}/`,
        `.out.gocondad-partial-${process.pid}/bin/`,
        `.out.gocondad-partial-${process.pid}/lib/`,
        `.out.gocondad-partial-${theirs}/`,
        `.out.gocondad-partial-${theirs}/bin/`,
        `.out.gocondad-partial-${theirs}/bin/app=theirs`,
      ].sort(),
    );
  });

  it('a dead run’s staging dir that cannot be removed (as the child below finds for real): the error names the file it failed on, not DIR’s parent', () => {
    const out = path.join(dir, 'p', 'out');
    const leftover = path.join(dir, 'p', `.out.gocondad-partial-${deadPid()}`);
    write(leftover, { 'bin/app': 'x' });
    const rm = realFs.rmSync.bind(realFs);
    const removes = jest.spyOn(realFs, 'rmSync').mockImplementation((p, options) => {
      if (p === leftover) throw sysError('EACCES', -13, 'unlink', path.join(leftover, 'bin', 'app'));
      rm(p, options);
    });
    try {
      expect(caught(() => makeStagingDir(out))).toEqual({
        name: 'BundleError',
        message: `output directory ${out}: you cannot write ${path.join(leftover, 'bin', 'app')} (permission denied)`,
        hint: 'choose an output directory you can write with -o',
      });
    } finally {
      removes.mockRestore();
    }
    expect(tree(path.join(dir, 'p'))).toEqual([`${path.basename(leftover)}/`, `${path.basename(leftover)}/bin/`, `${path.basename(leftover)}/bin/app=x`]);
  });

  it('removeStagingDir when the parents it made were removed meanwhile (rm -r a/b during the build): the empty a/ it made goes too', () => {
    const stage = makeStagingDir(path.join(dir, 'a', 'b', 'out'));
    fs.rmSync(path.join(dir, 'a', 'b'), { recursive: true });
    removeStagingDir(stage);
    expect(tree(dir)).toEqual([]);
  });

  it('a dead run’s staging dir removed by another run meanwhile (two bundles of one DIR at once): no error', () => {
    const out = path.join(dir, 'out');
    const dead = deadPid();
    const leftover = path.join(dir, `.out.gocondad-partial-${dead}`);
    write(leftover, { 'bin/app': 'x' });
    // The other run removes it between our listing and our removal: while we ask whether its pid lives.
    const asked = killSpy(dead, () => fs.rmSync(leftover, { recursive: true }));
    try {
      expect(makeStagingDir(out)).toBe(path.join(dir, `.out.gocondad-partial-${process.pid}`));
      expect(asked.mock.calls).toEqual([[dead, 0]]);
    } finally {
      asked.mockRestore();
    }
    expect(tree(dir)).toEqual([
      `.out.gocondad-partial-${process.pid}/`,
      `.out.gocondad-partial-${process.pid}/bin/`,
      `.out.gocondad-partial-${process.pid}/lib/`,
    ]);
  });
});

describe('makeStagingDir run by a user who cannot touch every process or file (a child, as nobody when the tests run as root)', () => {
  const NOBODY = 65534;
  /** `call` (JS using `s`, the module bundled for the child, and `fs`) in a child of another user, given `root` to own; its result or its error. */
  function asOtherUser(root: string, call: string): unknown {
    const asRoot = process.getuid!() === 0;
    if (asRoot) spawnSync('chown', ['-R', `${NOBODY}:${NOBODY}`, root]);
    return inChild(call, asRoot ? NOBODY : undefined);
  }
  /** makeStagingDir(out) in a child of another user. */
  const stageAsOtherUser = (out: string) => asOtherUser(path.dirname(out), `{ stage: s.makeStagingDir(${JSON.stringify(out)}) }`);

  it('a staging dir of a live run of another user (pid 1 here: kill says EPERM) is kept', () => {
    const out = path.join(dir, 'p', 'out');
    write(dir, { 'p/.out.gocondad-partial-1/bin/app': 'theirs' });
    const result = stageAsOtherUser(out) as { pid: number; stage: string };
    const own = `.out.gocondad-partial-${result.pid}`;
    expect(result).toEqual({ pid: result.pid, stage: path.join(dir, 'p', own) });
    expect(tree(path.join(dir, 'p'))).toEqual([
      '.out.gocondad-partial-1/',
      '.out.gocondad-partial-1/bin/',
      '.out.gocondad-partial-1/bin/app=theirs',
      `${own}/`,
      `${own}/bin/`,
      `${own}/lib/`,
    ]);
  });

  it('a dead run’s staging dir that cannot be removed: the error names the file it failed on', () => {
    const out = path.join(dir, 'p', 'out');
    const dead = spawnSync('true').pid;
    const leftover = path.join(dir, 'p', `.out.gocondad-partial-${dead}`);
    write(leftover, { 'bin/app': 'x' });
    fs.chmodSync(path.join(leftover, 'bin'), 0o555); // its owner too cannot unlink in it
    try {
      expect(stageAsOtherUser(out)).toEqual({
        name: 'BundleError',
        message: `output directory ${out}: you cannot write ${path.join(leftover, 'bin', 'app')} (permission denied)`,
        hint: 'choose an output directory you can write with -o',
      });
    } finally {
      fs.chmodSync(path.join(leftover, 'bin'), 0o755);
    }
  });

  describe('a DIR it cannot write (another user’s bundle, or chmod a-w)', () => {
    /** A new bundle staged by the other user and moved into `out`: makeStagingDir, its files, moveIntoPlace. */
    const moveAsOtherUser = (out: string, chmod: () => void) => {
      chmod();
      return asOtherUser(
        path.dirname(out),
        `(() => { const st = s.makeStagingDir(${JSON.stringify(out)});
          for (const [f, t] of [['bin/app', 'new'], ['lib/libnew.so', 'NEW'], ['gocondad-bundle.json', 'm2']]) fs.writeFileSync(st + '/' + f, t);
          s.moveIntoPlace(st, ${JSON.stringify(out)}); return { moved: true }; })()`,
      );
    };
    const previousAt = (out: string) =>
      write(out, {
        'bin/app': 'old',
        'lib/libold.so.1': 'OLD',
        'gocondad-bundle.json': JSON.stringify({ files: ['bin/app', 'lib/libold.so.1', 'gocondad-bundle.json'] }),
      });
    const cannot = (out: string, at: string) => ({
      name: 'BundleError',
      message: `output directory ${out}: you cannot write ${at} (permission denied)`,
      hint: 'choose an output directory you can write with -o',
    });

    it('its lib/ read-only: refused before anything is deleted (bin/app, in a writable bin/, stays too)', () => {
      const out = path.join(dir, 'p', 'out');
      previousAt(out);
      const before = tree(out);
      const result = moveAsOtherUser(out, () => spawnSync('chmod', ['555', path.join(out, 'lib')]));
      fs.chmodSync(path.join(out, 'lib'), 0o755);
      expect(result).toEqual(cannot(out, path.join(out, 'lib')));
      expect(tree(out)).toEqual(before);
    });

    it('DIR itself read-only: the same, named', () => {
      const out = path.join(dir, 'p', 'out');
      previousAt(out);
      const before = tree(out);
      const result = moveAsOtherUser(out, () => fs.chmodSync(out, 0o555));
      fs.chmodSync(out, 0o755);
      expect(result).toEqual(cannot(out, out));
      expect(tree(out)).toEqual(before);
    });

    it('the same DIR writable: the move goes through as that user (the refusals above are the permissions’ doing)', () => {
      const out = path.join(dir, 'p', 'out');
      previousAt(out);
      expect(moveAsOtherUser(out, () => undefined)).toEqual({ pid: expect.any(Number), moved: true });
      expect(tree(out)).toEqual(['bin/', 'bin/app=new', 'gocondad-bundle.json=m2', 'lib/', 'lib/libnew.so=NEW']);
    });

    it('a move that fails half way (a file the staging dir cannot give up): DIR keeps its old manifest, which the rerun takes', () => {
      const out = path.join(dir, 'p', 'out');
      previousAt(out);
      // A static program (no lib/), its staging bin/ read-only: its app cannot be renamed out of it, after the
      // previous bundle's files are gone. The manifest is deleted by nothing but the last rename.
      const result = asOtherUser(
        path.dirname(out),
        `(() => { const st = s.makeStagingDir(${JSON.stringify(out)}); fs.rmdirSync(st + '/lib');
          for (const [f, t] of [['bin/app', 'new'], ['gocondad-bundle.json', 'm2']]) fs.writeFileSync(st + '/' + f, t);
          fs.chmodSync(st + '/bin', 0o555);
          try { s.moveIntoPlace(st, ${JSON.stringify(out)}); return { moved: true }; }
          catch (e) { return { stage: st, message: e.message, hint: e.hint }; }
          finally { fs.chmodSync(st + '/bin', 0o755); } })()`,
      ) as { pid: number; stage: string };
      const stage = path.join(dir, 'p', `.out.gocondad-partial-${result.pid}`);
      expect(result).toEqual({
        pid: result.pid,
        stage,
        // The rename's source is in the hidden staging dir: named where it was going, in DIR.
        message: `output directory ${out}: you cannot write ${path.join(out, 'bin', 'app')} (permission denied)`,
        hint: 'choose an output directory you can write with -o',
      });
      expect(tree(out)).toEqual(['bin/', `gocondad-bundle.json={"files":["bin/app","lib/libold.so.1","gocondad-bundle.json"]}`]);
      expect(outDirState(out)).toEqual({ kind: 'previous', files: ['bin/app', 'lib/libold.so.1', 'gocondad-bundle.json'] });
    });

    it('a static program now, the previous bundle’s lib/ read-only: refused before anything is deleted, though the new bundle puts nothing there', () => {
      const out = path.join(dir, 'p', 'out');
      previousAt(out);
      const before = tree(out);
      spawnSync('chmod', ['555', path.join(out, 'lib')]);
      const result = asOtherUser(
        path.dirname(out),
        `(() => { const st = s.makeStagingDir(${JSON.stringify(out)}); fs.rmdirSync(st + '/lib');
          for (const [f, t] of [['bin/app', 'static'], ['gocondad-bundle.json', 'm2']]) fs.writeFileSync(st + '/' + f, t);
          s.moveIntoPlace(st, ${JSON.stringify(out)}); return { moved: true }; })()`,
      );
      fs.chmodSync(path.join(out, 'lib'), 0o755);
      expect(result).toEqual(cannot(out, path.join(out, 'lib')));
      expect(tree(out)).toEqual(before);
    });

    it('an empty DIR (an interrupted run’s empty bin/) read-only: in words, DIR as it was', () => {
      const out = path.join(dir, 'p', 'out');
      fs.mkdirSync(path.join(out, 'bin'), { recursive: true });
      const result = moveAsOtherUser(out, () => spawnSync('chmod', ['555', out]));
      fs.chmodSync(out, 0o755);
      expect(result).toEqual(cannot(out, path.join(out, 'bin')));
      expect(tree(out)).toEqual(['bin/']);
    });
  });
});

describe('moveIntoPlace', () => {
  function stageWith(out: string, files: Record<string, string>): string {
    const stage = makeStagingDir(out);
    write(stage, files);
    return stage;
  }

  it('a new DIR: the staging dir becomes DIR', () => {
    const out = path.join(dir, 'out');
    const stage = stageWith(out, {
      'bin/app': 'new',
      'lib/libx.so.1': 'X',
      'gocondad-bundle.json': '{"files":["bin/app","lib/libx.so.1","gocondad-bundle.json"]}',
    });
    moveIntoPlace(stage, out);
    expect(tree(out)).toEqual([
      'bin/',
      'bin/app=new',
      'gocondad-bundle.json={"files":["bin/app","lib/libx.so.1","gocondad-bundle.json"]}',
      'lib/',
      'lib/libx.so.1=X',
    ]);
    expect(fs.readdirSync(dir)).toEqual(['out']);
  });

  it('an empty DIR (the bin/ lib/ of an interrupted run) is replaced', () => {
    const out = path.join(dir, 'out');
    fs.mkdirSync(path.join(out, 'bin'), { recursive: true });
    fs.mkdirSync(path.join(out, 'lib'));
    const stage = stageWith(out, { 'bin/app': 'new', 'gocondad-bundle.json': '{}' });
    fs.rmdirSync(path.join(stage, 'lib'));
    moveIntoPlace(stage, out);
    expect(tree(out)).toEqual(['bin/', 'bin/app=new', 'gocondad-bundle.json={}']);
    expect(fs.readdirSync(dir)).toEqual(['out']);
  });

  it('a previous bundle: its listed files go, the user’s stay, the new ones and the new manifest come in', () => {
    const out = path.join(dir, 'out');
    write(out, {
      'bin/app': 'old',
      'lib/libold.so.1': 'OLD',
      'lib/libkeep.so': 'user',
      README: 'user',
      'gocondad-bundle.json': JSON.stringify({ files: ['bin/app', 'lib/libold.so.1', 'gocondad-bundle.json', 'lib/gone.so'] }),
    });
    const stage = stageWith(out, { 'bin/app': 'new', 'lib/libnew.so.2': 'NEW', 'share/doc/x': 'doc', 'gocondad-bundle.json': 'manifest 2' });
    moveIntoPlace(stage, out);
    expect(tree(out)).toEqual([
      'README=user',
      'bin/',
      'bin/app=new',
      'gocondad-bundle.json=manifest 2',
      'lib/',
      'lib/libkeep.so=user',
      'lib/libnew.so.2=NEW',
      'share/',
      'share/doc/',
      'share/doc/x=doc',
    ]);
    expect(fs.readdirSync(dir)).toEqual(['out']);
  });

  it('a previous manifest that lists a file twice: it goes once, no error', () => {
    const out = path.join(dir, 'out');
    write(out, { 'bin/app': 'old', 'gocondad-bundle.json': JSON.stringify({ files: ['bin/app', './bin/app', 'gocondad-bundle.json'] }) });
    const stage = stageWith(out, { 'bin/app': 'new', 'gocondad-bundle.json': 'manifest 2' });
    fs.rmdirSync(path.join(stage, 'lib'));
    moveIntoPlace(stage, out);
    expect(tree(out)).toEqual(['bin/', 'bin/app=new', 'gocondad-bundle.json=manifest 2']);
  });

  it('a static program now, where the previous bundle had libraries: its emptied lib/ goes', () => {
    const out = path.join(dir, 'out');
    write(out, {
      'bin/app': 'old',
      'lib/libold.so.1': 'OLD',
      'gocondad-bundle.json': JSON.stringify({ files: ['bin/app', 'lib/libold.so.1', 'gocondad-bundle.json'] }),
    });
    const stage = stageWith(out, { 'bin/app': 'static', 'gocondad-bundle.json': 'manifest 2' });
    fs.rmdirSync(path.join(stage, 'lib'));
    moveIntoPlace(stage, out);
    expect(tree(out)).toEqual(['bin/', 'bin/app=static', 'gocondad-bundle.json=manifest 2']);
  });

  it('a static program now, and lib/ holds a file of the user: lib/ stays with it', () => {
    const out = path.join(dir, 'out');
    write(out, { 'bin/app': 'old', 'lib/mine': 'user', 'gocondad-bundle.json': JSON.stringify({ files: ['bin/app'] }) });
    const stage = stageWith(out, { 'bin/app': 'static', 'gocondad-bundle.json': 'manifest 2' });
    fs.rmdirSync(path.join(stage, 'lib'));
    moveIntoPlace(stage, out);
    expect(tree(out)).toEqual(['bin/', 'bin/app=static', 'gocondad-bundle.json=manifest 2', 'lib/', 'lib/mine=user']);
  });

  it('libraries again: a previous lib/ is kept and filled', () => {
    const out = path.join(dir, 'out');
    write(out, { 'bin/app': 'old', 'gocondad-bundle.json': JSON.stringify({ files: ['bin/app'] }) });
    fs.mkdirSync(path.join(out, 'lib'));
    fs.chmodSync(path.join(out, 'lib'), 0o750); // the user's mode: kept, so lib/ is the same dir, not a new one
    const stage = stageWith(out, { 'bin/app': 'cgo', 'lib/libx.so': 'X', 'gocondad-bundle.json': 'm' });
    moveIntoPlace(stage, out);
    expect(tree(out)).toEqual(['bin/', 'bin/app=cgo', 'gocondad-bundle.json=m', 'lib/', 'lib/libx.so=X']);
    expect((fs.statSync(path.join(out, 'lib')).mode & 0o777).toString(8)).toBe('750');
  });

  /** `moveIntoPlace(stage, out)` with the rename of `failing` (a path in stage) failing as it does for a user who cannot write there. */
  function moveFailingAt(stage: string, out: string, failing: string): unknown {
    const rename = realFs.renameSync.bind(realFs);
    const renames = jest.spyOn(realFs, 'renameSync').mockImplementation((from, to) => {
      if (from === failing) throw sysError('EACCES', -13, 'rename', String(from), String(to));
      rename(from, to);
    });
    try {
      return caught(() => moveIntoPlace(stage, out));
    } finally {
      renames.mockRestore();
    }
  }

  it('a move that fails half way (as the child below finds for real): named in DIR, not the staging dir; DIR keeps its old manifest, which the rerun takes', () => {
    const out = path.join(dir, 'out');
    const manifest = JSON.stringify({ files: ['bin/app', 'lib/libold.so.1', 'gocondad-bundle.json'] });
    write(out, { 'bin/app': 'old', 'lib/libold.so.1': 'OLD', 'gocondad-bundle.json': manifest });
    const stage = stageWith(out, { 'bin/app': 'new', 'gocondad-bundle.json': 'manifest 2' });
    fs.rmdirSync(path.join(stage, 'lib'));
    expect(moveFailingAt(stage, out, path.join(stage, 'bin', 'app'))).toEqual({
      name: 'BundleError',
      message: `output directory ${out}: you cannot write ${path.join(out, 'bin', 'app')} (permission denied)`,
      hint: 'choose an output directory you can write with -o',
    });
    expect(tree(out)).toEqual(['bin/', `gocondad-bundle.json=${manifest}`]);
    expect(outDirState(out)).toEqual({ kind: 'previous', files: ['bin/app', 'lib/libold.so.1', 'gocondad-bundle.json'] });
  });

  it('a new DIR whose one rename fails: DIR is named, not the staging dir', () => {
    const out = path.join(dir, 'out');
    const stage = stageWith(out, { 'bin/app': 'new', 'gocondad-bundle.json': 'm' });
    expect(moveFailingAt(stage, out, stage)).toEqual({
      name: 'BundleError',
      message: `output directory ${out}: you cannot write ${out} (permission denied)`,
      hint: 'choose an output directory you can write with -o',
    });
    expect(fs.existsSync(out)).toBe(false);
  });

  /** A previous bundle in DIR (its manifest listing bin/app and lib/libold.so.1), and the user's `extra` files. */
  function previous(out: string, extra: Record<string, string> = {}): string[] {
    write(out, {
      'bin/app': 'old',
      'lib/libold.so.1': 'OLD',
      'gocondad-bundle.json': JSON.stringify({ files: ['bin/app', 'lib/libold.so.1', 'gocondad-bundle.json'] }),
      ...extra,
    });
    return tree(out);
  }
  const clash = (out: string, rel: string, what: string) => ({
    name: 'BundleError',
    message: `${path.join(out, rel)} ${what}`,
    hint: `move it out of ${out}, or choose another directory with -o`,
  });

  it('a directory (not empty) where the new bundle puts a file: refused in words before anything changes; DIR as it was', () => {
    const out = path.join(dir, 'out');
    const before = previous(out, { 'share/x/mine': 'user' });
    const stage = stageWith(out, { 'bin/app': 'new', 'share/x': 'new', 'gocondad-bundle.json': 'manifest 2' });
    expect(caught(() => moveIntoPlace(stage, out))).toEqual(clash(out, 'share/x', 'is a directory, where the new bundle puts a file'));
    expect(tree(out)).toEqual(before);
    expect(outDirState(out)).toEqual({ kind: 'previous', files: ['bin/app', 'lib/libold.so.1', 'gocondad-bundle.json'] });
  });

  it('a listed file the user replaced by a directory: not deleted, and refused where the new bundle puts its file', () => {
    const out = path.join(dir, 'out');
    previous(out);
    fs.rmSync(path.join(out, 'bin', 'app'));
    write(out, { 'bin/app/notes': 'user' });
    const before = tree(out);
    const stage = stageWith(out, { 'bin/app': 'new', 'gocondad-bundle.json': 'manifest 2' });
    expect(caught(() => moveIntoPlace(stage, out))).toEqual(clash(out, 'bin/app', 'is a directory, where the new bundle puts a file'));
    expect(tree(out)).toEqual(before);
  });

  it('a listed file the user replaced by a directory, where the new bundle puts nothing: kept, the rest moves', () => {
    const out = path.join(dir, 'out');
    write(out, { 'bin/old/notes': 'user', 'gocondad-bundle.json': JSON.stringify({ files: ['bin/old', 'gocondad-bundle.json'] }) });
    const stage = stageWith(out, { 'bin/app': 'new', 'gocondad-bundle.json': 'manifest 2' });
    fs.rmdirSync(path.join(stage, 'lib'));
    moveIntoPlace(stage, out);
    expect(tree(out)).toEqual(['bin/', 'bin/app=new', 'bin/old/', 'bin/old/notes=user', 'gocondad-bundle.json=manifest 2']);
  });

  it('a file of the user where the new bundle puts a directory (lib/ after a static bundle): refused, DIR as it was', () => {
    const out = path.join(dir, 'out');
    write(out, { 'bin/app': 'static', lib: 'user', 'gocondad-bundle.json': JSON.stringify({ files: ['bin/app', 'gocondad-bundle.json'] }) });
    const before = tree(out);
    const stage = stageWith(out, { 'bin/app': 'cgo', 'lib/libx.so': 'X', 'gocondad-bundle.json': 'manifest 2' });
    expect(caught(() => moveIntoPlace(stage, out))).toEqual(clash(out, 'lib', 'is a file, where the new bundle puts a directory'));
    expect(tree(out)).toEqual(before);
  });

  it('a file of the user where the new bundle puts one (the manifest does not list it): never overwritten', () => {
    const out = path.join(dir, 'out');
    const before = previous(out, { 'lib/libx.so': 'the user’s own' });
    const stage = stageWith(out, { 'bin/app': 'new', 'lib/libx.so': 'X', 'gocondad-bundle.json': 'manifest 2' });
    expect(caught(() => moveIntoPlace(stage, out))).toEqual(
      clash(out, 'lib/libx.so', 'is not a file of the previous bundle (its manifest does not list it), where the new bundle puts one'),
    );
    expect(tree(out)).toEqual(before);
  });

  it('a symlink of the user where the new bundle puts a file: the same (a symlink is not followed, nor replaced)', () => {
    const out = path.join(dir, 'out');
    previous(out);
    fs.symlinkSync('libold.so.1', path.join(out, 'lib', 'libx.so'));
    const stage = stageWith(out, { 'bin/app': 'new', 'lib/libx.so': 'X', 'gocondad-bundle.json': 'manifest 2' });
    expect(caught(() => moveIntoPlace(stage, out))).toEqual(
      clash(out, 'lib/libx.so', 'is not a file of the previous bundle (its manifest does not list it), where the new bundle puts one'),
    );
    expect(fs.readlinkSync(path.join(out, 'lib', 'libx.so'))).toBe('libold.so.1');
    expect(fs.readFileSync(path.join(out, 'bin', 'app'), 'utf8')).toBe('old');
  });

  it('a listed symlink (a library’s second name) is replaced like a file', () => {
    const out = path.join(dir, 'out');
    write(out, { 'lib/libx.so.1': 'X1', 'gocondad-bundle.json': JSON.stringify({ files: ['lib/libx.so.1', 'lib/libx.so', 'gocondad-bundle.json'] }) });
    fs.symlinkSync('libx.so.1', path.join(out, 'lib', 'libx.so'));
    const stage = stageWith(out, { 'lib/libx.so.2': 'X2', 'gocondad-bundle.json': 'manifest 2' });
    fs.symlinkSync('libx.so.2', path.join(stage, 'lib', 'libx.so'));
    moveIntoPlace(stage, out);
    expect(tree(out)).toEqual(['bin/', 'gocondad-bundle.json=manifest 2', 'lib/', 'lib/libx.so=X2', 'lib/libx.so.2=X2']);
    expect(fs.readlinkSync(path.join(out, 'lib', 'libx.so'))).toBe('libx.so.2');
  });

  describe('DIR/lib a symlink to a directory elsewhere (files the manifest lists are reached through it)', () => {
    let elsewhere: string;
    let out: string;
    beforeEach(() => {
      out = path.join(dir, 'out');
      elsewhere = path.join(dir, 'elsewhere');
      write(elsewhere, { 'libold.so.1': 'not the bundle’s', 'libother.so': 'theirs' });
      write(out, { 'bin/app': 'old', 'gocondad-bundle.json': JSON.stringify({ files: ['bin/app', 'lib/libold.so.1', 'gocondad-bundle.json'] }) });
      fs.symlinkSync(elsewhere, path.join(out, 'lib'));
    });

    it('the new bundle has libraries: refused, and nothing is deleted there or in DIR', () => {
      const stage = stageWith(out, { 'bin/app': 'cgo', 'lib/libnew.so': 'NEW', 'gocondad-bundle.json': 'manifest 2' });
      expect(caught(() => moveIntoPlace(stage, out))).toEqual(clash(out, 'lib', 'is a symlink, where the new bundle puts a directory'));
      expect(tree(elsewhere)).toEqual(['libold.so.1=not the bundle’s', 'libother.so=theirs']);
      expect(fs.readFileSync(path.join(out, 'bin', 'app'), 'utf8')).toBe('old');
    });

    it('a static program now: the bundle moves in, and the files behind the symlink stay', () => {
      const stage = stageWith(out, { 'bin/app': 'static', 'gocondad-bundle.json': 'manifest 2' });
      fs.rmdirSync(path.join(stage, 'lib'));
      moveIntoPlace(stage, out);
      expect(tree(elsewhere)).toEqual(['libold.so.1=not the bundle’s', 'libother.so=theirs']);
      expect(fs.readlinkSync(path.join(out, 'lib'))).toBe(elsewhere);
      expect(fs.readFileSync(path.join(out, 'bin', 'app'), 'utf8')).toBe('static');
    });
  });

  it('an empty DIR named by a symlink (to a dir elsewhere): the bundle goes into that dir, the symlink stays', () => {
    const out = path.join(dir, 'out');
    const real = path.join(dir, 'real');
    fs.mkdirSync(path.join(real, 'bin'), { recursive: true });
    fs.symlinkSync(real, out);
    const stage = stageWith(out, { 'bin/app': 'new', 'lib/libx.so': 'X', 'gocondad-bundle.json': 'm' });
    moveIntoPlace(stage, out);
    expect(fs.readlinkSync(out)).toBe(real);
    expect(tree(real)).toEqual(['bin/', 'bin/app=new', 'gocondad-bundle.json=m', 'lib/', 'lib/libx.so=X']);
    expect(fs.readdirSync(dir).sort()).toEqual(['out', 'real']);
  });

  it('DIR a symlink to a dir elsewhere: staged beside that dir (on its file system), not beside the link', () => {
    const out = path.join(dir, 'links', 'out');
    const real = path.join(dir, 'disk', 'app');
    fs.mkdirSync(real, { recursive: true });
    fs.mkdirSync(path.dirname(out));
    fs.symlinkSync(real, out);
    const stage = stageWith(out, { 'bin/app': 'new', 'gocondad-bundle.json': 'm' });
    expect(stage).toBe(path.join(dir, 'disk', `.app.gocondad-partial-${process.pid}`));
    expect(fs.readdirSync(path.join(dir, 'links'))).toEqual(['out']);
    moveIntoPlace(stage, out);
    expect(tree(real)).toEqual(['bin/', 'bin/app=new', 'gocondad-bundle.json=m', 'lib/']);
    expect(fs.readdirSync(path.join(dir, 'disk'))).toEqual(['app']);
  });

  // Staged beside the link's target, the staging dir is no sibling of DIR: a path outside it must be named as
  // it is, not mapped from the staging dir to DIR. Beside DIR, or at DIR's depth, that mapping changes nothing;
  // a level deeper it would.
  it('DIR a symlink to a dir elsewhere whose new lib/ cannot be made: the error names DIR/lib as it is', () => {
    const out = path.join(dir, 'links', 'deeper', 'out');
    const real = path.join(dir, 'disk', 'app');
    fs.mkdirSync(real, { recursive: true });
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.symlinkSync(real, out);
    const stage = stageWith(out, { 'bin/app': 'new', 'lib/libx.so': 'X', 'gocondad-bundle.json': 'm' });
    const mkdir = realFs.mkdirSync.bind(realFs);
    const made = jest.spyOn(realFs, 'mkdirSync').mockImplementation(((p: fs.PathLike, options?: fs.MakeDirectoryOptions) => {
      if (p === path.join(out, 'lib')) throw sysError('EACCES', -13, 'mkdir', String(p));
      return mkdir(p, options);
    }) as typeof fs.mkdirSync);
    try {
      expect(caught(() => moveIntoPlace(stage, out))).toEqual({
        name: 'BundleError',
        message: `output directory ${out}: you cannot write ${path.join(out, 'lib')} (permission denied)`,
        hint: 'choose an output directory you can write with -o',
      });
    } finally {
      made.mockRestore();
    }
  });

  it('DIR a symlink to nowhere given to makeStagingDir (outDirState refuses it before a build): staged beside the link', () => {
    const out = path.join(dir, 'out');
    fs.symlinkSync(path.join(dir, 'gone'), out);
    expect(makeStagingDir(out)).toBe(path.join(dir, `.out.gocondad-partial-${process.pid}`));
  });

  // /dev/shm is a tmpfs, the tmp dir usually not: a symlink from one to the other crosses file systems.
  it('DIR a symlink to an empty dir on another file system (/dev/shm): the bundle moves in (it failed with EXDEV)', () => {
    if (!fs.existsSync('/dev/shm') || fs.statSync('/dev/shm').dev === fs.statSync(os.tmpdir()).dev)
      throw new Error(`this test needs /dev/shm on another file system than ${os.tmpdir()}: mount one (as root: mount -t tmpfs tmpfs /dev/shm)`);
    const real = fs.mkdtempSync(path.join('/dev/shm', 'gocondad-stage-'));
    try {
      const out = path.join(dir, 'out');
      fs.symlinkSync(real, out);
      const stage = stageWith(out, { 'bin/app': 'new', 'lib/libx.so': 'X', 'gocondad-bundle.json': 'm' });
      moveIntoPlace(stage, out);
      expect(tree(real)).toEqual(['bin/', 'bin/app=new', 'gocondad-bundle.json=m', 'lib/', 'lib/libx.so=X']);
      expect(fs.readdirSync(dir)).toEqual(['out']);
      expect(fs.readdirSync(path.dirname(real)).filter((n) => n.includes(path.basename(real)))).toEqual([path.basename(real)]);
    } finally {
      fs.rmSync(real, { recursive: true, force: true });
    }
  });

  it('a previous bundle at DIR that does not exist, named by a symlink to nowhere: refused before the build, in words', () => {
    const out = path.join(dir, 'out');
    fs.symlinkSync(path.join(dir, 'gone'), out);
    expect(caught(() => outDirState(out))).toEqual({
      name: 'BundleError',
      message: `${out} is a symlink to ${path.join(dir, 'gone')}, which does not exist`,
      hint: 'remove the symlink, or choose another directory with -o',
    });
  });
});
