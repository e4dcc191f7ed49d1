// verify as bundle() runs it: on the bundle in its staging dir (staging.ts), which the user never sees. It
// is renamed into DIR when whole and removed when verify refuses it, so a refusal must name the files as
// they would be in DIR, say that DIR did not get the bundle, and send the user to nothing in the staging dir.
// Real: the staging dir made by makeStagingDir, the bundle built by gcc, its RUNPATHs set by patchelf as
// bundle() sets them ($ORIGIN/../lib for the program, $ORIGIN for each library), listed by the real loader.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readElfFile } from '../../../src/bundle/elf';
import { makeStagingDir, removeStagingDir } from '../../../src/bundle/staging';
import { verifyWithLoader } from '../../../src/bundle/verify';
import { caught } from '../../helpers/caught';

function run(cmd: string, args: string[], cwd: string): void {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (bash scripts/ensure-test-deps installs gcc and patchelf): ${r.stderr ?? r.error}`);
}

const LOADER_FAILED =
  "check the file the loader names (the bundle's libraries are copies of the env's lib/) with readelf -h, or report this as a bug with this message";
const DISAGREES = 'report this as a bug with this message and the output of patchelf --version (it set the RUNPATHs the loader followed)';

let top: string;
/** DIR as the user named it with -o (a space in it), and the hidden staging dir beside it. */
let dir: string;
let stage: string;
let app: string;
let interp: string;
const NAMES = ['liba.so', 'libb.so'];

beforeAll(() => {
  top = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-verifystage-'));
  dir = path.join(top, 'my out');
  stage = makeStagingDir(dir);
  const src = path.join(top, 'src');
  fs.mkdirSync(src);
  fs.writeFileSync(path.join(src, 'b.c'), 'int b(void) { return 1; }\n');
  fs.writeFileSync(path.join(src, 'a.c'), 'int b(void);\nint a(void) { return b() - 1; }\n');
  fs.writeFileSync(path.join(src, 'app.c'), 'int a(void);\nint main(void) { return a(); }\n');
  // Linked against copies in src/ (the env's, say), then the bundle's copies patched as bundle() patches them.
  run('gcc', ['-shared', '-fPIC', '-o', 'libb.so', 'b.c'], src);
  run('gcc', ['-shared', '-fPIC', '-o', 'liba.so', 'a.c', '-L.', '-lb'], src);
  run('gcc', ['-o', 'app', 'app.c', '-L.', '-la', '-Wl,-rpath-link,.'], src);
  for (const n of NAMES) fs.copyFileSync(path.join(src, n), path.join(stage, 'lib', n));
  fs.copyFileSync(path.join(src, 'app'), path.join(stage, 'bin', 'app'));
  app = path.join(stage, 'bin', 'app');
  run('patchelf', ['--set-rpath', '$ORIGIN/../lib', app], stage);
  for (const n of NAMES) run('patchelf', ['--set-rpath', '$ORIGIN', path.join(stage, 'lib', n)], stage);
  interp = readElfFile(app)!.interp!;
});
afterAll(() => {
  removeStagingDir(stage);
  fs.rmSync(top, { recursive: true, force: true, maxRetries: 5 });
});

test('the premise: the staging dir is hidden beside DIR, DIR is not there, and the whole bundle passes', () => {
  expect([path.dirname(stage), path.basename(stage), fs.existsSync(dir)]).toEqual([top, `.my out.gocondad-partial-${process.pid}`, false]);
  expect(verifyWithLoader(app, interp, stage, NAMES)).toEqual([]);
  expect(spawnSync(app, { env: {} }).status).toBe(0);
});

/** Changes the staged bundle, refuses it, puts it back. */
function refusedAfter(change: () => void, undo: () => void) {
  change();
  try {
    const err = caught(() => verifyWithLoader(app, interp, stage, NAMES));
    // Nothing the user is shown leads into the staging dir, gone by the time they read it.
    expect(JSON.stringify(err).includes('gocondad-partial')).toBe(false);
    return err;
  } finally {
    undo();
  }
}

test('a library gone: the loader’s verdict named in DIR’s terms, the bundle said not written', () => {
  const lib = path.join(stage, 'lib', 'libb.so');
  const keep = path.join(top, 'libb.kept');
  expect(
    refusedAfter(
      () => fs.renameSync(lib, keep),
      () => fs.renameSync(keep, lib),
    ),
  ).toEqual({
    name: 'BundleError',
    message: `the bundle was not written to ${dir}: the loader does not find libb.so in ${dir}/lib (${interp} --list ${dir}/bin/app: libb.so => not found)`,
    hint: DISAGREES,
  });
});

test('a library that is no ELF: the loader’s own words, its paths as they would be in DIR', () => {
  const lib = path.join(stage, 'lib', 'libb.so');
  const keep = path.join(top, 'libb.kept');
  expect(
    refusedAfter(
      () => (fs.renameSync(lib, keep), fs.writeFileSync(lib, 'not ELF\n')),
      () => fs.renameSync(keep, lib),
    ),
  ).toEqual({
    name: 'BundleError',
    message: `the bundle was not written to ${dir}: ${interp} --list ${dir}/bin/app failed (exit 127: ${dir}/bin/app: error while loading shared libraries: ${dir}/bin/../lib/libb.so: file too short)`,
    hint: LOADER_FAILED,
  });
});

test('libraries the loader maps from beside the program (a RUNPATH left $ORIGIN): where, in DIR’s terms', () => {
  const copies = NAMES.map((n) => path.join(stage, 'bin', n));
  expect(
    refusedAfter(
      () => {
        NAMES.forEach((n, i) => fs.copyFileSync(path.join(stage, 'lib', n), copies[i]!));
        run('patchelf', ['--set-rpath', '$ORIGIN', app], stage);
      },
      () => {
        copies.forEach((c) => fs.rmSync(c));
        run('patchelf', ['--set-rpath', '$ORIGIN/../lib', app], stage);
      },
    ),
  ).toEqual({
    name: 'BundleError',
    message: `the bundle was not written to ${dir}: the loader does not find liba.so, libb.so in ${dir}/lib (${interp} --list ${dir}/bin/app: liba.so => ${dir}/bin/liba.so, libb.so => ${dir}/bin/libb.so)`,
    hint: DISAGREES,
  });
  expect(verifyWithLoader(app, interp, stage, NAMES)).toEqual([]);
});

// Which dir a path names as DIR: the staging dir's name read back (`.NAME.gocondad-partial-PID` beside DIR,
// `.gocondad-partial-PID` inside a DIR that is a mount point), any other as it is.
// Asked through the cheapest refusal (a loader this machine does not have), which names DIR and the program in it.
test.each<[string, string]>([
  ['/t/.out.gocondad-partial-123', '/t/out'],
  ['/t/.my out.gocondad-partial-7', '/t/my out'],
  ['/t/.a.gocondad-partial-1.gocondad-partial-99', '/t/a.gocondad-partial-1'],
  ['/..gocondad-partial-5', '/'],
  ['/t/out', '/t/out'],
  ['/t/.out', '/t/.out'],
  ['/t/.out.gocondad-partial-', '/t/.out.gocondad-partial-'],
  ['/t/.out.gocondad-partial-12x', '/t/.out.gocondad-partial-12x'],
  ['/t/.out.gocondad-partial-x12', '/t/.out.gocondad-partial-x12'],
  ['/t/out.gocondad-partial-12', '/t/out.gocondad-partial-12'],
  ['/t/.gocondad-partial-12', '/t'],
  ['/.gocondad-partial-3', '/'],
  ['/t/.gocondad-partial-12x', '/t/.gocondad-partial-12x'],
  ['/t/.gocondad-partial-', '/t/.gocondad-partial-'],
  ['/t/x.gocondad-partial-12/.gocondad-partial-', '/t/x.gocondad-partial-12/.gocondad-partial-'],
  // no PARTIAL in it, but digits where the pid would start if one were found at -1
  ['/t/.0123456789abcdef12', '/t/.0123456789abcdef12'],
])('built in %j: named as %j', (built, shown) => {
  expect(caught(() => verifyWithLoader(path.join(built, 'bin', 'app'), '/nonexistent/ld.so', built, []))).toEqual({
    name: 'BundleError',
    message: `the bundle was not written to ${shown}: ${path.join(shown, 'bin', 'app')} names the loader /nonexistent/ld.so, which this machine does not have`,
    hint: 'bundle on a machine of the target platform',
  });
});
