// Discovery's parsing, on bytes and temp dirs: what conda would read, and what it would complain about.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  condarcSearchPath,
  discoverEnvs,
  envsDirsFromVars,
  expandCondaPath,
  parseEnvironmentsTxt,
  parseRc,
  problemKey,
  rootOfExe,
} from '../../../src/core/discovery';

describe('environments.txt', () => {
  test('CRLF, blank lines, comments and surrounding spaces are read as conda writes them', () => {
    const r = parseEnvironmentsTxt(Buffer.from('/a/envs/x\r\n\r\n  /a/envs/y  \n# note\n/a'), 'e.txt');
    expect(r.prefixes).toEqual(['/a/envs/x', '/a/envs/y', '/a']);
    expect(r.problems).toEqual([]);
  });
  test('garbage and relative lines are reported with their line number and skipped', () => {
    const r = parseEnvironmentsTxt(Buffer.from('/ok\nnot a path\n../rel\n'), 'e.txt');
    expect(r.prefixes).toEqual(['/ok']);
    expect(r.problems).toEqual([
      { file: 'e.txt', line: 2, message: expect.stringMatching(/not an absolute path/) },
      { file: 'e.txt', line: 3, message: expect.stringMatching(/not an absolute path/) },
    ]);
  });
  test('a line that is not UTF-8 is reported, not looked up mangled', () => {
    const bytes = Buffer.concat([Buffer.from('/ok\n/bad'), Buffer.from([0xff, 0xfe]), Buffer.from('\n/ok2\n')]);
    const r = parseEnvironmentsTxt(bytes, 'e.txt');
    expect(r.prefixes).toEqual(['/ok', '/ok2']);
    expect(r.problems).toEqual([{ file: 'e.txt', line: 2, message: 'line is not UTF-8; skipped' }]);
  });
  test('non-ASCII UTF-8 paths are fine', () => {
    expect(parseEnvironmentsTxt(Buffer.from('/home/zoë/envs/数据\n'), 'e').prefixes).toEqual(['/home/zoë/envs/数据']);
  });
});

describe('.condarc / .mambarc', () => {
  const env = { HOME: '/h', ROOTS: '/srv' };
  test('envs_dirs (and its alias envs_path) and root_prefix, with ~ and $VAR expanded', () => {
    const r = parseRc('envs_dirs:\n  - ~/my-envs\n  - ${ROOTS}/envs\nenvs_path: [$ROOTS/more]\nroot_prefix: ~/mm\n', 'rc', env, '/h');
    expect(r.problems).toEqual([]);
    expect(r.settings).toEqual({ envsDirs: ['/h/my-envs', '/srv/envs', '/srv/more'], rootPrefix: '/h/mm' });
  });
  test('malformed YAML is reported with file and line; nothing is taken from it', () => {
    const r = parseRc('channels:\n  - conda-forge\nenvs_dirs: [unclosed\n', '/x/.condarc', env, '/h');
    expect(r.settings).toEqual({ envsDirs: [], rootPrefix: null });
    expect(r.problems[0]).toMatchObject({ file: '/x/.condarc', line: expect.any(Number), message: expect.stringMatching(/YAML/) });
  });
  test('wrong shapes are reported, the rest is used', () => {
    const r = parseRc('envs_dirs: 3\nroot_prefix: relative/dir\n', 'rc', env, '/h');
    expect(r.settings).toEqual({ envsDirs: [], rootPrefix: null });
    expect(r.problems.map((p) => p.message)).toEqual([expect.stringMatching(/envs_dirs/), expect.stringMatching(/root_prefix/)]);
    expect(parseRc('- a\n- b\n', 'rc', env, '/h').problems[0]!.message).toMatch(/not a mapping/);
  });
  test('an empty file is fine', () => expect(parseRc('', 'rc', env, '/h')).toEqual({ settings: { envsDirs: [], rootPrefix: null }, problems: [] }));
  test('unknown variables stay as written', () => expect(expandCondaPath('$NOPE/x', {}, '/h')).toBe('$NOPE/x'));
  test('conda’s search path: system, roots, XDG, ~/.conda, ~/.condarc, $CONDA_PREFIX, $CONDARC, then mamba’s', () => {
    const list = condarcSearchPath({ CONDA_PREFIX: '/p', CONDARC: '/c/rc', MAMBA_ROOT_PREFIX: '/mm' }, '/h', ['/r']);
    const at = (f: string) => list.indexOf(f);
    for (const f of [
      '/etc/conda/.condarc',
      '/etc/conda/condarc.d',
      '/var/lib/conda/condarc',
      '/r/.condarc',
      '/h/.config/conda/condarc',
      '/h/.conda/.condarc',
      '/h/.condarc',
      '/p/.condarc',
      '/c/rc',
      '/h/.mambarc',
      '/mm/.mambarc',
    ]) {
      expect(at(f)).toBeGreaterThanOrEqual(0);
    }
    expect(at('/etc/conda/.condarc')).toBeLessThan(at('/r/.condarc'));
    expect(at('/r/.condarc')).toBeLessThan(at('/h/.condarc'));
    expect(at('/h/.condarc')).toBeLessThan(at('/p/.condarc'));
    expect(at('/p/.condarc')).toBeLessThan(at('/c/rc'));
  });
  test('an executable’s root', () => {
    expect(rootOfExe('/opt/mc/bin/conda')).toBe('/opt/mc');
    expect(rootOfExe('/opt/mc/condabin/conda')).toBe('/opt/mc');
    expect(rootOfExe('conda')).toBeNull();
  });
});

describe('discoverEnvs on real files', () => {
  let dir: string;
  let home: string;
  const mkEnv = (p: string) => {
    fs.mkdirSync(path.join(p, 'conda-meta'), { recursive: true });
    fs.writeFileSync(path.join(p, 'conda-meta', 'history'), '');
    return p;
  };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-disc-'));
    home = path.join(dir, 'home');
    fs.mkdirSync(home);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

  test('every source at once, each env once, named as conda names it', () => {
    const mc = mkEnv(path.join(home, 'miniforge3'));
    const a = mkEnv(path.join(mc, 'envs', 'a'));
    const mm = mkEnv(path.join(dir, 'mamba-root'));
    const b = mkEnv(path.join(mm, 'envs', 'b'));
    const c = mkEnv(path.join(dir, 'custom', 'c'));
    const d = mkEnv(path.join(dir, 'listed-d'));
    const e = mkEnv(path.join(dir, 'from-var', 'e'));
    fs.mkdirSync(path.join(mc, 'envs', 'not-an-env'));
    fs.mkdirSync(path.join(home, '.conda'));
    fs.writeFileSync(path.join(home, '.condarc'), `envs_dirs:\n  - ${path.join(dir, 'custom')}\n`);
    fs.writeFileSync(path.join(home, '.conda', 'environments.txt'), `${a}\r\n${d}\r\n${path.join(dir, 'gone')}\r\n`);
    const layout = discoverEnvs({ MAMBA_ROOT_PREFIX: mm, CONDA_ENVS_PATH: path.join(dir, 'from-var') }, home);
    expect(layout.roots.sort()).toEqual([mc, mm].sort());
    const byPrefix = Object.fromEntries(layout.envs.map((x) => [x.prefix, x.name]));
    expect(byPrefix).toEqual({ [mc]: expect.stringMatching(/^base/), [mm]: expect.stringMatching(/^base/), [a]: 'a', [b]: 'b', [c]: 'c', [d]: d, [e]: 'e' });
    expect(layout.problems).toEqual([
      { file: path.join(home, '.conda', 'environments.txt'), message: expect.stringMatching(/gone is listed but is not an env/) },
    ]);
  });

  test('a root_prefix named in ~/.mambarc is a root, and its own .condarc is read', () => {
    const root = mkEnv(path.join(dir, 'mroot'));
    const x = mkEnv(path.join(dir, 'elsewhere', 'x'));
    fs.writeFileSync(path.join(home, '.mambarc'), `root_prefix: ${root}\n`);
    fs.writeFileSync(path.join(root, '.condarc'), `envs_dirs: [${path.join(dir, 'elsewhere')}]\n`);
    const layout = discoverEnvs({}, home);
    expect(layout.roots).toEqual([root]);
    expect(layout.envs.map((e) => e.prefix).sort()).toEqual([root, x].sort());
  });

  test('CONDA_EXE names the root; a malformed .condarc is reported and discovery goes on', () => {
    const root = mkEnv(path.join(dir, 'conda'));
    const y = mkEnv(path.join(root, 'envs', 'y'));
    fs.writeFileSync(path.join(home, '.condarc'), 'envs_dirs: [oops\n');
    const layout = discoverEnvs({ CONDA_EXE: path.join(root, 'bin', 'conda') }, home);
    expect(layout.envs.map((e) => e.prefix).sort()).toEqual([root, y].sort());
    expect(layout.problems).toEqual([expect.objectContaining({ file: path.join(home, '.condarc'), line: expect.any(Number) })]);
  });

  test('nothing installed: no envs, no problems, no throw', () => {
    expect(discoverEnvs({}, home)).toMatchObject({ envs: [], problems: [] });
  });
});

describe('parsing, said exactly', () => {
  const env = { HOME: '/h', ROOTS: '/srv', B: 'bee' };
  const rc = (text: string) => parseRc(text, 'rc', env, '/h');
  test.each([
    ['a list of one string', 'envs_dirs: /one\n', ['/one'], null, []],
    ['paths normalized', 'envs_dirs: [/a/../b/, /c//d]\n', ['/b', '/c/d'], null, []],
    ['null keys are ignored', 'envs_dirs: null\nenvs_path: ~\nroot_prefix: null\n', [], null, []],
    ['envs_dirs not a list', 'envs_dirs: 3\n', [], null, ['`envs_dirs` must be a list of directories; ignored']],
    ['envs_path not all strings', 'envs_path: [/a, 1]\n', [], null, ['`envs_path` must be a list of directories; ignored']],
    [
      'a relative entry, the others kept',
      'envs_dirs: [rel/x, /abs]\nenvs_path: [./y]\n',
      ['/abs'],
      null,
      ['`envs_dirs` entry "rel/x" is not an absolute path; ignored', '`envs_path` entry "./y" is not an absolute path; ignored'],
    ],
    ['root_prefix relative', 'root_prefix: rel\n', [], null, ['`root_prefix` is not an absolute path; ignored']],
    ['root_prefix not a string', 'root_prefix: [/a]\n', [], null, ['`root_prefix` must be a path; ignored']],
    ['root_prefix normalized', 'root_prefix: /r/x/..\n', [], '/r', []],
    ['a scalar file', 'hello\n', [], null, ['not a mapping of settings; ignored (conda would refuse it too)']],
    ['a list file', '- a\n', [], null, ['not a mapping of settings; ignored (conda would refuse it too)']],
    ['a null file', '~\n', [], null, []],
  ] as const)('%s', (_name, text, envsDirs, rootPrefix, messages) => {
    const r = rc(text);
    expect(r.settings).toEqual({ envsDirs, rootPrefix });
    expect(r.problems).toEqual(messages.map((message) => ({ file: 'rc', message })));
  });

  test.each([
    ['${B}/x/$B', 'bee/x/bee'],
    ['$B$B', 'beebee'],
    ['${NOPE}/x', '${NOPE}/x'],
    ['~', '/h'],
    ['~/x', '/h/x'],
    ['~other/x', '~other/x'],
    ['/a~/x', '/a~/x'],
    ['$', '$'],
  ])('expandCondaPath(%j) = %j', (value, out) => expect(expandCondaPath(value, env, '/h')).toBe(out));

  test('environments.txt: the exact problem, the first 80 characters of a long line, a NUL, paths normalized', () => {
    const long = `rel/${'x'.repeat(100)}`;
    const r = parseEnvironmentsTxt(Buffer.from(`/a//b/\n${long}\n/with\0nul\n\n/c/../d\r\n`), 'e.txt');
    expect(r).toEqual({
      prefixes: ['/a/b', '/d'],
      problems: [
        { file: 'e.txt', line: 2, message: `${JSON.stringify(long.slice(0, 80))} is not an absolute path; skipped` },
        { file: 'e.txt', line: 3, message: '"/with\\u0000nul" is not an absolute path; skipped' },
      ],
    });
    // A line of only "\r", a "\r" inside a line (kept), and no newline at the end.
    expect(parseEnvironmentsTxt(Buffer.from('\r\n/x\ry\n/z'), 'e').prefixes).toEqual(['/x\ry', '/z']);
    expect(parseEnvironmentsTxt(Buffer.alloc(0), 'e')).toEqual({ prefixes: [], problems: [] });
  });

  test('CONDA_ENVS_DIRS then CONDA_ENVS_PATH, split on ":", empty and relative parts dropped', () => {
    expect(envsDirsFromVars({ CONDA_ENVS_PATH: '/p1::rel:/p2/', CONDA_ENVS_DIRS: '/d1' })).toEqual(['/d1', '/p1', '/p2']);
    expect(envsDirsFromVars({})).toEqual([]);
  });

  test('rootOfExe: only an absolute path', () => {
    expect(rootOfExe(undefined)).toBeNull();
    expect(rootOfExe('')).toBeNull();
    expect(rootOfExe('bin/conda')).toBeNull();
  });

  test('the whole search path, in order, once each', () => {
    const trio = (d: string) => [`${d}/.condarc`, `${d}/condarc`, `${d}/condarc.d`];
    expect(condarcSearchPath({}, '/h', [])).toEqual([
      ...trio('/etc/conda'),
      ...trio('/var/lib/conda'),
      ...trio('/h/.config/conda'),
      ...trio('/h/.conda'),
      '/h/.condarc',
      '/h/.mambarc',
    ]);
    expect(
      condarcSearchPath({ XDG_CONFIG_HOME: '/x', CONDA_PREFIX: '/r1', CONDARC: '/c/rc', MAMBA_ROOT_PREFIX: '/mm', MAMBARC: '/m/rc' }, '/h', ['/r1', '/r2']),
    ).toEqual([
      ...trio('/etc/conda'),
      ...trio('/var/lib/conda'),
      ...trio('/r1'),
      ...trio('/r2'),
      ...trio('/x/conda'),
      ...trio('/h/.config/conda'),
      ...trio('/h/.conda'),
      '/h/.condarc',
      // CONDA_PREFIX is /r1, already there: once.
      '/c/rc',
      '/h/.mambarc',
      '/mm/.mambarc',
      '/m/rc',
    ]);
    // XDG_CONFIG_HOME at ~/.config: that dir once; an empty XDG_CONFIG_HOME is ~/.config.
    expect(condarcSearchPath({ XDG_CONFIG_HOME: '/h/.config' }, '/h', [])).toEqual(condarcSearchPath({}, '/h', []));
    expect(condarcSearchPath({ XDG_CONFIG_HOME: '' }, '/h', [])).toEqual(condarcSearchPath({}, '/h', []));
  });
});

describe('discoverEnvs, said exactly', () => {
  let dir: string;
  let home: string;
  const mkEnv = (p: string) => {
    fs.mkdirSync(path.join(p, 'conda-meta'), { recursive: true });
    fs.writeFileSync(path.join(p, 'conda-meta', 'history'), '');
    return p;
  };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-disc2-'));
    home = path.join(dir, 'home');
    fs.mkdirSync(home);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

  test('one root: base; the layout it read, each list in order', () => {
    const root = mkEnv(path.join(dir, 'conda'));
    const x = mkEnv(path.join(root, 'envs', 'x'));
    const layout = discoverEnvs({ CONDA_ROOT: root, MAMBA_ROOT_PREFIX: 'relative/ignored' }, home);
    const trio = (d: string) => [`${d}/.condarc`, `${d}/condarc`, `${d}/condarc.d`];
    expect(layout).toEqual({
      roots: [root],
      envsDirs: [path.join(root, 'envs'), path.join(home, '.conda', 'envs')],
      rcCandidates: [
        ...trio('/etc/conda'),
        ...trio('/var/lib/conda'),
        ...trio(`${home}/.config/conda`),
        ...trio(`${home}/.conda`),
        `${home}/.condarc`,
        `${home}/.mambarc`,
        // MAMBA_ROOT_PREFIX is read for .mambarc whatever it holds.
        'relative/ignored/.mambarc',
        ...trio(root),
      ],
      initFiles: ['.bashrc', '.bash_profile', '.zshrc', '.profile', '.config/fish/config.fish', '.xonshrc'].map((f) => path.join(home, f)),
      envLists: [path.join(home, '.conda', 'environments.txt')],
      envs: [
        { prefix: root, name: 'base', foundVia: 'root' },
        { prefix: x, name: 'x', foundVia: `envs dir ${path.join(root, 'envs')}` },
      ],
      problems: [],
    });
  });

  test('two roots: each base says which; a micromamba root with only envs/ is a root but no env', () => {
    const a = mkEnv(path.join(home, 'miniconda3'));
    const mm = path.join(dir, 'mm');
    const y = mkEnv(path.join(mm, 'envs', 'y'));
    fs.writeFileSync(path.join(home, '.bashrc'), `# >>> mamba initialize >>>\nexport MAMBA_ROOT_PREFIX='${mm}';\n# <<< mamba initialize <<<\n`);
    const layout = discoverEnvs({}, home);
    expect(layout.roots).toEqual([mm, a]);
    expect(layout.envs).toEqual([
      { prefix: a, name: `base (${a})`, foundVia: 'root' },
      { prefix: y, name: 'y', foundVia: `envs dir ${path.join(mm, 'envs')}` },
    ]);
  });

  test('a usual root folder that holds neither conda-meta/ nor envs/ (empty, or only pkgs/ left) is no root', () => {
    const real = mkEnv(path.join(home, 'miniconda3'));
    fs.mkdirSync(path.join(home, 'miniforge3'));
    fs.mkdirSync(path.join(home, 'anaconda3', 'pkgs'), { recursive: true });
    const layout = discoverEnvs({}, home);
    expect([layout.roots, layout.envsDirs]).toEqual([[real], [path.join(real, 'envs'), path.join(home, '.conda', 'envs')]]);
  });

  test('environments.txt adds what no other source found, named by its path; each env once, the first source wins', () => {
    const root = mkEnv(path.join(dir, 'conda'));
    const inDir = mkEnv(path.join(root, 'envs', 'in-dir'));
    const loose = mkEnv(path.join(dir, 'loose', 'env'));
    const inOtherDir = mkEnv(path.join(home, '.conda', 'envs', 'mine'));
    fs.writeFileSync(path.join(home, '.conda', 'environments.txt'), [root, inDir, loose, inOtherDir, loose].join('\n'));
    const layout = discoverEnvs({ CONDA_EXE: path.join(root, 'condabin', 'conda') }, home);
    expect(layout.envs).toEqual([
      { prefix: root, name: 'base', foundVia: 'root' },
      { prefix: inDir, name: 'in-dir', foundVia: `envs dir ${path.join(root, 'envs')}` },
      { prefix: inOtherDir, name: 'mine', foundVia: `envs dir ${path.join(home, '.conda', 'envs')}` },
      { prefix: loose, name: loose, foundVia: 'environments.txt' },
    ]);
  });

  test('condarc.d: its *.yml and *.yaml files in name order; an rc file that cannot be read is a problem', () => {
    const d1 = mkEnv(path.join(dir, 'd1', 'e1'));
    const d2 = mkEnv(path.join(dir, 'd2', 'e2'));
    const d3 = mkEnv(path.join(dir, 'd3', 'e3'));
    const rcd = path.join(home, '.conda', 'condarc.d');
    fs.mkdirSync(rcd, { recursive: true });
    fs.writeFileSync(path.join(rcd, 'b.yaml'), `envs_dirs: [${path.join(dir, 'd2')}]\n`);
    fs.writeFileSync(path.join(rcd, 'a.yml'), `envs_dirs: [${path.join(dir, 'd1')}]\n`);
    fs.writeFileSync(path.join(rcd, 'c.txt'), `envs_dirs: [${path.join(dir, 'd3')}]\n`);
    fs.writeFileSync(path.join(rcd, 'x.yml.bak'), `envs_dirs: [${path.join(dir, 'd3')}]\n`);
    fs.symlinkSync(path.join(home, '.condarc'), path.join(home, '.condarc')); // a loop: ELOOP
    const layout = discoverEnvs({}, home);
    expect(layout.envsDirs).toEqual([path.join(dir, 'd1'), path.join(dir, 'd2'), path.join(home, '.conda', 'envs')]);
    expect(layout.envs.map((e) => e.prefix)).toEqual([d1, d2]);
    expect(layout.envs.map((e) => e.prefix)).not.toContain(d3);
    expect(layout.problems).toEqual([{ file: path.join(home, '.condarc'), message: 'too many levels of symbolic links' }]);
  });

  test('a listed prefix that is no env is reported exactly; a history that is a directory makes no env', () => {
    const fake = path.join(dir, 'fake');
    fs.mkdirSync(path.join(fake, 'conda-meta', 'history'), { recursive: true });
    fs.mkdirSync(path.join(home, '.conda'));
    fs.writeFileSync(path.join(home, '.conda', 'environments.txt'), `${fake}\nrel\n`);
    expect(discoverEnvs({}, home)).toMatchObject({
      envs: [],
      problems: [
        { file: path.join(home, '.conda', 'environments.txt'), line: 2, message: '"rel" is not an absolute path; skipped' },
        {
          file: path.join(home, '.conda', 'environments.txt'),
          message: `${fake} is listed but is not an env (no conda-meta/history): removed without conda, or not created yet`,
        },
      ],
    });
  });
});

describe('discoverEnvs: roots named twice, rc paths that are no files', () => {
  let dir: string;
  let home: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-disc3-'));
    home = path.join(dir, 'home');
    fs.mkdirSync(home);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

  test('one root named by CONDA_ROOT, CONDA_EXE and MAMBA_ROOT_PREFIX (spelt differently) is one root, base', () => {
    const root = path.join(dir, 'conda');
    fs.mkdirSync(path.join(root, 'conda-meta'), { recursive: true });
    fs.writeFileSync(path.join(root, 'conda-meta', 'history'), '');
    const layout = discoverEnvs({ CONDA_ROOT: `${root}/`, CONDA_EXE: path.join(root, 'bin', 'conda'), MAMBA_ROOT_PREFIX: path.join(root, 'x', '..') }, home);
    expect(layout.roots).toEqual([root]);
    expect(layout.envs).toEqual([{ prefix: root, name: 'base', foundVia: 'root' }]);
  });

  test('an rc path under a file (ENOTDIR), a *.yml that is a directory (EISDIR), a ~/.condarc that is a directory: no problem', () => {
    const file = path.join(dir, 'a-file');
    fs.writeFileSync(file, '');
    const rcd = path.join(home, '.conda', 'condarc.d');
    fs.mkdirSync(path.join(rcd, 'sub.yml'), { recursive: true });
    // A ~/.condarc directory is read like a condarc.d.
    const envs = path.join(dir, 'envs-from-dir-rc');
    fs.mkdirSync(path.join(home, '.condarc'));
    fs.writeFileSync(path.join(home, '.condarc', 'x.yaml'), `envs_dirs: [${envs}]\n`);
    const layout = discoverEnvs({ CONDA_PREFIX: file, CONDARC: path.join(file, 'rc') }, home);
    expect(layout.problems).toEqual([]);
    expect(layout.envsDirs).toEqual([envs, path.join(home, '.conda', 'envs')]);
  });
});

test('problemKey: file, line and message, NUL-separated; no line is empty', () => {
  expect(problemKey({ file: '/f', line: 3, message: 'm' })).toBe('/f\x003\x00m');
  expect(problemKey({ file: '/f', message: 'm' })).toBe('/f\x00\x00m');
  expect(problemKey({ file: '/f', line: 0, message: 'm' })).toBe('/f\x000\x00m');
});

describe('discoverEnvs reads listings in JavaScript order', () => {
  // libuv hands readdir's names over sorted by their UTF-8 bytes; JavaScript's sort orders UTF-16 code
  // units. They disagree on a character above U+FFFF against one in U+E000–U+FFFF: "a😀" < "a｡" here.
  const NAMES = ['b', 'a\uFF61', 'a\u{1F600}', 'a'];
  const ORDER = ['a', 'a\u{1F600}', 'a\uFF61', 'b'];
  let dir: string;
  let home: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-disc4-'));
    home = path.join(dir, 'home');
    fs.mkdirSync(home);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

  test('the envs of an envs dir, and the files of a condarc.d', () => {
    const root = path.join(dir, 'conda');
    fs.mkdirSync(path.join(root, 'conda-meta'), { recursive: true });
    fs.writeFileSync(path.join(root, 'conda-meta', 'history'), '');
    for (const n of NAMES) {
      fs.mkdirSync(path.join(root, 'envs', n, 'conda-meta'), { recursive: true });
      fs.writeFileSync(path.join(root, 'envs', n, 'conda-meta', 'history'), '');
    }
    const rcd = path.join(home, '.conda', 'condarc.d');
    fs.mkdirSync(rcd, { recursive: true });
    for (const n of NAMES) fs.writeFileSync(path.join(rcd, `${n}.yml`), `envs_dirs: [${path.join(dir, `d-${n}`)}]\n`);
    const layout = discoverEnvs({ CONDA_ROOT: root }, home);
    expect(layout.envs.map((e) => e.name)).toEqual(['base', ...ORDER]);
    expect(layout.envsDirs.slice(0, 4)).toEqual(ORDER.map((n) => path.join(dir, `d-${n}`)));
  });
});

describe('rc files a user cannot read (the tests run as root, who reads everything: the failure is injected)', () => {
  let dir: string;
  let home: string;
  // The calls discovery.ts makes, on the module object it imports (so the spy reaches it).
  const realFs = require('node:fs') as typeof fs;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-disc4-'));
    home = path.join(dir, 'home');
    fs.mkdirSync(path.join(home, '.conda', 'condarc.d'), { recursive: true });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  test('a condarc.d it cannot list is a problem (it may hold settings), not a silent nothing', () => {
    const rcd = path.join(home, '.conda', 'condarc.d');
    fs.writeFileSync(path.join(rcd, 'a.yml'), `envs_dirs: [${path.join(dir, 'hidden')}]\n`);
    const readdir = realFs.readdirSync;
    jest.spyOn(realFs, 'readdirSync').mockImplementation(((p: fs.PathLike, o?: unknown) => {
      if (p === rcd)
        throw Object.assign(new Error(`EACCES: permission denied, scandir '${rcd}'`), { code: 'EACCES', syscall: 'scandir', path: rcd, errno: -13 });
      return readdir(p, o as undefined);
    }) as typeof fs.readdirSync);
    const layout = discoverEnvs({}, home);
    expect(layout.problems).toEqual([{ file: rcd, message: 'you cannot read it (permission denied)' }]);
    expect(layout.envsDirs).toEqual([path.join(home, '.conda', 'envs')]);
  });

  test('an rc file that fails with no system error (one past the longest string Node makes) says the error', () => {
    const rc = path.join(home, '.condarc');
    fs.writeFileSync(rc, 'envs_dirs: []\n');
    const readFile = realFs.readFileSync;
    jest.spyOn(realFs, 'readFileSync').mockImplementation(((p: fs.PathOrFileDescriptor, o?: unknown) => {
      if (p === rc) throw Object.assign(new Error('Cannot create a string longer than 0x1fffffe8 characters'), { code: 'ERR_STRING_TOO_LONG' });
      return readFile(p, o as undefined);
    }) as typeof fs.readFileSync);
    expect(discoverEnvs({}, home).problems).toEqual([{ file: rc, message: 'cannot read: Cannot create a string longer than 0x1fffffe8 characters' }]);
  });
});
