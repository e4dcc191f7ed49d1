// bundle.extra_libs in the env's pin file: parsed, and every wrong shape reported with the file and
// exact words, never thrown; the pin file read from the env (absent or unreadable: no config).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isLibName, loadBundleConfig, parseBundleConfig } from '../../../src/bundle/config';

const F = '/env/etc/gocondad.yml';
const MAPPING = '`bundle` must be a mapping, e.g. `bundle: {extra_libs: [libfoo.so.1]}`';
const LIST = '`bundle.extra_libs` must be a list of library file names, e.g. [libfoo.so.1]';
const notLib = (name: string) => `\`bundle.extra_libs\`: ${JSON.stringify(name)} is not a library file name (no directories, e.g. libfoo.so.1)`;

test('extra_libs next to the pin’s own keys', () => {
  expect(parseBundleConfig('go: "1.22"\nbundle:\n  extra_libs: [libplug.so.1, libx-2.0.so]\n', F)).toEqual({
    config: { extraLibs: ['libplug.so.1', 'libx-2.0.so'] },
    problems: [],
  });
  expect(parseBundleConfig('go: "1.22"\n', F)).toEqual({ config: { extraLibs: [] }, problems: [] });
});

test.each<[string, string, string[], string[]]>([
  ['no bundle key', 'go: "1.22"\n', [], []],
  ['an empty file', '', [], []],
  ['a file that is a list', '- bundle\n', [], []],
  ['a file that is a number', '3\n', [], []],
  ['a file that is null', 'null\n', [], []],
  ['bundle: null', 'bundle:\n', [], []],
  ['bundle: {}', 'bundle: {}\n', [], []],
  ['bundle a list', 'bundle: [libx.so]\n', [], [MAPPING]],
  ['bundle a string', 'bundle: libx.so\n', [], [MAPPING]],
  ['bundle a number', 'bundle: 3\n', [], [MAPPING]],
  ['bundle false', 'bundle: false\n', [], [MAPPING]],
  ['extra_libs empty', 'bundle: {extra_libs: []}\n', [], []],
  ['extra_libs a string', 'bundle:\n  extra_libs: libx.so\n', [], [LIST]],
  ['extra_libs null', 'bundle:\n  extra_libs:\n', [], [LIST]],
  ['extra_libs a mapping', 'bundle:\n  extra_libs: {libx.so: 1}\n', [], [LIST]],
  ['extra_libs with a number', 'bundle:\n  extra_libs: [libok.so, 2]\n', [], [LIST]],
  [
    'an unknown key beside',
    'bundle:\n  extralibs: [x]\n  extra_libs: [libok.so]\n',
    ['libok.so'],
    ['unknown key `bundle.extralibs` ignored (known: extra_libs)'],
  ],
  [
    'names that are no library file name',
    'bundle:\n  extra_libs: [../../etc/passwd, "lib$(x).so", libok.so, "lib x.so", "", /abs/lib.so]\n',
    ['libok.so'],
    [notLib('../../etc/passwd'), notLib('lib$(x).so'), notLib('lib x.so'), notLib(''), notLib('/abs/lib.so')],
  ],
])('%s', (_what, text, libs, messages) => {
  expect(parseBundleConfig(text, F)).toEqual({ config: { extraLibs: libs }, problems: messages.map((message) => ({ file: F, message })) });
});

test('a YAML error is a problem of the file, not a throw', () => {
  expect(parseBundleConfig('bundle: [\n', F)).toEqual({
    config: { extraLibs: [] },
    problems: [{ file: F, line: 1, message: 'YAML error: the [ that starts on this line is not closed with ] before line 2' }],
  });
});

test.each<[string, boolean]>([
  ['libfoo.so.1', true],
  ['libx+y-z_2.so', true],
  ['_lib.so', true],
  ['9lib.so', true],
  ['Lib.SO', true],
  ['a', true],
  ['.hidden.so', false],
  ['-lib.so', false],
  ['+lib.so', false],
  ['dir/lib.so', false],
  ['lib.so/', false],
  ['', false],
  ['lib x.so', false],
  ['lib*.so', false],
  ['libx.so\n', false],
  ['\nlibx.so', false],
  ['libé.so', false],
])('isLibName(%j) is %s', (name, ok) => expect(isLibName(name)).toBe(ok));

describe('loadBundleConfig', () => {
  let prefix: string;
  beforeEach(() => (prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-bcfg-'))));
  afterEach(() => fs.rmSync(prefix, { recursive: true, force: true, maxRetries: 5 }));

  it('the env’s etc/gocondad.yml, its problems naming it', () => {
    fs.mkdirSync(path.join(prefix, 'etc'));
    const pin = path.join(prefix, 'etc', 'gocondad.yml');
    fs.writeFileSync(pin, 'go: "1.22"\nbundle:\n  extra_libs: [libp.so, bad/name]\n');
    expect(loadBundleConfig(prefix)).toEqual({ config: { extraLibs: ['libp.so'] }, problems: [{ file: pin, message: notLib('bad/name') }] });
  });

  it('no pin file, or one that cannot be read (a directory): no config, no problem', () => {
    expect(loadBundleConfig(prefix)).toEqual({ config: { extraLibs: [] }, problems: [] });
    fs.mkdirSync(path.join(prefix, 'etc', 'gocondad.yml'), { recursive: true });
    expect(loadBundleConfig(prefix)).toEqual({ config: { extraLibs: [] }, problems: [] });
  });
});
