// verify's refusal as the user meets it, at the end of a whole bundle() run (the real Go 1.22, gcc,
// patchelf and loader): the bundle was checked in a hidden staging dir that is gone when the error is
// read, so the error names DIR, says DIR did not get the bundle, and DIR is as it was (absent, or the
// previous bundle, untouched). The check is made to refuse by a patchelf that leaves the program's
// RUNPATH as Go linked it (the env's lib/): a stand-in on PATH wrapping the real one, since a broken
// or mismatched patchelf is what the check is there for.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundle } from '../../../src/bundle/index';
import { readElfFile } from '../../../src/bundle/elf';
import { makeBundleWorld, sh, type BundleWorld } from '../../helpers/bundle-world';
import { caught } from '../../helpers/caught';

let w: BundleWorld;
/** A dir whose patchelf does nothing to a program (a file under bin/), and is the real one for the rest. */
let keepingPatchelf: string;

beforeAll(() => {
  w = makeBundleWorld();
  w.cLib('gcdanswer', 'int gcd_answer(void) { return 42; }\n');
  const real = sh('sh', ['-c', 'command -v patchelf']).trim();
  keepingPatchelf = path.join(w.dir, 'patchelf-keep');
  fs.mkdirSync(keepingPatchelf);
  fs.writeFileSync(
    path.join(keepingPatchelf, 'patchelf'),
    `#!/bin/sh\nif [ "$1" = --set-rpath ] && case "$3" in */bin/*) true;; *) false;; esac; then exit 0; fi\nexec "${real}" "$@"\n`,
    { mode: 0o755 },
  );
});
afterAll(() => w.remove());

const ONE_LIB = 'package main\n\n// #cgo LDFLAGS: -lgcdanswer\n// int gcd_answer(void);\nimport "C"\n\nfunc main() { println(int(C.gcd_answer())) }\n';
const HINT = 'report this as a bug with this message and the output of patchelf --version (it set the RUNPATHs the loader followed)';
/** The loader gcc and Go's cgo link against here (the one /bin/ls names). */
const INTERP = () => readElfFile(fs.realpathSync('/bin/ls'))!.interp!;
const partials = () => fs.readdirSync(w.dir).filter((n) => n.includes('gocondad-partial'));

/** bundle() with patchelf looked up on PATH (a child sees the host's environment, so it goes in spawnSync's options). */
function bundleWith(PATH: string | null, name: string, outDir: string) {
  const real = require('node:child_process') as typeof import('node:child_process');
  const original = real.spawnSync;
  const spawn = jest
    .spyOn(real, 'spawnSync')
    .mockImplementation(((cmd: string, args: string[], opts: object) =>
      original(cmd, args, cmd === 'patchelf' && PATH !== null ? { ...opts, env: { ...process.env, PATH } } : opts)) as typeof original);
  try {
    return bundle({ ...w.common, cwd: w.app(name, ONE_LIB), pkg: '.', outDir, extraLibs: [] });
  } finally {
    spawn.mockRestore();
  }
}

/** What a dir holds, file by file (contents), to show it unchanged. */
function contents(d: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(d, rel), { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (e.isDirectory()) walk(r);
      else out[r] = e.isSymbolicLink() ? `-> ${fs.readlinkSync(path.join(d, r))}` : fs.readFileSync(path.join(d, r)).toString('base64');
    }
  };
  walk('');
  return out;
}

test('into a new DIR: refused in DIR’s terms, where the loader mapped it from, and no DIR and no staging dir after', () => {
  const outDir = path.join(w.dir, 'out new');
  const err = caught(() => bundleWith(`${keepingPatchelf}:${process.env.PATH}`, 'fresh', outDir));
  expect(err).toEqual({
    name: 'BundleError',
    message: `the bundle was not written to ${outDir}: the loader does not find libgcdanswer.so.1 in ${outDir}/lib (${INTERP()} --list ${outDir}/bin/fresh: libgcdanswer.so.1 => ${w.env}/lib/libgcdanswer.so.1)`,
    hint: HINT,
  });
  expect([fs.existsSync(outDir), partials()]).toEqual([false, []]);
});

test('over a previous bundle: refused, and DIR still holds the previous bundle, every file as it was', () => {
  const outDir = path.join(w.dir, 'out-again');
  bundleWith(null, 'again', outDir);
  const before = contents(outDir);
  expect(Object.keys(before).sort()).toEqual(['bin/again', 'gocondad-bundle.json', 'lib/libgcdanswer.so.1']);
  expect(spawnSync(path.join(outDir, 'bin', 'again'), { env: {}, encoding: 'utf8' }).stderr).toBe('42\n');
  const err = caught(() => bundleWith(`${keepingPatchelf}:${process.env.PATH}`, 'again', outDir));
  expect(err).toEqual({
    name: 'BundleError',
    message: `the bundle was not written to ${outDir}: the loader does not find libgcdanswer.so.1 in ${outDir}/lib (${INTERP()} --list ${outDir}/bin/again: libgcdanswer.so.1 => ${w.env}/lib/libgcdanswer.so.1)`,
    hint: HINT,
  });
  expect([contents(outDir), partials()]).toEqual([before, []]);
});
