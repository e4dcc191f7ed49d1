// Every `--json` output of the built CLI, from a real world (real toolchains, a real daemon, real shells
// activating through the conda emulation), validated with ajv against its published schema in
// docs/schemas/. The world is made to hold each fact the schemas name: a pin, a Go in the env, an
// unreadable pin, a shadowed go fixed at activation, a live shell, a go.mod project in and out of sync
// and one with bad input, drift of a synced env, a restored env, a cgo program bundled with an env library.
// Then the other way: every command with --json has a schema, and a real output with an extra or a
// renamed field fails it (a schema that accepts anything would pass the first half).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Command, Option } from 'commander';
import { buildProgram } from '../../src/cli/program';
import { CLI, GO119, requireReal, World } from '../helpers/world';

// Real cgo builds into a fresh GOCACHE: minutes on a loaded 2-core machine.
jest.setTimeout(300_000);

const SCHEMAS = path.join(__dirname, '..', '..', 'docs', 'schemas');

function validator(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  addFormats(ajv);
  for (const f of fs.readdirSync(SCHEMAS).filter((f) => f.endsWith('.schema.json'))) ajv.addSchema(JSON.parse(fs.readFileSync(path.join(SCHEMAS, f), 'utf8')));
  return ajv;
}

let world: World;
let ajv: Ajv2020;
let shell: ChildProcess | null = null;
let watcher: ChildProcess | null = null;
const outputs: Record<string, unknown[]> = {};

function json(schema: string, args: string[], okStatus: number[] = [0], extraEnv: Record<string, string> = {}): unknown {
  const r = world.cli(args, extraEnv);
  if (!okStatus.includes(r.status)) throw new Error(`gocondad ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  const value = JSON.parse(r.stdout);
  (outputs[schema] ??= []).push(value);
  return value;
}

beforeAll(async () => {
  requireReal();
  ajv = validator();
  world = new World();
  world.env.CONDA_EXE = path.join(world.root, 'bin', 'conda');
  fs.writeFileSync(path.join(world.root, 'conda-meta', 'history'), '');
  world.makeEnv('plain');
  world.makeEnv('pinned', { pin: 'go: "1.19"\n' });
  world.makeEnv('badpin', { pin: 'go: ">=1.19 <1.22\n' });
  const messy = world.makeEnv('messy');
  fs.symlinkSync(path.join(GO119, 'bin', 'go'), path.join(messy, 'bin', 'go'));
  world.startDaemon();
  await world.waitFor(() => world.status().envs.length >= 5, 'every env planned');
  // The live stream, as JSON lines, from before the activation and a new env.
  let streamed = '';
  watcher = spawn(process.execPath, [CLI, 'status', '--watch', '--json'], { env: world.env, stdio: ['ignore', 'pipe', 'inherit'] });
  watcher.stdout!.on('data', (d) => (streamed += String(d)));
  await world.waitFor(() => streamed.includes('"hello"'), 'the stream');
  world.makeEnv('later');
  // A live shell in an env, a shadowed go fixed on the way (GO119 first on PATH, GO122 chosen).
  shell = spawn('bash', world.shellArgs('bash', `PATH=${GO119}/bin:$PATH; conda activate plain; sleep 60`), {
    env: { ...world.env, CONDA_EMU_MODE: 'conda' },
    cwd: world.dir,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await world.waitFor(() => world.status().sessions.length > 0 && world.status().conflicts.length > 0, 'a live session and a fix');
  await world.waitFor(() => ['"activate"', '"conflict_fixed"', '"shims_installed"'].every((t) => streamed.includes(t)), 'the events streamed');
  watcher.kill('SIGINT');
  outputs.stream = streamed
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const mod = path.join(world.dir, 'mod');
  fs.mkdirSync(mod);
  fs.writeFileSync(path.join(mod, 'go.mod'), 'module example.com/m\n\ngo 1.22\n');
  fs.writeFileSync(path.join(mod, 'main.go'), 'package main\n\nfunc main() {}\n');
  fs.writeFileSync(path.join(mod, 'environment.yml'), 'name: m\ndependencies:\n  - go=1.21\n');

  json('envs', ['envs', '--json']);
  json('status', ['status', '--json']);
  json('doctor', ['doctor', '--all', '--json'], [0, 1]);
  for (const env of ['plain', 'pinned', 'badpin', 'messy']) {
    json('explain', ['explain', env, '--json']);
    json('export', ['export', env, '--json']);
  }
  json('service-status', ['service', 'status', '--json'], [0, 1, 3]);
  json('sync', ['sync', mod, '--json'], [0, 1]);
  json('sync', ['sync', mod, '--json', '--no-state', '-p', path.join(world.root, 'envs', 'plain')], [0, 1]);
  syncEnvRestoreBundle();
  for (const l of world.cli(['logs', '--json']).stdout.trim().split('\n')) (outputs.log ??= []).push(JSON.parse(l));
}, 300000);

/** An env's conda-meta holding these packages, as conda leaves it after an install. */
function condaMeta(prefix: string, pkgs: Record<string, string>): void {
  const meta = path.join(prefix, 'conda-meta');
  for (const f of fs.readdirSync(meta)) if (f.endsWith('.json')) fs.rmSync(path.join(meta, f));
  for (const [name, version] of Object.entries(pkgs))
    fs.writeFileSync(path.join(meta, `${name}-${version}-h0_0.json`), JSON.stringify({ name, version, build: 'h0_0', depends: [] }));
  fs.appendFileSync(path.join(meta, 'history'), `==> ${new Date().toISOString()} <==\n# cmd: conda install\n`);
}

function project(name: string, files: Record<string, string>): string {
  const dir = path.join(world.dir, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
  return dir;
}

function syncEnvRestoreBundle(): void {
  const git2go = 'module example.com/app\n\ngo 1.22\n\nrequire github.com/libgit2/git2go/v34 v34.0.0\n';
  // sync: a mismatch with both sides' facts, then bad input (a spec conda refuses), exit 2 with the error as data
  const app = project('app', { 'go.mod': git2go, 'environment.yml': 'name: app\ndependencies:\n  - go 1.22.*\n  - libgit2 1.3.*\n' });
  json('sync', ['sync', app, '--json'], [1]);
  const bad = project('bad', { 'go.mod': git2go, 'environment.yml': 'name: bad\ndependencies:\n  - libgit2 >=3,<<4\n' });
  json('sync', ['sync', bad, '--json'], [2]);
  json('sync', ['sync', bad, '--json', '-p', path.join(world.dir, 'no such env')], [2]);
  // sync-env: a project synced with an env that then moved (drift), one with none, and a planned transaction
  const synced = world.makeEnv('synced');
  condaMeta(synced, { libgit2: '1.5.2', go: '1.22.5' });
  const lib = project('lib', { 'go.mod': git2go });
  if (world.cli(['sync', lib, '-p', synced]).status !== 0) throw new Error('sync -p did not record the project');
  condaMeta(synced, { libgit2: '1.9.0', go: '1.22.5' });
  json('sync-env', ['sync-env', synced, '--json'], [1]);
  json('sync-env', ['sync-env', path.join(world.root, 'envs', 'plain'), '--json']);
  const tx = path.join(world.dir, 'tx.json');
  fs.writeFileSync(tx, JSON.stringify({ unlink: [{ name: 'libgit2' }], link: [{ name: 'libgit2', version: '1.5.2', build: 'h0_0' }] }));
  json('sync-env', ['sync-env', synced, '--planned', tx, '--json']);
  // restore: the pinned env's exported state into a new env
  const exported = path.join(world.dir, 'pinned.yml');
  fs.writeFileSync(exported, world.cli(['export', 'pinned']).stdout);
  world.makeEnv('restored');
  json('restore', ['restore', 'restored', '--from', exported, '--json'], [0, 1]);
  // bundle: a cgo program that loads a library of the env
  const env = world.makeEnv('ship', { pin: 'go: "1.22"\n' });
  for (const d of ['lib', 'include']) fs.mkdirSync(path.join(env, d), { recursive: true });
  fs.writeFileSync(path.join(env, 'include', 'gcd.h'), 'int gcd_answer(void);\n');
  fs.writeFileSync(path.join(world.dir, 'gcd.c'), 'int gcd_answer(void) { return 42; }\n');
  const cc = spawnSync('gcc', [
    '-shared',
    '-fPIC',
    '-Wl,-soname,libgcdanswer.so.1',
    '-o',
    path.join(env, 'lib', 'libgcdanswer.so.1'),
    path.join(world.dir, 'gcd.c'),
  ]);
  if (cc.status !== 0) throw new Error(`gcc is missing or failed (run bash scripts/ensure-test-deps): ${cc.stderr}`);
  fs.symlinkSync('libgcdanswer.so.1', path.join(env, 'lib', 'libgcdanswer.so'));
  const main = project('answer', {
    'go.mod': 'module example.com/answer\n\ngo 1.21\n',
    'main.go':
      'package main\n\n// #cgo LDFLAGS: -lgcdanswer\n// #include <gcd.h>\nimport "C"\nimport "fmt"\n\nfunc main() { fmt.Println(int(C.gcd_answer())) }\n',
  });
  const r = spawnSync(process.execPath, [CLI, 'bundle', '-p', env, '-o', path.join(world.dir, 'out'), '--json'], {
    cwd: main,
    env: { ...world.env, GOPROXY: 'off', GOSUMDB: 'off', GOFLAGS: '-mod=mod' },
    encoding: 'utf8',
    timeout: 240000,
  });
  if (r.status !== 0) throw new Error(`gocondad bundle: exit ${r.status}: ${r.stderr}`);
  outputs.bundle = [JSON.parse(r.stdout)];
}

afterAll(() => {
  shell?.kill();
  watcher?.kill();
  world?.cleanup();
});

const SCHEMAS_TESTED = ['envs', 'status', 'stream', 'doctor', 'explain', 'export', 'service-status', 'sync', 'sync-env', 'restore', 'bundle', 'log'];

test.each(SCHEMAS_TESTED)('%s: the real --json output matches its published schema', (name) => {
  const validate = ajv.getSchema(`${name}.schema.json`);
  expect(validate).toBeDefined();
  expect(outputs[name]?.length).toBeGreaterThan(0);
  for (const value of outputs[name]!) {
    const ok = validate!(value);
    expect(ok ? [] : validate!.errors).toEqual([]);
  }
});

/** Every command of the program, with its path of names (`service status`). */
function commands(cmd: Command = buildProgram(), above: string[] = []): { path: string[]; cmd: Command }[] {
  return cmd.commands.flatMap((c) => [{ path: [...above, c.name()], cmd: c }, ...commands(c, [...above, c.name()])]);
}

test('every command with --json has a published schema, and this test validates it', () => {
  // `logs --json` prints log lines (log.schema.json), one per line; `status --watch --json` prints stream
  // events (stream.schema.json); every other command's schema is named after its path.
  const named = (p: string[]) => (p.join(' ') === 'logs' ? 'log' : p.join('-'));
  const withJson = commands()
    .filter((c) => (c.cmd.options as Option[]).some((o) => o.long === '--json'))
    .map((c) => named(c.path));
  expect(withJson.length).toBeGreaterThan(8);
  for (const name of withJson) {
    expect(fs.existsSync(path.join(SCHEMAS, `${name}.schema.json`)) ? name : `${name}: no docs/schemas/${name}.schema.json`).toBe(name);
    expect(SCHEMAS_TESTED).toContain(name);
  }
});

/** A copy of a real output changed in one place (a path of keys; the last is the field changed). */
function changed(value: unknown, keys: (string | number)[], change: 'extra' | 'rename' | ((v: unknown) => unknown)): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let at = copy;
  for (const k of keys.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
  const last = keys[keys.length - 1]!;
  if (change === 'extra') (at[last] as Record<string, unknown>).surprise = 1;
  else if (change === 'rename') {
    at[`${last}Renamed`] = at[last];
    delete at[last];
  } else at[last] = change(at[last]);
  return copy;
}

const problemsOf = (name: string, value: unknown): unknown => {
  const validate = ajv.getSchema(`${name}.schema.json`)!;
  return validate(value) ? null : validate.errors;
};

describe('a schema change is caught: real outputs changed by one field fail', () => {
  test.each(SCHEMAS_TESTED.filter((n) => !['log', 'stream'].includes(n)))('%s: an extra field, and each required field renamed', (name) => {
    const real = outputs[name]![0] as Record<string, unknown>;
    const target = name === 'sync' ? (outputs.sync!.find((o) => 'findings' in (o as object)) as Record<string, unknown>) : real;
    expect(problemsOf(name, (changed({ top: target }, ['top'], 'extra') as { top: unknown }).top)).not.toBeNull();
    for (const key of Object.keys(target)) expect([key, problemsOf(name, changed(target, [key], 'rename'))]).not.toEqual([key, null]);
  });
  test('log and stream (open: pino and newer daemons add fields): a required field renamed fails', () => {
    for (const key of ['level', 'time', 'msg']) expect(problemsOf('log', changed(outputs.log![0], [key], 'rename'))).not.toBeNull();
    expect(problemsOf('stream', changed(outputs.stream![0], ['type'], 'rename'))).not.toBeNull();
  });
  test('sync: a finding with an extra or renamed field, the old severity word, or an unknown kind fails', () => {
    const report = outputs.sync!.find((o) => ((o as { findings?: unknown[] }).findings ?? []).length > 0);
    expect(report).toBeDefined();
    expect(problemsOf('sync', report)).toBeNull();
    expect(problemsOf('sync', changed(report, ['findings', 0], 'extra'))).not.toBeNull();
    expect(problemsOf('sync', changed(report, ['findings', 0, 'condaPkg'], 'rename'))).not.toBeNull();
    expect(
      problemsOf(
        'sync',
        changed(report, ['findings', 0, 'severity'], () => 'error'),
      ),
    ).not.toBeNull();
    expect(
      problemsOf(
        'sync',
        changed(report, ['findings', 0, 'kind'], () => 'drift'),
      ),
    ).not.toBeNull();
    expect(problemsOf('sync', changed(report, ['findings', 0, 'fix'], 'extra'))).not.toBeNull();
    const error = outputs.sync!.find((o) => 'error' in (o as object));
    expect(error).toBeDefined();
    expect(problemsOf('sync', changed(error, ['error', 'line'], 'rename'))).not.toBeNull();
  });
  test('sync-env, bundle: nested records are closed too', () => {
    const drift = outputs['sync-env']!.find((o) => (o as { projects: { findings: unknown[] }[] }).projects.some((p) => p.findings.length > 0));
    expect(drift).toBeDefined();
    expect(problemsOf('sync-env', changed(drift, ['projects', 0, 'findings', 0], 'extra'))).not.toBeNull();
    expect(problemsOf('sync-env', changed(drift, ['projects', 0, 'ok'], 'rename'))).not.toBeNull();
    const bundle = outputs.bundle![0] as { bundled: unknown[] };
    expect(bundle.bundled.length).toBeGreaterThan(0);
    expect(problemsOf('bundle', changed(bundle, ['bundled', 0, 'neededBy'], 'rename'))).not.toBeNull();
    expect(problemsOf('bundle', changed(bundle, ['sizes'], 'extra'))).not.toBeNull();
  });
});
