import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import {
  DEFAULT_CONFIG,
  loadPinFile,
  loadUserConfig,
  MAX_CONFIG_BYTES,
  parsePinFile,
  parseUserConfig,
  pinFilePath,
  untrustedReason,
} from '../../../src/core/config';
import { fuzzRuns } from '../../helpers/fuzz';

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
    const { config, problems } = parseUserConfig(
      'toolchains: [~/sdk]\ndefault: "1.22"\ngopath: shared\nmodcache: per-env\nsystem_toolchains: false\nauto_install: false\n',
      'c.yml',
      '/h',
    );
    expect(problems).toEqual([]);
    expect(config).toEqual({
      toolchains: ['/h/sdk'],
      default: '1.22',
      gopath: { kind: 'shared' },
      isolateModcache: true,
      systemToolchains: false,
      autoInstall: false,
      cgo: 'auto',
      launchers: true,
      goOffline: false,
    });
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
  test('a pin that cannot be parsed is marked unreadable, with file and line (not an empty pin that pins nothing)', () => {
    const { pin, problems } = parsePinFile('go: ">=1.21 <1.23\n', 'p.yml');
    expect(problems).toHaveLength(1);
    expect(pin).toEqual({ unreadable: expect.stringMatching(/^p\.yml:\d+: YAML error/) });
    expect(parsePinFile('- go\n', 'p.yml').pin.unreadable).toMatch(/not a mapping/);
    expect(parsePinFile('', 'p.yml').pin).toEqual({});
  });
});

test('go_offline: config.yml and pin keys, with problems for non-booleans', () => {
  expect(parseUserConfig('go_offline: true\n', 'c.yml', '/h').config.goOffline).toBe(true);
  expect(parseUserConfig('go_offline: yes please\n', 'c.yml', '/h').problems).toEqual([{ file: 'c.yml', message: '`go_offline` must be true or false' }]);
  expect(parsePinFile('go_offline: true\n', 'p.yml').pin.goOffline).toBe(true);
  expect(parsePinFile('go_offline: 1\n', 'p.yml').problems).toEqual([{ file: 'p.yml', message: '`go_offline` must be true or false' }]);
});

describe("trust (direnv's rule): never evaluate what another user could have written", () => {
  const owner = { uid: 1000, label: "the env's owner" };
  test.each([
    ['the owner, 0644', 1000, 0o100644, null],
    ['root, 0644', 0, 0o100644, null],
    ['the owner, 0600', 1000, 0o100600, null],
    ['group-writable', 1000, 0o100664, /writable by its group \(mode 0664\).*chmod go-w/],
    ['world-writable', 0, 0o100646, /writable by others/],
    ['group and world', 1000, 0o100666, /writable by group and others/],
    ['another user', 1001, 0o100644, /owned by uid 1001, not by the env's owner \(uid 1000\) or root/],
  ])('%s', (_n, uid, mode, expected) => {
    const why = untrustedReason({ uid, mode }, owner);
    if (expected === null) expect(why).toBeNull();
    else expect(why).toMatch(expected);
  });
});

describe('loading pin and config files from disk', () => {
  let dir: string;
  let prefix: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-config-'));
    prefix = path.join(dir, 'env');
    fs.mkdirSync(path.join(prefix, 'etc'), { recursive: true });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

  test('a trusted pin is read', () => {
    fs.writeFileSync(pinFilePath(prefix), 'go: "1.22"\n', { mode: 0o644 });
    expect(loadPinFile(prefix)).toEqual({ pin: { go: '1.22' }, problems: [] });
  });
  test('a group-writable pin is ignored with the reason', () => {
    fs.writeFileSync(pinFilePath(prefix), 'go: "1.22"\n');
    fs.chmodSync(pinFilePath(prefix), 0o664);
    const r = loadPinFile(prefix);
    expect(r.pin).toBeNull();
    expect(r.problems).toEqual([{ file: pinFilePath(prefix), message: expect.stringMatching(/writable by its group/) }]);
  });
  test("a pin owned by someone other than the env's owner or root is ignored (needs root to chown)", () => {
    if (process.getuid?.() !== 0) throw new Error('this test must run as root (or with sudo): it chowns files to another user');
    fs.writeFileSync(pinFilePath(prefix), 'go: "1.22"\n', { mode: 0o644 });
    fs.chownSync(pinFilePath(prefix), 65534, 65534);
    expect(loadPinFile(prefix).problems[0]!.message).toMatch(/owned by uid 65534, not by the env's owner \(uid 0\)/);
    // The env's owner may be another user: then that user's pin is trusted, and root's too.
    fs.chownSync(prefix, 65534, 65534);
    expect(loadPinFile(prefix).pin).toEqual({ go: '1.22' });
    fs.chownSync(pinFilePath(prefix), 0, 0);
    expect(loadPinFile(prefix).pin).toEqual({ go: '1.22' });
  });
  test('a FIFO in place of a pin or config file does not block; a huge file is not read', () => {
    execFileSync('mkfifo', [pinFilePath(prefix)]);
    expect(loadPinFile(prefix).problems[0]!.message).toMatch(/not a regular file/);
    // There but not readable as a pin: an unsatisfiable pin (it may exclude what would be chosen), not none.
    expect(loadPinFile(prefix).pin).toEqual({ unreadable: `${pinFilePath(prefix)}: is not a regular file (a FIFO, device or directory?); not read` });
    fs.rmSync(pinFilePath(prefix));
    fs.writeFileSync(pinFilePath(prefix), `# ${'x'.repeat(MAX_CONFIG_BYTES)}\ngo: "1.19"\n`, { mode: 0o644 });
    expect(loadPinFile(prefix).pin).toEqual({ unreadable: expect.stringMatching(/: is \d+ bytes, over the limit of 65536; not read$/) });
    const config = path.join(dir, 'config.yml');
    fs.writeFileSync(config, `# ${'x'.repeat(MAX_CONFIG_BYTES)}\n`);
    const r = loadUserConfig(config, dir);
    expect(r.config).toEqual(DEFAULT_CONFIG);
    expect(r.problems[0]!.message).toMatch(/over the limit of 65536/);
  });
  test('a world-writable user config is ignored', () => {
    const config = path.join(dir, 'config.yml');
    fs.writeFileSync(config, 'auto_install: false\n');
    fs.chmodSync(config, 0o666);
    const r = loadUserConfig(config, dir);
    expect(r.config.autoInstall).toBe(true);
    expect(r.problems[0]!.message).toMatch(/writable by group and others/);
  });
});

describe('fuzz: config and pin parsers never throw and always name the file', () => {
  // YAML-ish text: mostly keys the parsers know, with values of every type, plus raw noise.
  const key = fc.constantFrom('go', 'goroot', 'cgo', 'toolchains', 'default', 'gopath', 'modcache', 'auto_install', 'launchers', 'system_toolchains', 'x');
  const value = fc.oneof(
    fc.string(),
    fc.integer().map(String),
    fc.constantFrom(
      'true',
      'off',
      'null',
      '&a [1, 2]',
      '*a',
      '[*a, *a, *a, *a]',
      '&b [*b]',
      '{a: 1}',
      '"1.22"',
      '>=1.21 <1.23',
      '/abs',
      '~/x',
      '*anchor',
      '&a b',
      '!!binary x',
      '[',
      '{',
      '"',
    ),
  );
  const yamlish = fc.oneof(
    fc.array(fc.tuple(key, value), { maxLength: 12 }).map((kv) => kv.map(([k, v]) => `${k}: ${v}`).join('\n')),
    fc.string({ unit: 'binary', maxLength: 400 }),
    fc.array(fc.string(), { maxLength: 5 }).map((xs) => `- ${xs.join('\n- ')}`),
  );
  test('parseUserConfig and parsePinFile', () => {
    fc.assert(
      fc.property(yamlish, (text) => {
        const u = parseUserConfig(text, 'c.yml', '/h');
        const p = parsePinFile(text, 'p.yml');
        for (const prob of [...u.problems, ...p.problems]) expect(['c.yml', 'p.yml']).toContain(prob.file);
        // Whatever got through has the declared types.
        expect(Array.isArray(u.config.toolchains) && u.config.toolchains.every((t) => typeof t === 'string')).toBe(true);
        expect(['auto', 'on', 'off']).toContain(u.config.cgo);
        if (p.pin.goroot !== undefined) expect(p.pin.goroot.startsWith('/')).toBe(true);
        if (p.pin.go !== undefined) expect(typeof p.pin.go).toBe('string');
      }),
      { numRuns: fuzzRuns(300) },
    );
  });
});

test('an alias bomb ("billion laughs") and an alias to no anchor are problems, not crashes', () => {
  let bomb = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 10; i++)
    bomb += `a${i}: &a${i} [${Array(10)
      .fill(`*a${i - 1}`)
      .join(', ')}]\n`;
  expect(parseUserConfig(bomb, 'c.yml', '/h').problems[0]!.message).toMatch(/YAML error: Excessive alias count/);
  expect(parsePinFile('go: *nowhere\n', 'p.yml').problems[0]!.message).toMatch(/YAML error/);
  // A list that holds itself (found by the daemon fuzzing: it overflowed the stack in the YAML cache).
  expect(parsePinFile('goroot: &a [*a]\n', 'p.yml').problems[0]!.message).toMatch(/goroot/);
  expect(parseUserConfig('toolchains: &a [*a]\n', 'c.yml', '/h').problems[0]!.message).toMatch(/toolchains/);
});

describe('every key of config.yml, each kind of value, read exactly', () => {
  test.each([
    // [yaml, the fields it sets, the problems it reports]
    ["toolchains: ['~', ~/sdk, ~x/y, /abs, rel]", { toolchains: ['/h', '/h/sdk', '~x/y', '/abs', 'rel'] }, []],
    ['toolchains: /one', {}, ['`toolchains` must be a list of directories']],
    ['toolchains: [/a, 1]', {}, ['`toolchains` must be a list of directories']],
    ['default: "1.22"', { default: '1.22' }, []],
    ['default: 1.21', { default: '1.21' }, []],
    ['default: null', {}, []],
    ['default: nope', {}, ['`default: nope` is not a Go version range (try "1.22" or ">=1.21 <1.23")']],
    ['default: [1.22]', {}, ['`default` must be a version range such as "1.22"']],
    ['default: true', {}, ['`default` must be a version range such as "1.22"']],
    ['system_toolchains: false', { systemToolchains: false }, []],
    ['system_toolchains: "no"', {}, ['`system_toolchains` must be true or false']],
    ['gopath: per-env', { gopath: { kind: 'per-env' } }, []],
    ['gopath: shared', { gopath: { kind: 'shared' } }, []],
    ['gopath: ~/go-envs/{name}', { gopath: { kind: 'template', template: '/h/go-envs/{name}' } }, []],
    ['gopath: /g/{prefix}', { gopath: { kind: 'template', template: '/g/{prefix}' } }, []],
    ['gopath: /plain', {}, ['`gopath` must be per-env, shared, or a template with {prefix} or {name}']],
    ['gopath: 3', {}, ['`gopath` must be per-env, shared, or a template with {prefix} or {name}']],
    ['modcache: per-env', { isolateModcache: true }, []],
    ['modcache: shared', { isolateModcache: false }, []],
    ['modcache: none', {}, ['`modcache` must be shared or per-env']],
    ['auto_install: false', { autoInstall: false }, []],
    ['auto_install: 0', {}, ['`auto_install` must be true or false']],
    ['cgo: on', { cgo: 'on' }, []],
    ['cgo: off', { cgo: 'off' }, []],
    ['cgo: true', { cgo: 'on' }, []],
    ['cgo: false', { cgo: 'off' }, []],
    ['cgo: auto', { cgo: 'auto' }, []],
    ['cgo: 1', {}, ['`cgo` must be auto, on or off']],
    ['launchers: false', { launchers: false }, []],
    ['launchers: off', {}, ['`launchers` must be true or false']],
    ['go_offline: true', { goOffline: true }, []],
    [
      'default: nope\ncolour: x\ncgo: maybe',
      {},
      ['`default: nope` is not a Go version range (try "1.22" or ">=1.21 <1.23")', 'unknown key `colour` ignored', '`cgo` must be auto, on or off'],
    ],
    ['- a list', {}, ['expected a mapping of keys (toolchains, default, gopath, ...); file ignored']],
    ['just words', {}, ['expected a mapping of keys (toolchains, default, gopath, ...); file ignored']],
    ['~', {}, []],
  ] as const)('%j', (text, fields, messages) => {
    expect(parseUserConfig(`${text}\n`, 'c.yml', '/h')).toEqual({
      config: { ...DEFAULT_CONFIG, ...fields },
      problems: messages.map((message) => ({ file: 'c.yml', message })),
    });
  });
});

describe('every key of a pin file, read exactly', () => {
  test.each([
    ['go: "1.22"', { go: '1.22' }, []],
    ['go: banana', { go: 'banana' }, ['`go: banana` is not a Go version range']],
    ['goroot: /usr/lib/go-1.22', { goroot: '/usr/lib/go-1.22' }, []],
    ['goroot: relative', {}, ['`goroot` must be an absolute path']],
    ['goroot: 5', {}, ['`goroot` must be an absolute path']],
    ['cgo: false', { cgo: 'off' }, []],
    ['cgo: sometimes', {}, ['`cgo` must be auto, on or off']],
    ['go_offline: false', { goOffline: false }, []],
    // The table's order, whatever the file's.
    [
      'goroot: rel\ncgo: x\ngo: banana',
      { go: 'banana' },
      ['`go: banana` is not a Go version range', '`cgo` must be auto, on or off', '`goroot` must be an absolute path'],
    ],
    ['other: 1', {}, []],
    ['~', {}, []],
  ] as const)('%j', (text, pin, messages) => {
    expect(parsePinFile(`${text}\n`, 'p.yml')).toEqual({ pin, problems: messages.map((message) => ({ file: 'p.yml', message })) });
  });

  test('not a mapping, and YAML that does not parse: unreadable, saying where', () => {
    expect(parsePinFile('- go\n', 'p.yml')).toEqual({
      pin: { unreadable: 'p.yml: not a mapping (expected `go: "<range>"`, `goroot: <path>` or `cgo: auto|on|off`)' },
      problems: [{ file: 'p.yml', message: 'expected `go: "<range>"`, `goroot: <path>` or `cgo: auto|on|off`' }],
    });
    expect(parsePinFile('a: 1\n\tb: 2\n', 'p.yml')).toEqual({
      pin: { unreadable: 'p.yml:2: YAML error: Tabs are not allowed as indentation (column 1)' },
      problems: [{ file: 'p.yml', line: 2, message: 'YAML error: Tabs are not allowed as indentation (column 1)' }],
    });
    // An error with no line (an alias to no anchor): the file alone.
    expect(parsePinFile('go: *nowhere\n', 'p.yml').pin.unreadable).toMatch(/^p\.yml: YAML error: /);
  });

  test('untrustedReason, each sentence whole', () => {
    const owner = { uid: 1000, label: 'you' };
    expect(untrustedReason({ uid: 1000, mode: 0o100620 }, owner)).toBe(
      'writable by its group (mode 0620), so another user could have written it; ignored — run `chmod go-w` on it',
    );
    expect(untrustedReason({ uid: 1000, mode: 0o40602 }, owner)).toBe(
      'writable by others (mode 0602), so another user could have written it; ignored — run `chmod go-w` on it',
    );
    expect(untrustedReason({ uid: 1000, mode: 0o104777 }, owner)).toBe(
      'writable by group and others (mode 0777), so another user could have written it; ignored — run `chmod go-w` on it',
    );
    expect(untrustedReason({ uid: 7, mode: 0o100644 }, owner)).toBe('owned by uid 7, not by you (uid 1000) or root; ignored — chown it to you, or remove it');
    expect(untrustedReason({ uid: 0, mode: 0o100755 }, owner)).toBeNull();
  });
});

describe('loading from disk: what is there, what is not', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-config2-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

  test('no prefix at all, and a prefix with no pin: no pin, no problem', () => {
    expect(loadPinFile(path.join(dir, 'absent'))).toEqual({ pin: null, problems: [] });
    expect(loadPinFile(dir)).toEqual({ pin: null, problems: [] });
    expect(pinFilePath('/e')).toBe('/e/etc/gocondad.yml');
  });

  test('no config file: the defaults, no problem; one that is there: read', () => {
    expect(loadUserConfig(path.join(dir, 'config.yml'), '/h')).toEqual({ config: DEFAULT_CONFIG, problems: [] });
    fs.writeFileSync(path.join(dir, 'config.yml'), 'toolchains: [~/sdk]\n', { mode: 0o600 });
    expect(loadUserConfig(path.join(dir, 'config.yml'), '/h')).toEqual({ config: { ...DEFAULT_CONFIG, toolchains: ['/h/sdk'] }, problems: [] });
  });

  test('an untrusted pin says why, whole; a directory in its place is unreadable', () => {
    fs.mkdirSync(path.join(dir, 'etc'));
    fs.writeFileSync(pinFilePath(dir), 'go: "1.22"\n');
    fs.chmodSync(pinFilePath(dir), 0o646);
    expect(loadPinFile(dir)).toEqual({
      pin: null,
      problems: [
        {
          file: pinFilePath(dir),
          message: 'writable by others (mode 0646), so another user could have written it; ignored — run `chmod go-w` on it',
        },
      ],
    });
    fs.rmSync(pinFilePath(dir));
    fs.mkdirSync(pinFilePath(dir));
    expect(loadPinFile(dir)).toEqual({
      pin: { unreadable: `${pinFilePath(dir)}: is not a regular file (a FIFO, device or directory?); not read` },
      problems: [
        { file: pinFilePath(dir), message: 'is not a regular file (a FIFO, device or directory?); not read; nothing is applied until it can be read' },
      ],
    });
    const config = path.join(dir, 'cfgdir');
    fs.mkdirSync(config);
    expect(loadUserConfig(config, '/h')).toEqual({
      config: DEFAULT_CONFIG,
      problems: [{ file: config, message: 'is not a regular file (a FIFO, device or directory?); not read; ignored' }],
    });
  });
});

test('a config file owned by another user: not yours, said so (needs root to chown)', () => {
  if (process.getuid?.() !== 0) throw new Error('this test must run as root (or with sudo): it chowns a file to another user');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-config3-'));
  try {
    const config = path.join(dir, 'config.yml');
    fs.writeFileSync(config, 'auto_install: false\n', { mode: 0o644 });
    fs.chownSync(config, 65534, 65534);
    expect(loadUserConfig(config, '/h')).toEqual({
      config: DEFAULT_CONFIG,
      problems: [{ file: config, message: 'owned by uid 65534, not by you (uid 0) or root; ignored — chown it to you, or remove it' }],
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  }
});

test('where the platform has no process.getuid (Windows), you are uid 0 (needs root to chown)', () => {
  if (process.getuid?.() !== 0) throw new Error('this test must run as root (or with sudo): it chowns a file to another user');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-config4-'));
  const getuid = process.getuid;
  try {
    const config = path.join(dir, 'config.yml');
    fs.writeFileSync(config, 'auto_install: false\n', { mode: 0o644 });
    fs.chownSync(config, 65534, 65534);
    (process as { getuid?: unknown }).getuid = undefined;
    expect(loadUserConfig(config, '/h').problems).toEqual([
      { file: config, message: 'owned by uid 65534, not by you (uid 0) or root; ignored — chown it to you, or remove it' },
    ]);
  } finally {
    process.getuid = getuid;
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  }
});

describe('a file that is only null, and a bad value, leave nothing behind', () => {
  test('"~" (YAML null) is an empty file: the defaults, no problem', () => {
    expect(parseUserConfig('~\n', 'c', '/h')).toEqual({ config: { ...DEFAULT_CONFIG, toolchains: [] }, problems: [] });
    expect(parsePinFile('null\n', 'p')).toEqual({ pin: {}, problems: [] });
  });
  test('a pin key whose value is refused is absent from the pin, not present as undefined', () => {
    const r = parsePinFile('go: "1.22"\ncgo: maybe\n', 'p');
    expect([Object.keys(r.pin), r.problems]).toEqual([['go'], [{ file: 'p', message: '`cgo` must be auto, on or off' }]]);
  });
});

describe('a YAML error is the only problem said', () => {
  // parseYaml gives no value for a text it cannot read: that is no "expected a mapping" problem besides.
  test('config.yml: the YAML error alone, the defaults', () => {
    expect(parseUserConfig('default: "1.22"\ntoolchains: [unclosed\n', 'c.yml', '/h')).toEqual({
      config: { ...DEFAULT_CONFIG, toolchains: [] },
      problems: [{ file: 'c.yml', line: 2, message: 'YAML error: the [ that starts on this line is not closed with ] before line 3' }],
    });
  });
});
