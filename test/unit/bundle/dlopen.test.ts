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
