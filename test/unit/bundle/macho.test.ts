// macOS pieces with synthetic data (no Mach-O toolchain here): load commands read from bytes laid out as
// <mach-o/loader.h> defines them, dyld's @rpath/@loader_path/@executable_path search, and the fix steps.
import { LC, machoFixSteps, parseMachO, resolveMachO, type MachOInfo } from '../../../src/bundle/macho';

function machO(cmds: { cmd: number; str: string }[]): Buffer {
  const bodies = cmds.map(({ cmd, str }) => {
    const strOff = cmd === LC.RPATH ? 12 : 24; // rpath_command vs dylib_command
    const size = Math.ceil((strOff + Buffer.byteLength(str) + 1) / 8) * 8;
    const b = Buffer.alloc(size);
    b.writeUInt32LE(cmd, 0);
    b.writeUInt32LE(size, 4);
    b.writeUInt32LE(strOff, 8);
    b.write(str, strOff);
    return b;
  });
  const header = Buffer.alloc(32);
  header.writeUInt32LE(0xfeedfacf, 0);
  header.writeUInt32LE(0x0100000c, 4); // CPU_TYPE_ARM64
  header.writeUInt32LE(bodies.length, 16);
  header.writeUInt32LE(
    bodies.reduce((n, b) => n + b.length, 0),
    20,
  );
  return Buffer.concat([header, ...bodies]);
}

test('load commands: id, dependencies (weak and re-exported too), rpaths', () => {
  const buf = machO([
    { cmd: LC.ID_DYLIB, str: '@rpath/libfoo.1.dylib' },
    { cmd: LC.LOAD_DYLIB, str: '/usr/lib/libSystem.B.dylib' },
    { cmd: LC.LOAD_WEAK_DYLIB, str: '@loader_path/libweak.dylib' },
    { cmd: LC.REEXPORT_DYLIB, str: '@rpath/libre.dylib' },
    { cmd: LC.RPATH, str: '@loader_path/../lib' },
    { cmd: 0x19, str: 'a segment, ignored' },
  ]);
  expect(parseMachO(buf)).toEqual({
    id: '@rpath/libfoo.1.dylib',
    deps: ['/usr/lib/libSystem.B.dylib', '@loader_path/libweak.dylib', '@rpath/libre.dylib'],
    rpaths: ['@loader_path/../lib'],
  });
  expect(() => parseMachO(Buffer.from('\xca\xfe\xba\xbe universal', 'latin1'))).toThrow(/lipo -thin/);
  expect(() => parseMachO(buf.subarray(0, 60))).toThrow(/bad load command size|truncated/);
});

const info = (deps: string[], rpaths: string[] = [], id: string | null = null): MachOInfo => ({ id, deps, rpaths });

test('dyld search: @rpath through the rpaths of the loading chain (they accumulate), @loader_path, @executable_path, system', () => {
  const files: Record<string, MachOInfo> = {
    '/env/lib/libtop.dylib': info(['@rpath/libbase.dylib', '@loader_path/plugins/libp.dylib', '/usr/lib/libc++.1.dylib'], [], '@rpath/libtop.dylib'),
    '/env/lib/libbase.dylib': info(['@executable_path/../share/libexe.dylib'], [], '@rpath/libbase.dylib'),
    '/env/lib/plugins/libp.dylib': info([]),
    '/env/share/libexe.dylib': info([]),
  };
  const r = resolveMachO({
    executable: {
      file: '/env/bin/app',
      info: info(['@rpath/libtop.dylib', '/usr/lib/libSystem.B.dylib', '@rpath/libgone.dylib'], ['/nowhere', '@loader_path/../lib']),
    },
    inspect: (f) => files[f] ?? null,
    envPrefix: '/env',
  });
  expect(r.libs.map((l) => [l.installName, l.file, l.kind])).toEqual([
    ['@rpath/libtop.dylib', '/env/lib/libtop.dylib', 'env'],
    ['/usr/lib/libSystem.B.dylib', '/usr/lib/libSystem.B.dylib', 'system'],
    ['@rpath/libbase.dylib', '/env/lib/libbase.dylib', 'env'], // libtop has no LC_RPATH: the executable's serve it
    ['@loader_path/plugins/libp.dylib', '/env/lib/plugins/libp.dylib', 'env'],
    ['/usr/lib/libc++.1.dylib', '/usr/lib/libc++.1.dylib', 'system'],
    ['@executable_path/../share/libexe.dylib', '/env/share/libexe.dylib', 'env'],
  ]);
  expect(r.missing).toEqual([{ installName: '@rpath/libgone.dylib', neededBy: '/env/bin/app', tried: ['/nowhere/libgone.dylib', '/env/lib/libgone.dylib'] }]);
});

test('fix steps: @rpath ids, absolute env names rewritten, env rpaths dropped, @loader_path rpaths added once, all re-signed', () => {
  const programInfo = info(['/env/lib/libabs.dylib', '@rpath/librel.dylib'], ['/env/lib']);
  const steps = machoFixSteps({
    program: '/out/bin/app',
    outDir: '/out',
    envPrefix: '/env',
    programInfo,
    libs: [
      {
        installName: '/env/lib/libabs.dylib',
        file: '/env/lib/libabs.dylib',
        copy: '/out/lib/libabs.dylib',
        info: info(['@rpath/librel.dylib'], ['@loader_path'], '/env/lib/libabs.dylib'),
      },
      {
        installName: '@rpath/librel.dylib',
        file: '/env/lib/librel.dylib',
        copy: '/out/lib/librel.dylib',
        info: info([], ['@loader_path/../lib'], '@rpath/librel.dylib'),
      },
    ],
  });
  expect(steps).toEqual([
    [
      'install_name_tool',
      '-change',
      '/env/lib/libabs.dylib',
      '@rpath/libabs.dylib',
      '-delete_rpath',
      '/env/lib',
      '-add_rpath',
      '@loader_path/../lib',
      '/out/bin/app',
    ],
    ['install_name_tool', '-id', '@rpath/libabs.dylib', '/out/lib/libabs.dylib'],
    ['install_name_tool', '-id', '@rpath/librel.dylib', '-add_rpath', '@loader_path', '/out/lib/librel.dylib'],
    ['codesign', '--force', '--sign', '-', '/out/bin/app'],
    ['codesign', '--force', '--sign', '-', '/out/lib/libabs.dylib'],
    ['codesign', '--force', '--sign', '-', '/out/lib/librel.dylib'],
  ]);
});
