// bundle.extra_libs in the env's pin file: parsed, and every wrong shape reported with the file.
import { parseBundleConfig } from '../../../src/bundle/config';

const F = '/env/etc/gocondad.yml';

test('extra_libs next to the pin’s own keys', () => {
  expect(parseBundleConfig('go: "1.22"\nbundle:\n  extra_libs: [libplug.so.1, libx-2.0.so]\n', F)).toEqual({
    config: { extraLibs: ['libplug.so.1', 'libx-2.0.so'] },
    problems: [],
  });
  expect(parseBundleConfig('go: "1.22"\n', F)).toEqual({ config: { extraLibs: [] }, problems: [] });
});

test('wrong shapes are reported and skipped, never thrown', () => {
  expect(parseBundleConfig('bundle: [libx.so]\n', F).problems).toEqual([
    { file: F, message: '`bundle` must be a mapping, e.g. `bundle: {extra_libs: [libfoo.so.1]}`' },
  ]);
  expect(parseBundleConfig('bundle:\n  extra_libs: libx.so\n', F).problems[0]!.message).toMatch(/must be a list of library file names/);
  const r = parseBundleConfig('bundle:\n  extra_libs: [../../etc/passwd, "lib$(x).so", libok.so]\n  extralibs: [x]\n', F);
  expect(r.config.extraLibs).toEqual(['libok.so']);
  expect(r.problems.map((p) => p.message)).toEqual([
    '`bundle.extra_libs`: "../../etc/passwd" is not a library file name (no directories, e.g. libfoo.so.1)',
    '`bundle.extra_libs`: "lib$(x).so" is not a library file name (no directories, e.g. libfoo.so.1)',
    'unknown key `bundle.extralibs` ignored (known: extra_libs)',
  ]);
  expect(parseBundleConfig('bundle: [\n', F).problems[0]!.message).toMatch(/^YAML error/);
});
