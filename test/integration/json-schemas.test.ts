// Every `--json` output of the built CLI, from a real world (real toolchains, a real daemon, real shells
// activating through the conda emulation), validated with ajv against its published schema in
// docs/schemas/. The world is made to hold each fact the schemas name: a pin, a Go in the env, an
// unreadable pin, a shadowed go fixed at activation, a live shell, a go.mod project.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { CLI, GO119, requireReal, World } from '../helpers/world';

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

function json(schema: string, args: string[], okStatus: number[] = [0]): unknown {
  const r = world.cli(args);
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
  for (const l of world.cli(['logs', '--json']).stdout.trim().split('\n')) (outputs.log ??= []).push(JSON.parse(l));
}, 120000);

afterAll(() => {
  shell?.kill();
  watcher?.kill();
  world?.cleanup();
});

test.each(['envs', 'status', 'stream', 'doctor', 'explain', 'export', 'service-status', 'sync', 'log'])(
  '%s: the real --json output matches its published schema',
  (name) => {
    const validate = ajv.getSchema(`${name}.schema.json`);
    expect(validate).toBeDefined();
    expect(outputs[name]?.length).toBeGreaterThan(0);
    for (const value of outputs[name]!) {
      const ok = validate!(value);
      expect(ok ? [] : validate!.errors).toEqual([]);
    }
  },
);
