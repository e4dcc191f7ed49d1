import { DEFAULT_CONFIG, parsePinFile, parseUserConfig } from '../../../src/core/config';


describe('config: cgo and launchers', () => {
  test('user config keys', () => {
    const { config, problems } = parseUserConfig('cgo: off\nlaunchers: false\n', 'c.yml', '/h');
    expect(problems).toEqual([]);
    expect(config).toMatchObject({ cgo: 'off', launchers: false });
    expect(parseUserConfig('cgo: maybe\n', 'c.yml', '/h').problems[0]!.message).toMatch(/cgo/);
  });
  test('the pin file’s cgo', () => {
    expect(parsePinFile('go: "1.22"\ncgo: on\n', 'p').pin).toEqual({ go: '1.22', cgo: 'on' });
  });
});

describe('config files', () => {
  test('user config keys', () => {
    const { config, problems } = parseUserConfig('toolchains: [~/sdk]\ndefault: "1.22"\ngopath: shared\nmodcache: per-env\nsystem_toolchains: false\nauto_install: false\n', 'c.yml', '/h');
    expect(problems).toEqual([]);
    expect(config).toEqual({ toolchains: ['/h/sdk'], default: '1.22', gopath: { kind: 'shared' }, isolateModcache: true, systemToolchains: false, autoInstall: false, cgo: 'auto', launchers: true, goOffline: false });
  });
  test('malformed YAML is reported with file and line, defaults kept', () => {
    const { config, problems } = parseUserConfig('default: "1.22"\ntoolchains: [unclosed\n', 'c.yml', '/h');
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(problems[0]).toMatchObject({ file: 'c.yml', line: expect.any(Number) });
  });
  test('bad values and unknown keys are reported', () => {
    const { problems } = parseUserConfig('default: "nope"\ncolour: blue\n', 'c.yml', '/h');
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/not a Go version range/), expect.stringMatching(/unknown key/)]);
  });
  test('pin files', () => {
    expect(parsePinFile('go: "1.22"\n', 'p').pin).toEqual({ go: '1.22' });
    expect(parsePinFile('go: 1.22\n', 'p').pin).toEqual({ go: '1.22' });
    expect(parsePinFile('goroot: relative\n', 'p').problems).toHaveLength(1);
  });
});

test('go_offline: config.yml and pin keys, with problems for non-booleans', () => {
  expect(parseUserConfig('go_offline: true\n', 'c.yml', '/h').config.goOffline).toBe(true);
  expect(parseUserConfig('go_offline: yes please\n', 'c.yml', '/h').problems).toEqual([{ file: 'c.yml', message: '`go_offline` must be true or false' }]);
  expect(parsePinFile('go_offline: true\n', 'p.yml').pin.goOffline).toBe(true);
  expect(parsePinFile('go_offline: 1\n', 'p.yml').problems).toEqual([{ file: 'p.yml', message: '`go_offline` must be true or false' }]);
});
