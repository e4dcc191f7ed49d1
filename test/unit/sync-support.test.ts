// The smaller parts of sync: go_offline in config and plan, the module cache check, import scanning,
// the project registry, the daemon's drift judgement, and rattler staying out of other commands.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CONFIG, parsePinFile, parseUserConfig } from '../../src/core/config';
import { offlineGoproxy, planEnv, type PlanInput } from '../../src/core/plan';
import { goModcache } from '../../src/paths';
import type { CheckResult, Finding } from '../../src/sync/checker';
import { driftOf, projectsOfEnv } from '../../src/sync/drift';
import { parseGoMod } from '../../src/sync/gomod';
import { importsOf, projectImports } from '../../src/sync/imports';
import { escapeModPath, modcacheReport } from '../../src/sync/modcache';
import { readProjects, registerProject, withProject } from '../../src/sync/projects';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-sync-'));

describe('go_offline', () => {
  test('config.yml and pin keys, with problems for non-booleans', () => {
    expect(parseUserConfig('go_offline: true\n', 'c.yml', '/h').config.goOffline).toBe(true);
    expect(parseUserConfig('go_offline: yes please\n', 'c.yml', '/h').problems).toEqual([{ file: 'c.yml', message: '`go_offline` must be true or false' }]);
    expect(parsePinFile('go_offline: true\n', 'p.yml').pin.goOffline).toBe(true);
    expect(parsePinFile('go_offline: 1\n', 'p.yml').problems).toEqual([{ file: 'p.yml', message: '`go_offline` must be true or false' }]);
  });
  const t22 = { version: 'go1.22.12', root: '/usr/lib/go-1.22', semver: '1.22.12' };
  const input = (o: Partial<PlanInput> = {}): PlanInput => ({
    prefix: '/e', envName: 'e', choice: { ok: true, toolchain: t22, source: 'pin', why: 'x' }, config: DEFAULT_CONFIG, envDeclaredVars: [], launcherDir: null,
    cgo: { policy: 'auto', hasInclude: false, hasLib: false }, ...o,
  });
  test('the plan sets GOPROXY to the user’s cache, or the env’s own with modcache: per-env; off by default', () => {
    expect(planEnv(input()).change.set.GOPROXY).toBeUndefined();
    expect(planEnv(input({ offline: { on: false, userModcache: '/h/go/pkg/mod' } })).change.set.GOPROXY).toBeUndefined();
    const p = planEnv(input({ offline: { on: true, userModcache: '/h/go/pkg/mod' } }));
    expect(p.change.set.GOPROXY).toBe('file:///h/go/pkg/mod/cache/download,off');
    expect(p.sources.GOPROXY).toMatch(/go_offline/);
    expect(planEnv(input({ config: { ...DEFAULT_CONFIG, isolateModcache: true }, offline: { on: true, userModcache: '/h/go/pkg/mod' } })).change.set.GOPROXY).toBe(offlineGoproxy('/e/share/gomodcache'));
  });
  test('a GOPROXY the env declares itself is left to conda', () => {
    const p = planEnv(input({ envDeclaredVars: ['GOPROXY'], offline: { on: true, userModcache: '/m' } }));
    expect(p.change.set.GOPROXY).toBeUndefined();
    expect(p.leftToConda).toContain('GOPROXY');
  });
  test('where the module cache is', () => {
    expect(goModcache({ GOMODCACHE: '/x' }, '/h')).toBe('/x');
    expect(goModcache({ GOPATH: `/a${path.delimiter}/b` }, '/h')).toBe('/a/pkg/mod');
    expect(goModcache({}, '/h')).toBe('/h/go/pkg/mod');
  });
});

describe('module cache report', () => {
  test('escaped paths, replaced modules, .mod and .zip both needed', () => {
    expect(escapeModPath('github.com/BurntSushi/toml')).toBe('github.com/!burnt!sushi/toml');
    const cache = tmp();
    try {
      const mod = parseGoMod('module x\nrequire (\n\tgithub.com/BurntSushi/toml v1.3.2\n\ta.b/c v1.0.0\n\ta.b/local v1.0.0\n\ta.b/old v1.0.0\n)\nreplace a.b/local => ../local\nreplace a.b/old => a.b/new v2.0.0+incompatible\n', 'go.mod');
      const put = (p: string, v: string, exts: string[]) => {
        fs.mkdirSync(path.join(cache, 'cache', 'download', p, '@v'), { recursive: true });
        for (const e of exts) fs.writeFileSync(path.join(cache, 'cache', 'download', p, '@v', `${v}.${e}`), '');
      };
      put('github.com/!burnt!sushi/toml', 'v1.3.2', ['mod', 'zip']);
      put('a.b/c', 'v1.0.0', ['mod']);
      put('a.b/new', 'v2.0.0+incompatible', ['mod', 'zip']);
      expect(modcacheReport(mod, cache)).toEqual({ dir: cache, present: 2, missing: [{ path: 'a.b/c', version: 'v1.0.0' }] });
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });
});

describe('imports', () => {
  test('single, grouped, named and dot imports; vendor and testdata skipped', () => {
    expect(importsOf('package x\n\nimport "fmt"\nimport p "github.com/google/gopacket/pcap"\nimport (\n\t"os"\n\t_ "embed"\n\t. "strings"\n)\n')).toEqual(['fmt', 'github.com/google/gopacket/pcap', 'os', 'embed', 'strings']);
    const dir = tmp();
    try {
      fs.mkdirSync(path.join(dir, 'cmd'));
      fs.mkdirSync(path.join(dir, 'vendor', 'v'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'cmd', 'main.go'), 'package main\nimport "github.com/google/gopacket/pcap"\n');
      fs.writeFileSync(path.join(dir, 'vendor', 'v', 'v.go'), 'package v\nimport "a.b/vendored"\n');
      expect([...projectImports(dir)!]).toEqual(['github.com/google/gopacket/pcap']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('project registry and drift', () => {
  test('one entry per dir, refreshed; unreadable registry reads as empty', () => {
    const a = { dir: '/p/a', prefix: '/env', lastRun: '1' };
    expect(withProject(withProject([], a), { ...a, lastRun: '2' })).toEqual([{ ...a, lastRun: '2' }]);
    const state = tmp();
    try {
      registerProject(state, a);
      registerProject(state, { dir: '/p/b', prefix: null, lastRun: '1' });
      expect(readProjects(state).map((p) => p.dir)).toEqual(['/p/a', '/p/b']);
      expect(projectsOfEnv(readProjects(state), '/env')).toEqual([a]);
      fs.writeFileSync(path.join(state, 'sync-projects.json'), '[');
      expect(readProjects(state)).toEqual([]);
    } finally {
      fs.rmSync(state, { recursive: true, force: true });
    }
  });
  test('drift is the errors of a judgement, warnings alone are none', () => {
    const f = (severity: 'error' | 'warning', message: string): Finding => ({ severity, message, fix: { conda: `conda install ${message}`, go: null } }) as Finding;
    const result = (findings: Finding[]): CheckResult => ({ pairs: [], findings, ok: findings.every((x) => x.severity !== 'error') });
    expect(driftOf('/p', '/env', result([f('warning', 'loose')]), 't')).toBeNull();
    expect(driftOf('/p', '/env', result([f('warning', 'loose'), f('error', 'x')]), 't')).toEqual({ kind: 'sync-drift', project: '/p', prefix: '/env', at: 't', findings: [{ message: 'x', fix: 'conda install x' }] });
  });
});

test('commands other than sync never load rattler', () => {
  const dist = path.resolve(__dirname, '..', '..', 'dist');
  if (!fs.existsSync(path.join(dist, 'cli', 'commands', 'sync.js'))) throw new Error('dist/ is missing: run `npm run build`');
  const probe = `
    const { Command } = require('commander');
    const p = new Command();
    for (const c of ['daemon', 'status', 'envs', 'doctor', 'shims', 'sync']) require('${dist}/cli/commands/' + c + '.js').register(p);
    const loaded = Object.keys(require.cache).filter((k) => /rattler|smol-toml|[\\\\/]sync[\\\\/]/.test(k));
    process.stdout.write(JSON.stringify(loaded));`;
  const r = spawnSync(process.execPath, ['-e', probe], { cwd: path.dirname(dist), encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout)).toEqual([]);
});
