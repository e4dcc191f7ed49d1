// What `npm pack` ships, and that the tarball installs globally into an empty prefix and runs there
// (the README's install section describes exactly this). The tarball's dependencies come from the npm
// registry or the local npm cache.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO, requireReal, World } from '../helpers/world';

const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
let tmp: string;
let tarball: string;
let files: string[];

function npm(args: string[], cwd: string) {
  const r = spawnSync('npm', args, {
    cwd,
    encoding: 'utf8',
    timeout: 600000,
    env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' },
  });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

beforeAll(() => {
  requireReal();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-pack-'));
  // dist/ is built by `npm test`'s pretest; `npm pack` from a checkout builds it itself (prepack).
  const out = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], REPO));
  tarball = path.join(tmp, out[0].filename);
  files = out[0].files.map((f: { path: string }) => f.path).sort();
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 5 }));

test('the package holds the built JS, the shell templates, the plugin, the README, the docs it links to and the LICENSE, and nothing else', () => {
  expect(path.basename(tarball)).toBe(`gocondad-${pkg.version}.tgz`);
  const outside = files.filter(
    (f) => !/^dist\/.*\.js$/.test(f) && !/^shell\/[\w-]+\.sh$/.test(f) && !/^python-shim\/(pyproject\.toml|gocondad_conda\/\w+\.py)$/.test(f),
  );
  // The README links into docs/: those pages (and the JSON Schemas of --json) ship with it.
  const docs = fs
    .readdirSync(path.join(REPO, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`);
  const schemas = fs.readdirSync(path.join(REPO, 'docs', 'schemas')).map((f) => `docs/schemas/${f}`);
  expect(outside).toEqual(['LICENSE', 'README.md', ...[...docs, ...schemas].sort(), 'package.json']);
  // MIT, as package.json says, with its holder.
  expect(fs.readFileSync(path.join(REPO, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} the gocondad contributors\n/);
  expect(pkg.license).toBe('MIT');
  expect(files.filter((f) => /\.map$|\.ts$|__pycache__|\.pyc$|^test\/|^src\//.test(f))).toEqual([]);
  // Everything needed at run time: a module for every source file, both shell files, the plugin.
  const sources: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else sources.push(path.relative(path.join(REPO, 'src'), path.join(d, e.name)));
    }
  };
  walk(path.join(REPO, 'src'));
  // Written but not wired into any command yet: kept out of the package until it is (package.json "files").
  const unwired = ['bundle/macho.ts'];
  for (const s of sources) {
    if (unwired.includes(s)) expect(files).not.toContain(`dist/${s.replace(/\.ts$/, '.js')}`);
    else expect(files).toContain(`dist/${s.replace(/\.ts$/, '.js')}`);
  }
  for (const f of [
    'shell/gocondad.sh',
    'shell/foreign.sh',
    'python-shim/pyproject.toml',
    'python-shim/gocondad_conda/plugin.py',
    'python-shim/gocondad_conda/__init__.py',
  ])
    expect(files).toContain(f);
  expect(pkg.engines.node).toBe('>=20');
});

test('npm install -g of the tarball into an empty prefix gives a working gocondad: --version, setup --dry-run, doctor, shims', () => {
  const prefix = path.join(tmp, 'prefix');
  npm(['install', '-g', '--prefix', prefix, tarball], tmp);
  const bin = path.join(prefix, 'bin', 'gocondad');
  const installed = path.join(prefix, 'lib', 'node_modules', 'gocondad');
  const world = new World();
  try {
    const run = (args: string[]) =>
      spawnSync(bin, args, { env: { ...world.env, SHELL: '/bin/bash', CONDA_EXE: path.join(world.root, 'bin', 'conda') }, encoding: 'utf8', timeout: 60000 });
    const v = run(['--version']);
    expect(v.stdout.trim()).toBe(pkg.version);
    const env = world.makeEnv('packaged');
    const dry = run(['setup', '--dry-run']);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain(`  install  ${env}`);
    expect(dry.stdout).toContain('undo everything: gocondad uninstall');
    const doc = run(['doctor', '--json', env]);
    const report = JSON.parse(doc.stdout);
    expect(report).toMatchObject({ envs: [env], service: { installed: [] } });
    expect(report.findings.map((f: { kind: string }) => f.kind).sort()).toEqual(['missing-shims', 'stale-launchers']);
    // Shims written by the installed package run the installed CLI, not the checkout's.
    expect(run(['shims', 'install', env]).status).toBe(0);
    expect(fs.readFileSync(path.join(env, 'etc', 'conda', 'activate.d', 'zzz-gocondad.sh'), 'utf8')).toContain(
      path.join(fs.realpathSync(installed), 'dist', 'cli.js'),
    );
  } finally {
    world.cleanup();
  }
});
