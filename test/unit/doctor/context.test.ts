// src/doctor/context.ts: the context every check reads once, and paths in fix commands as shell words that
// a real sh reads back unchanged.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findingsOf, loadContext, shellWord } from '../../../src/doctor/context';
import { resolveLocations } from '../../../src/paths';

test('plain paths stay bare; anything a shell would read differently is quoted and read back unchanged by dash', () => {
  expect(shellWord('/home/u/miniforge3/envs/go-1.22')).toBe('/home/u/miniforge3/envs/go-1.22');
  expect(shellWord('user@host:/a,b=c+d%e')).toBe('user@host:/a,b=c+d%e');
  for (const p of ['/a b', "/it's", '/$(touch x)', '/`id`', '/a\nb', '/tëst', '/a;b', '/*', '']) {
    const word = shellWord(p);
    expect(word).not.toBe(p);
    const r = spawnSync('dash', ['-c', `printf %s ${word}`], { encoding: 'utf8' });
    if (r.error) throw new Error(`dash is missing: run bash scripts/ensure-test-deps (apt-get install dash)`);
    expect(r.stdout).toBe(p);
  }
});

test('loadContext reads the user config and conda’s layout once', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-dctx-'));
  try {
    fs.mkdirSync(path.join(dir, 'conda', 'conda-meta'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'conda', 'envs', 'a', 'conda-meta'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'conda', 'envs', 'a', 'conda-meta', 'history'), '');
    const env = { HOME: path.join(dir, 'home'), XDG_RUNTIME_DIR: path.join(dir, 'run'), CONDA_ROOT: path.join(dir, 'conda') };
    const loc = resolveLocations(env);
    fs.mkdirSync(loc.configDir, { recursive: true });
    fs.writeFileSync(loc.configFile, 'system_toolchains: false\ntoolchains: []\nauto_install: false\n');
    const ctx = loadContext(loc, env);
    expect(ctx.loc).toBe(loc);
    expect(ctx.world.config.autoInstall).toBe(false);
    expect(ctx.layout.envs.map((e) => e.name)).toContain('a');
    expect('adminInstall' in ctx).toBe(false);
    // The CLI's admin command reaches every check through the context (an admin's env gets its fix line).
    const admin = (prefix: string) => `sudo gocondad setup --env ${prefix}`;
    expect(loadContext(loc, env, admin).adminInstall).toBe(admin);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  }
});

test('findingsOf keeps the order of adding; safeFix only when there is one', () => {
  const { out, add } = findingsOf('/e');
  const f = add('shadowed-go', 'warning', 'm1', 'mv a b', 'move-aside');
  f.paths = ['/e/bin/go'];
  add('no-toolchain', 'problem', 'm2', null);
  expect(out).toEqual([
    { kind: 'shadowed-go', severity: 'warning', prefix: '/e', message: 'm1', fix: 'mv a b', safeFix: 'move-aside', paths: ['/e/bin/go'] },
    { kind: 'no-toolchain', severity: 'problem', prefix: '/e', message: 'm2', fix: null },
  ]);
  expect('safeFix' in out[1]!).toBe(false);
});
