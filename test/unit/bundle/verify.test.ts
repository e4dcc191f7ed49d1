// The bundle verified by the real loader (ld.so --list), not by the resolver that built it: run on real
// programs of this machine, whose libraries the loader maps from the system, never from a bundle dir.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readElfFile } from '../../../src/bundle/elf';
import { loaderVerdict, parseLoaderList, verifyWithLoader } from '../../../src/bundle/verify';

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
    expect(() => verifyWithLoader(LS, interp(), out, names)).toThrow(new RegExp(`^the loader does not find ${names[0]}.* in ${out}/lib \\(`));
    // Nothing claimed: nothing wrong; a name ls does not load is handed back for the resolver (a dlopen).
    expect(verifyWithLoader(LS, interp(), out, ['libplugin.so'])).toEqual(['libplugin.so']);
    expect(() => verifyWithLoader(LS, '/nonexistent/ld.so', out, [])).toThrow(/names the loader \/nonexistent\/ld\.so, which this machine does not have/);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
