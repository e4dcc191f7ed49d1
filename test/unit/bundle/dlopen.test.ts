// Noticing dlopen: the import, and env library names in the program's bytes that no DT_NEEDED loads.
import { findDlopen, libNamesIn } from '../../../src/bundle/dlopen';

test('library names are found in packed Go string data and in C strings', () => {
  const bytes = Buffer.concat([Buffer.from('\x00\x01fmtlibplug.so.1libfoo-2.0.so\x00/opt/libbar.so.12.3 glibc.so libnot.sox'), Buffer.from([0xff, 0xfe])]);
  expect(libNamesIn(bytes).sort()).toEqual(['libbar.so.12.3', 'libc.so', 'libfoo-2.0.so', 'libnot.so', 'libplug.so.1']);
});

test('only env libraries not already bundled are named; the dlopen import is seen with or without a version', () => {
  const r = findDlopen({
    imports: ['malloc', 'dlopen'],
    namesInBinary: ['libplug.so.1', 'libc.so.6', 'libgcd.so.1'],
    envLibNames: ['libplug.so.1', 'libgcd.so.1', 'libother.so'],
    bundled: ['libgcd.so.1'],
  });
  expect(r).toEqual({ callsDlopen: true, named: ['libplug.so.1'] });
  expect(findDlopen({ imports: ['puts'], namesInBinary: [], envLibNames: [], bundled: [] })).toEqual({ callsDlopen: false, named: [] });
});

test.each<[string, string[]]>([
  ['libz.so', ['libz.so']],
  ['libz.so.1.2.13', ['libz.so.1.2.13']],
  ['libz.so.1.x', ['libz.so.1']],
  ['libstdc++.so.6', ['libstdc++.so.6']],
  ['libgtk-3.so.0', ['libgtk-3.so.0']],
  ['libfoo.bar.baz.so.2', ['libfoo.bar.baz.so.2']],
  ['liba.so\x00libb.so.3', ['liba.so', 'libb.so.3']],
  ['libdup.so libdup.so', ['libdup.so']],
  ['lib.so', []],
  ['libx.s', []],
  ['libx.dylib', []],
  ['LIBX.so', []],
  ['xlibq.so', ['libq.so']],
  ['libq.so.', ['libq.so']],
])('libNamesIn(%j)', (text, names) => expect(libNamesIn(Buffer.from(text, 'latin1'))).toEqual(names));

test.each<[string[], boolean]>([
  [['dlopen'], true],
  [['dlopen@GLIBC_2.34'], true],
  [['dlmopen'], true],
  [['dlopenx'], false],
  [['xdlopen'], false],
  [['dlsym', 'dlclose'], false],
  [['dlmopen@GLIBC_2.3.4'], false],
  [[], false],
])('imports %j: calls dlopen is %s', (imports, calls) =>
  expect(findDlopen({ imports, namesInBinary: [], envLibNames: [], bundled: [] }).callsDlopen).toBe(calls),
);

test('named: env libraries in the binary, not bundled, sorted; names the env does not have are not named', () => {
  expect(
    findDlopen({
      imports: [],
      namesInBinary: ['libz.so.1', 'libb.so', 'liba.so', 'libsys.so.2', 'libdone.so'],
      envLibNames: ['liba.so', 'libb.so', 'libz.so.1', 'libdone.so', 'libunused.so'],
      bundled: ['libdone.so'],
    }),
  ).toEqual({ callsDlopen: false, named: ['liba.so', 'libb.so', 'libz.so.1'] });
});
