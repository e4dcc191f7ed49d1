// Upgrades, both ways. A newer daemon meets the shims the previous release (0.1.0, 30e2f26) wrote — kept
// as a fixture, not regenerated —: it reads what they journal and replaces them on start, and a shell
// that activated with the old shim deactivates exactly with the new one. An older daemon meets shims of
// a newer gocondad (this release's shims stamped as a future one): it leaves them alone and says so in
// status and doctor instead of misreading them.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, EMU_SH, GO122, requireReal, World } from '../helpers/world';

// The expected stamps are written out, not made by the code under test (stampLine/parseStamp): a change of
// the stamp's bytes or of the shim format must show up here as a failing line to update on purpose.
const VERSION: string = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
const CURRENT = `# gocondad-shim-version: ${VERSION} format 2`;
const FUTURE = '# gocondad-shim-version: 99.0.0 format 3';
const hasLine = (text: string, line: string) => text.split('\n').includes(line);

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'shims-0.1.0-30e2f26');
let world: World;
beforeAll(() => requireReal());
beforeEach(() => {
  world = new World();
  world.env.CONDA_EXE = path.join(world.root, 'bin', 'conda'); // the daemon finds the envs under this root
});
afterEach(() => world.cleanup());

const shimFiles = (prefix: string) =>
  ['activate', 'deactivate'].flatMap((k) => ['sh', 'fish', 'csh'].map((e) => path.join(prefix, 'etc', 'conda', `${k}.d`, `zzz-gocondad.${e}`)));

function placeFixture(prefix: string): void {
  for (const file of shimFiles(prefix)) {
    const rel = path.relative(path.join(prefix, 'etc', 'conda'), file);
    const text = fs
      .readFileSync(path.join(FIXTURE, rel), 'utf8')
      .replaceAll('@WORLD@', world.dir)
      .replaceAll('@CLI@', CLI)
      .replaceAll('@NODE@', process.execPath);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text, { mode: 0o644 });
  }
  // Older than its shims: the old shim must not take its own refresh path.
  const past = new Date(Date.now() - 3600_000);
  fs.utimesSync(path.join(prefix, 'conda-meta', 'history'), past, past);
}

test('a newer daemon reads what 0.1.0 shims journal, replaces them on start, and the shell still deactivates exactly', async () => {
  const env = world.makeEnv('old');
  placeFixture(env);
  expect(hasLine(fs.readFileSync(shimFiles(env)[0]!, 'utf8'), '# gocondad-shim-version: 0.1.0')).toBe(true);
  const goOn = path.join(world.dir, 'go-on');
  const show = 'printf "%s|%s|%s|%s|%s\\n" "${GOROOT-unset}" "${GOPATH-unset}" "${GOBIN-unset}" "${GOTOOLCHAIN-unset}" "$PATH"';
  const script = `. "${EMU_SH}"\nGOPATH=/mine; export GOPATH\n${show}\nconda activate "${env}"\necho "active $GOROOT"\necho ready\nwhile [ ! -e "${goOn}" ]; do sleep 0.05; done\nconda deactivate\n${show}\n`;
  const child = spawn('bash', ['-c', script], { env: { ...world.env, CONDA_EMU_MODE: 'conda' }, cwd: world.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += String(d)));
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  try {
    await world.waitFor(() => out.includes('ready\n'), 'the old shim to activate');
    expect(out).toContain(`active ${GO122}\n`);
    // Journaled while no daemon ran; read by this version's daemon when it starts.
    world.startDaemon();
    await world.waitFor(
      () => world.status().sessions.some((s: { shellPid: number; prefix: string }) => s.shellPid === child.pid && s.prefix === env),
      'the session the 0.1.0 shim journaled',
    );
    // Replaced on start (the env was not even in envs.json: found by discovery, with shims).
    await world.waitFor(() => hasLine(fs.readFileSync(shimFiles(env)[0]!, 'utf8'), CURRENT), 'the shims to be rewritten');
    for (const f of shimFiles(env)) expect(hasLine(fs.readFileSync(f, 'utf8'), CURRENT)).toBe(true);
    expect(fs.readFileSync(world.logFile, 'utf8')).toMatch(new RegExp(`"event":"shims_rewritten","prefix":"${env}"`));
    fs.writeFileSync(goOn, '');
    expect(await exited).toBe(0);
    const [before, , , after] = out.trim().split('\n');
    expect(after).toBe(before);
    expect(before).toMatch(/^unset\|\/mine\|unset\|unset\|/);
  } finally {
    child.kill('SIGKILL');
  }
});

test('an older daemon facing newer shims leaves them alone and says so in status and doctor', async () => {
  const env = world.makeEnv('future');
  world.installShims(env);
  for (const f of shimFiles(env)) {
    const before = fs.readFileSync(f, 'utf8');
    expect(hasLine(before, CURRENT)).toBe(true);
    fs.writeFileSync(f, before.replace(CURRENT, FUTURE));
  }
  const text = () => fs.readFileSync(shimFiles(env)[0]!, 'utf8');
  const written = text();
  world.startDaemon();
  // A record of the journal version such shims might write: counted, not misread as one of ours.
  fs.appendFileSync(path.join(world.runtimeDir, 'journal'), `\x01gcd1\0v=2\0ev=activate\0pid=${process.pid}\0lvl=1\0prefix=${env}\0\x01end\0\n`);
  const st = world.status();
  expect(st.upgrade).toEqual({ shimFormat: 2, newerShims: [{ prefix: env, version: '99.0.0', format: 3 }], newerRecords: 1 });
  expect(st.sessions).toEqual([]);
  expect(text()).toBe(written);
  const human = world.cli(['status']).stdout;
  expect(human).toContain(`NEWER GOCONDAD: 1 env(s) have shims newer than this daemon (gocondad ${VERSION}, shim format 2)`);
  expect(human).toContain(`${env}: gocondad 99.0.0, format 3 (its activations are not seen here)`);
  expect(human).toContain('1 journal record(s) of a newer version ignored');
  expect(fs.readFileSync(world.logFile, 'utf8')).toContain('"event":"newer_shims"');

  const doc = world.cli(['doctor', '--json', env]);
  const findings = JSON.parse(doc.stdout).findings;
  expect(findings.map((f: { kind: string }) => f.kind)).toContain('newer-shims');
  expect(findings.map((f: { kind: string }) => f.kind)).not.toContain('stale-shims');
  expect(findings.find((f: { kind: string }) => f.kind === 'newer-shims')).toMatchObject({
    severity: 'problem',
    fix: `upgrade gocondad to 99.0.0 or later, or: gocondad shims install ${env}`,
  });
  expect(world.cli(['doctor', '--fix', env]).status).toBe(1);
  expect(text()).toBe(written);

  // The user asks for this version's shims by name: replaced, and status no longer lists the env.
  world.installShims(env);
  expect(hasLine(text(), CURRENT)).toBe(true);
  await world.waitFor(() => world.status().upgrade.newerShims.length === 0, 'status to drop the env');
});
