// Discovery's parsing, on bytes and temp dirs: what conda would read, and what it would complain about.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { condarcSearchPath, discoverEnvs, expandCondaPath, parseEnvironmentsTxt, parseRc, rootOfExe } from '../../../src/core/discovery';

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
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

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
