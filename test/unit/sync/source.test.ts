// Which conda side sync judges: -p, --file, then what the project dir holds, then the active env.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SyncInputError } from '../../../src/sync/errors';
import { hostSubdir, readCondaSide } from '../../../src/sync/source';

const FIX = path.join(__dirname, '..', '..', 'fixtures', 'sync');

test('hostSubdir', () => {
  expect(hostSubdir('linux', 'x64')).toBe('linux-64');
  expect(hostSubdir('linux', 'arm64')).toBe('linux-aarch64');
  expect(hostSubdir('darwin', 'arm64')).toBe('osx-arm64');
  expect(hostSubdir('win32', 'x64')).toBe('win-64');
});

test('precedence: pixi.lock, conda-lock.yml, environment.yml, then $CONDA_PREFIX; --file and -p first', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-source-'));
  try {
    const env = path.join(dir, 'env');
    fs.mkdirSync(path.join(env, 'conda-meta'), { recursive: true });
    const opts = { dir, platform: 'linux-64' };
    expect(() => readCondaSide(opts, {})).toThrow(SyncInputError);
    expect(readCondaSide(opts, { CONDA_PREFIX: env }).kind).toBe('prefix');
    fs.writeFileSync(path.join(dir, 'environment.yml'), 'dependencies:\n  - go\n');
    expect(readCondaSide(opts, { CONDA_PREFIX: env }).kind).toBe('environment.yml');
    fs.copyFileSync(path.join(FIX, 'conda-lock.yml'), path.join(dir, 'conda-lock.yml'));
    expect(readCondaSide(opts, {}).kind).toBe('conda-lock');
    fs.copyFileSync(path.join(FIX, 'pixi-v7.lock'), path.join(dir, 'pixi.lock'));
    expect(readCondaSide(opts, {}).kind).toBe('pixi');
    expect(readCondaSide({ ...opts, file: path.join(dir, 'environment.yml') }, {}).kind).toBe('environment.yml');
    expect(readCondaSide({ ...opts, file: path.join(dir, 'conda-lock.yml') }, {}).kind).toBe('conda-lock');
    expect(readCondaSide({ ...opts, prefix: env }, {}).kind).toBe('prefix');
    expect(() => readCondaSide({ ...opts, file: 'nope.yml' }, {})).toThrow(/nope\.yml: no such file or directory$/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  }
});

test('--file is a path from the current directory, not from DIR', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-source-'));
  const cwd = process.cwd();
  try {
    // DIR is the Go module (mod/), the env file sits beside it in envs/: the layout that a DIR-relative --file broke
    fs.mkdirSync(path.join(dir, 'mod'));
    fs.mkdirSync(path.join(dir, 'envs'));
    fs.writeFileSync(path.join(dir, 'envs', 'dev.yml'), 'dependencies:\n  - go 1.22.*\n');
    process.chdir(dir);
    const side = readCondaSide({ dir: path.join(dir, 'mod'), file: 'envs/dev.yml', platform: 'linux-64' }, {});
    expect(side.file).toBe(path.join(dir, 'envs', 'dev.yml'));
    expect(side.packages.get('go')?.spec).toBe('1.22.*');
    // and one that exists only under DIR is not found from elsewhere
    fs.writeFileSync(path.join(dir, 'mod', 'only-in-dir.yml'), 'dependencies:\n  - go\n');
    expect(() => readCondaSide({ dir: path.join(dir, 'mod'), file: 'only-in-dir.yml', platform: 'linux-64' }, {})).toThrow(
      new RegExp(`${dir}/only-in-dir\\.yml: no such file or directory$`),
    );
  } finally {
    process.chdir(cwd);
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  }
});

test('explicit files: told by their @EXPLICIT line whatever their name; conda-<platform>.lock is found', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-source-'));
  try {
    const text = '# platform: linux-64\n@EXPLICIT\nhttps://conda.anaconda.org/conda-forge/linux-64/go-1.22.5-h1_0.conda#0123\n';
    for (const name of ['explicit.txt', 'spec-file.txt', 'env.lock']) {
      fs.writeFileSync(path.join(dir, name), text);
      const side = readCondaSide({ dir, file: path.join(dir, name), platform: 'linux-64' }, {});
      expect([name, side.kind, side.packages.get('go')?.version]).toEqual([name, 'explicit', '1.22.5']);
    }
    fs.writeFileSync(path.join(dir, 'conda-linux-64.lock'), text);
    expect(readCondaSide({ dir, platform: 'linux-64' }, {}).kind).toBe('explicit');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  }
});

test('pixi with a pyproject.toml manifest: specs and lines from [tool.pixi.dependencies]', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-source-'));
  try {
    fs.copyFileSync(path.join(FIX, 'pixi-v6.lock'), path.join(dir, 'pixi.lock'));
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[project]\nname = "app"\n\n[tool.pixi.dependencies]\nlibgit2 = ">=1.5"\n');
    const side = readCondaSide({ dir, platform: 'linux-64' }, {});
    expect(side.packages.get('libgit2')).toMatchObject({ spec: '>=1.5', version: '1.9.0', file: path.join(dir, 'pyproject.toml'), line: 5 });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  }
});

test('a <name>.conda-lock.yml is found when it is the only one; several must be chosen with --file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-source-'));
  try {
    fs.writeFileSync(path.join(dir, 'environment.yml'), 'dependencies:\n  - go\n');
    fs.copyFileSync(path.join(FIX, 'conda-lock.yml'), path.join(dir, 'linux.conda-lock.yml'));
    const side = readCondaSide({ dir, platform: 'linux-64' }, {});
    expect([side.kind, side.file, side.regenerate]).toEqual([
      'conda-lock',
      path.join(dir, 'linux.conda-lock.yml'),
      expect.stringMatching(/--lockfile linux\.conda-lock\.yml$/),
    ]);
    fs.copyFileSync(path.join(FIX, 'conda-lock.yml'), path.join(dir, 'osx.conda-lock.yml'));
    expect(() => readCondaSide({ dir, platform: 'linux-64' }, {})).toThrow(/several conda-lock files here \(linux\.conda-lock\.yml, osx\.conda-lock\.yml\)/);
    expect(readCondaSide({ dir, platform: 'linux-64', file: path.join(dir, 'osx.conda-lock.yml') }, {}).file).toBe(path.join(dir, 'osx.conda-lock.yml'));
    // not asked when a file before it in the order is there
    fs.copyFileSync(path.join(FIX, 'conda-lock.yml'), path.join(dir, 'conda-lock.yml'));
    expect(readCondaSide({ dir, platform: 'linux-64' }, {}).file).toBe(path.join(dir, 'conda-lock.yml'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  }
});

test('an empty file (0 bytes, blank, or only comments) of every kind is "empty", with the command that writes it', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-source-'));
  try {
    const opts = { dir, platform: 'linux-64' };
    const said = (name: string, text: string) => {
      fs.writeFileSync(path.join(dir, name), text);
      try {
        readCondaSide({ ...opts, file: path.join(dir, name) }, {});
      } catch (err) {
        return [(err as SyncInputError).message, (err as SyncInputError).hint, (err as SyncInputError).exitCode];
      }
      return null;
    };
    for (const text of ['', '\n\n', '# to do\n  # later\n'])
      expect(said('environment.yml', text)).toEqual([
        `${path.join(dir, 'environment.yml')}: it is empty`,
        "list the env's packages under `dependencies:` (conda env export --from-history > environment.yml)",
        2,
      ]);
    expect(said('conda-lock.yml', '')?.[1]).toMatch(/^write it again with conda-lock/);
    expect(said('conda-linux-64.lock', '# @EXPLICIT to come\n')?.[1]).toMatch(/^write it again with conda-lock/);
    expect(said('pixi.lock', '')?.[1]).toBe('write it with `pixi init` and `pixi lock`');
    // One line of content is not empty: judged as what it is.
    expect(said('environment.yml', '# deps\ndependencies: [go]\n')).toBeNull();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  }
});

// Issue 21 §1: each platform name, each kind of file by name and content, each refusal in words.
test.each<[string, string, string]>([
  ['linux', 'x64', 'linux-64'],
  ['linux', 'arm64', 'linux-aarch64'],
  ['linux', 'ppc64', 'linux-ppc64le'],
  ['linux', 's390x', 'linux-s390x'],
  ['darwin', 'x64', 'osx-64'],
  ['darwin', 'arm64', 'osx-arm64'],
  ['win32', 'arm64', 'win-arm64'],
  ['freebsd', 'x64', 'freebsd-64'],
])('hostSubdir(%s, %s) = %s', (platform, arch, want) => {
  expect(hostSubdir(platform, arch)).toBe(want);
});

describe('readCondaSide: kinds and refusals', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-source2-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));
  const said = (f: () => unknown) => {
    try {
      f();
    } catch (err) {
      if (err instanceof SyncInputError) return [err.message, err.hint];
      throw err;
    }
    return null;
  };

  test('nothing here and no active env', () => {
    expect(said(() => readCondaSide({ dir, platform: 'linux-64' }, {}))).toStrictEqual([
      `${dir}: no conda side found (no pixi.lock, conda-lock.yml or environment.yml here, and no active env)`,
      'pass --file FILE or -p PREFIX, or activate the env',
    ]);
  });

  test('pixi: the manifest without a lock; pixi.toml as --file; a pyproject.toml without pixi tables gives no specs', () => {
    fs.copyFileSync(path.join(FIX, 'pixi.toml'), path.join(dir, 'pixi.toml'));
    expect(said(() => readCondaSide({ dir, platform: 'linux-64', file: path.join(dir, 'pixi.toml') }, {}))).toStrictEqual([
      `${path.join(dir, 'pixi.lock')}: pixi.toml has no pixi.lock beside it`,
      'run `pixi lock`',
    ]);
    fs.copyFileSync(path.join(FIX, 'pixi-v6.lock'), path.join(dir, 'pixi.lock'));
    const side = readCondaSide({ dir, platform: 'linux-64', file: path.join(dir, 'pixi.toml') }, {});
    expect([side.kind, side.file, side.packages.get('libgit2')?.spec, side.packages.get('libgit2')?.file]).toStrictEqual([
      'pixi',
      path.join(dir, 'pixi.lock'),
      '>=1.5',
      path.join(dir, 'pixi.toml'),
    ]);
    fs.rmSync(path.join(dir, 'pixi.toml'));
    // not pixi's: a `[tool.pixi]` only inside a comment, and TOML pixi's reader would refuse (a key twice) — never parsed
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[project]\nname = "app"\nname = "twice"\n# [tool.pixi] is not here\n');
    const bare = readCondaSide({ dir, platform: 'linux-64' }, {});
    expect([bare.kind, bare.packages.get('libgit2')?.spec, bare.packages.get('libgit2')?.file]).toStrictEqual(['pixi', null, path.join(dir, 'pixi.lock')]);
  });

  test('a file by name: *lock*.yml is a conda-lock, an @EXPLICIT file is explicit whatever its name; a directory is said as one', () => {
    fs.copyFileSync(path.join(FIX, 'conda-lock.yml'), path.join(dir, 'dev-lock.yaml'));
    expect(readCondaSide({ dir, platform: 'linux-64', file: path.join(dir, 'dev-lock.yaml') }, {}).kind).toBe('conda-lock');
    fs.mkdirSync(path.join(dir, 'environment.yml'));
    expect(said(() => readCondaSide({ dir, platform: 'linux-64', file: path.join(dir, 'environment.yml') }, {}))).toStrictEqual([
      `${path.join(dir, 'environment.yml')}: it is a directory, not a file`,
      'name a file',
    ]);
  });

  test('an empty lock or explicit file says the command that writes it', () => {
    for (const name of ['conda-lock.yml', 'my.lock'])
      expect(
        said(() => (fs.writeFileSync(path.join(dir, name), ''), readCondaSide({ dir, platform: 'linux-64', file: path.join(dir, name) }, {}))),
      ).toStrictEqual([`${path.join(dir, name)}: it is empty`, 'write it again with conda-lock (conda-lock -f environment.yml) or `conda list --explicit`']);
    fs.writeFileSync(path.join(dir, 'pixi.toml'), '');
    expect(said(() => readCondaSide({ dir, platform: 'linux-64', file: path.join(dir, 'pixi.toml') }, {}))?.[1]).toBe(
      'write it with `pixi init` and `pixi lock`',
    );
  });
});

test('a project dir that does not exist: nothing found there, the active env is judged', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-source3-'));
  try {
    fs.mkdirSync(path.join(dir, 'env', 'conda-meta'), { recursive: true });
    const side = readCondaSide({ dir: path.join(dir, 'gone'), platform: 'linux-64' }, { CONDA_PREFIX: path.join(dir, 'env') });
    expect([side.kind, side.file]).toStrictEqual(['prefix', path.join(dir, 'env')]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  }
});

// Issue 21 §1, second pass: the survivors Stryker left in source.ts.
describe('readCondaSide: names at their edges, a pixi env by name, every refusal whole', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-source4-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));
  const at = (name: string) => path.join(dir, name);
  const said = (f: () => unknown) => {
    try {
      f();
    } catch (err) {
      if (err instanceof SyncInputError) return [err.message, err.hint];
      throw err;
    }
    return null;
  };
  const whole = (side: ReturnType<typeof readCondaSide>) => ({ ...side, packages: Object.fromEntries(side.packages) });
  const goUrl = (dist: string) => `https://conda.anaconda.org/conda-forge/linux-64/${dist}.conda`;
  const EXPLICIT = `# platform: linux-64\n@EXPLICIT\n${goUrl('go-1.22.5-h00e7f8e_0')}#0123456789abcdef0123456789abcdef\n`;

  test('--pixi-env dev: the lock’s dev packages and the dev feature’s spec, not the default env’s', () => {
    fs.writeFileSync(
      at('pixi.toml'),
      [
        '[workspace]',
        'name = "app"',
        'channels = ["conda-forge"]',
        'platforms = ["linux-64"]',
        '',
        '[dependencies]',
        'go = "1.22.*"',
        '',
        '[feature.dev.dependencies]',
        'go = "1.23.*"',
        '',
        '[environments]',
        'dev = ["dev"]',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(
      at('pixi.lock'),
      [
        'version: 6',
        'environments:',
        '  default:',
        '    channels:',
        '    - url: https://conda.anaconda.org/conda-forge/',
        '    packages:',
        '      linux-64:',
        `      - conda: ${goUrl('go-1.22.5-h00e7f8e_0')}`,
        '  dev:',
        '    channels:',
        '    - url: https://conda.anaconda.org/conda-forge/',
        '    packages:',
        '      linux-64:',
        `      - conda: ${goUrl('go-1.23.1-h7a2f1f7_0')}`,
        'packages:',
        `- conda: ${goUrl('go-1.22.5-h00e7f8e_0')}`,
        '  md5: 0b1c2d3e4f5a69788796a5b4c3d2e1f0',
        `- conda: ${goUrl('go-1.23.1-h7a2f1f7_0')}`,
        '  md5: 1c2d3e4f5a69788796a5b4c3d2e1f0a1',
        '',
      ].join('\n'),
    );
    const side = (pixiEnv: string | undefined) => whole(readCondaSide({ dir, platform: 'linux-64', pixiEnv }, {}));
    const pixi = (go: object) => ({ kind: 'pixi', file: at('pixi.lock'), goflags: null, regenerate: 'pixi lock', packages: { go } });
    expect(side('dev')).toStrictEqual(pixi({ name: 'go', spec: '1.23.*', version: '1.23.1', build: 'h7a2f1f7_0', file: at('pixi.toml'), line: 10 }));
    expect(side(undefined)).toStrictEqual(pixi({ name: 'go', spec: '1.22.*', version: '1.22.5', build: 'h00e7f8e_0', file: at('pixi.toml'), line: 7 }));
  });

  test('pyproject.toml as --file is pixi’s manifest: the lock beside it, the spec and line from [tool.pixi.dependencies]', () => {
    fs.copyFileSync(path.join(FIX, 'pixi-v6.lock'), at('pixi.lock'));
    fs.writeFileSync(at('pyproject.toml'), '[project]\nname = "app"\n\n[tool.pixi.dependencies]\ngo = "1.22.*"\n');
    const side = readCondaSide({ dir, platform: 'linux-64', file: at('pyproject.toml') }, {});
    expect([side.kind, side.file, side.packages.get('go')]).toStrictEqual([
      'pixi',
      at('pixi.lock'),
      { name: 'go', spec: '1.22.*', version: '1.22.5', build: 'h00e7f8e_0', file: at('pyproject.toml'), line: 5 },
    ]);
  });

  test('an empty pyproject.toml beside a pixi.lock is no manifest, not an empty-file refusal: the lock alone is judged', () => {
    fs.copyFileSync(path.join(FIX, 'pixi-v6.lock'), at('pixi.lock'));
    fs.writeFileSync(at('pyproject.toml'), '');
    const side = readCondaSide({ dir, platform: 'linux-64' }, {});
    expect([side.kind, side.packages.get('go')]).toStrictEqual([
      'pixi',
      { name: 'go', spec: null, version: '1.22.5', build: 'h00e7f8e_0', file: at('pixi.lock'), line: 15 },
    ]);
  });

  test('a name with "lock" and ".yml" not at its end (env.yml.lock) is no conda-lock file: its @EXPLICIT line says explicit', () => {
    fs.writeFileSync(at('env.yml.lock'), EXPLICIT);
    const side = readCondaSide({ dir, platform: 'linux-64', file: at('env.yml.lock') }, {});
    expect([side.kind, side.packages.get('go')?.version]).toStrictEqual(['explicit', '1.22.5']);
  });

  test('environment.yaml is found when it is the only file', () => {
    fs.writeFileSync(at('environment.yaml'), 'dependencies:\n  - go 1.22.*\n');
    expect(whole(readCondaSide({ dir, platform: 'linux-64' }, {}))).toStrictEqual({
      kind: 'environment.yml',
      file: at('environment.yaml'),
      goflags: null,
      regenerate: null,
      packages: { go: { name: 'go', spec: '1.22.*', version: null, build: null, file: at('environment.yaml'), line: 2 } },
    });
  });

  test('an editor’s copy of a named conda-lock file (linux.conda-lock.yml.orig) is not one: environment.yml is judged', () => {
    fs.copyFileSync(path.join(FIX, 'conda-lock.yml'), at('linux.conda-lock.yml.orig'));
    fs.writeFileSync(at('environment.yml'), 'dependencies:\n  - go\n');
    const side = readCondaSide({ dir, platform: 'linux-64' }, {});
    expect([side.kind, side.file]).toStrictEqual(['environment.yml', at('environment.yml')]);
  });

  test('several named conda-lock files: listed sorted by UTF-16 code unit (not in readdir’s byte order), with what to pass', () => {
    // readdir gives "env-ｚ" (U+FF5A, UTF-8 EF BD 9A) before "env-😀" (F0 9F 98 80); by UTF-16 code unit 😀 (D83D) is first
    for (const n of ['env-ｚ.conda-lock.yml', 'env-😀.conda-lock.yml']) fs.copyFileSync(path.join(FIX, 'conda-lock.yml'), at(n));
    expect(fs.readdirSync(dir)).toStrictEqual(['env-ｚ.conda-lock.yml', 'env-😀.conda-lock.yml']);
    expect(said(() => readCondaSide({ dir, platform: 'linux-64' }, {}))).toStrictEqual([
      `${dir}: several conda-lock files here (env-😀.conda-lock.yml, env-ｚ.conda-lock.yml)`,
      'pass --file with the one to judge',
    ]);
  });

  test('a --file name too long for the file system: said in words, with "check the path" (systemError gives no hint for it)', () => {
    const long = at(`${'e'.repeat(300)}.yml`);
    expect(said(() => readCondaSide({ dir, platform: 'linux-64', file: long }, {}))).toStrictEqual([`${long}: cannot read: name too long`, 'check the path']);
  });
});
