// Issue 19 §2 for the last two commands that write: `service install` (the login-line manager, what runs
// here: no systemd user manager answers) and `doctor --fix` (in envs a real conda made, with shims
// missing and launchers stale). SIGINT at a random moment, to the process group as a terminal's Ctrl-C
// sends it. Documented (docs/cli.md, "Exit codes and errors"): no trace; death by the signal once it was caught (a
// signal before gocondad could hold it kills node at once, before any change); no half-written file
// (no temp file left, no shim doctor calls stale); the rerun is accepted and finishes the work.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CondaWorld } from '../../helpers/condaworld';
import { interrupt, normally, TRACE } from '../../helpers/edges';
import { describeWithConda } from '../../helpers/realconda';
import { requireReal, World } from '../../helpers/world';

/** The delays after start at which Ctrl-C comes: before the signal is held, during start-up, mid-work, near the end. */
const DELAYS = [0, 60, 150, 250, 400, 700];

/** Every leftover of a write that did not finish (writeFileAtomic's `FILE.PID.tmp`, the login line's `FILE.gocondad-PID.tmp`). */
function temps(...roots: string[]): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory() && !e.isSymbolicLink()) walk(p);
      else if (/\.tmp$/.test(e.name)) out.push(p);
    }
  };
  roots.forEach(walk);
  return out;
}

/**
 * How the interrupted run ended: by the signal, or exit 0 when it came after the end. Killed silently is
 * right only before gocondad holds signals, which is before it changes or prints anything (`worked`):
 * once it has, the signal waits for a whole step and the run says where it stopped. Killed silently is
 * right again after its last line (`done`): node, exiting, no longer listens for signals.
 */
function ending(r: { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }, worked: boolean, done: RegExp): string {
  if (r.signal === 'SIGINT') {
    if (/^gocondad: interrupted \(SIGINT\)/m.test(r.stderr)) return 'signal, held';
    if (r.stderr === '' && done.test(r.stdout)) return 'signal, after the end';
    return r.stderr === '' && r.stdout === '' && !worked ? 'signal, before any work' : `killed mid-work: ${JSON.stringify(r)}`;
  }
  return r.code === 0 ? 'finished' : `exit ${r.code}: ${r.stderr}`;
}
const ENDINGS = ['signal, held', 'signal, before any work', 'signal, after the end', 'finished'];

describe('service install (login line): Ctrl-C at a random moment', () => {
  let world: World;
  beforeAll(() => requireReal());
  beforeEach(() => {
    world = new World();
    world.makeEnv('one');
    // bash reads .profile at login here; the user's own lines (no newline at the end) must survive whole.
    Object.assign(world.env, { SHELL: '/bin/bash' });
  });
  afterEach(() => world.cleanup());

  test('the login file is as before or has the whole block; nothing temporary is left; the rerun is accepted', async () => {
    const profile = path.join(world.home, '.profile');
    const mine = 'export EDITOR=vi\nPATH="$HOME/bin:$PATH"';
    const endings = new Set<string>();
    for (const delayMs of DELAYS) {
      fs.writeFileSync(profile, mine);
      const start = Date.now();
      const r = await interrupt(world, ['service', 'install'], { when: () => Date.now() - start >= delayMs });
      expect(r.stderr).not.toMatch(TRACE);
      const text = fs.readFileSync(profile, 'utf8');
      // Its last line (the lines before it say which service kind and what was added).
      const end = ending(r, text !== mine, /(^|\n)gocondad daemon (started|already running) [^\n]*\n$/);
      expect(ENDINGS).toContain(end);
      endings.add(end);
      // Before, or after: the user's lines, a newline, and the block from its first marker to its last.
      if (text !== mine)
        expect(text).toMatch(/^export EDITOR=vi\nPATH="\$HOME\/bin:\$PATH"\n# >>> gocondad >>> \[newline added before\][^\n]*\n[^\n]+\n# <<< gocondad <<<\n$/);
      expect(temps(world.home)).toEqual([]);
      const again = normally(world, ['service', 'install']);
      expect([again.code, again.other]).toEqual([0, '']);
      expect(fs.readFileSync(profile, 'utf8').match(/# >>> gocondad >>>/g)).toHaveLength(1);
      // and it undoes to the user's file, byte for byte
      expect(normally(world, ['service', 'uninstall']).code).toBe(0);
      expect(fs.readFileSync(profile, 'utf8')).toBe(mine);
      normally(world, ['stop']);
    }
    expect([...endings]).toContain('signal, held');
  });
});

describeWithConda('doctor --fix in envs a real conda made: Ctrl-C at a random moment', (shared) => {
  let cw: CondaWorld;
  let envs: string[];
  const SHIMS = ['activate.d', 'deactivate.d'];
  const shimsOf = (p: string) =>
    SHIMS.flatMap((d) => {
      const dir = path.join(p, 'etc', 'conda', d);
      return fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.includes('gocondad')) : [];
    });
  /** What doctor --fix has to fix: no shims in any env, no launchers. */
  const breakAll = () => {
    for (const p of envs) for (const d of SHIMS) for (const n of shimsOf(p)) fs.rmSync(path.join(p, 'etc', 'conda', d, n), { force: true });
    fs.rmSync(path.join(cw.world.home, '.local', 'share', 'gocondad', 'launchers'), { recursive: true, force: true, maxRetries: 5 });
  };
  const kinds = (json: string) => new Set((JSON.parse(json).findings as { kind: string }[]).map((f) => f.kind));

  beforeAll(() => {
    cw = new CondaWorld(shared, [{ name: 'first' }]);
    envs = [cw.prefix('first'), ...['a', 'b', 'c', 'd', 'e'].map((name) => cw.create({ name }))];
    Object.assign(cw.world.env, { CONDARC: cw.env.CONDARC });
  });
  afterAll(() => cw?.world.cleanup());

  test('the problems it had are there before (else the test proves nothing)', () => {
    breakAll();
    const r = cw.world.cli(['doctor', '--all', '--json']);
    expect(r.status).toBe(1);
    expect([...kinds(r.stdout)]).toEqual(expect.arrayContaining(['missing-shims', 'stale-launchers']));
  });

  test('each env has its whole shims or none, none half-written; nothing temporary left; the rerun fixes the rest', async () => {
    const endings = new Set<string>();
    const mid = () => envs.some((p) => shimsOf(p).length > 0);
    for (const when of [...DELAYS.map((ms) => ({ ms })), { ms: null }]) {
      breakAll();
      const start = Date.now();
      // ms null: the moment the first env got its shims, surely mid-fix.
      const r = await interrupt(cw.world, ['doctor', '--fix', '--all'], { when: () => (when.ms === null ? mid() : Date.now() - start >= when.ms) });
      expect(r.stderr).not.toMatch(TRACE);
      const end = ending(r, mid(), /(problem\(s\) in \d+ env\(s\) checked|no problems[^\n]*)\n$/);
      expect(ENDINGS).toContain(end);
      endings.add(end);
      const counts = new Set(envs.map((p) => shimsOf(p).length));
      counts.delete(0);
      expect(counts.size).toBeLessThanOrEqual(1); // every env: none, or the same whole set
      expect(temps(cw.world.home, ...envs)).toEqual([]);
      // What was written is whole: doctor calls no shim stale (a torn one would be), only missing ones.
      const after = cw.world.cli(['doctor', '--all', '--json']);
      expect(kinds(after.stdout).has('stale-shims')).toBe(false);
      const again = cw.world.cli(['doctor', '--fix', '--all', '--json']);
      expect(again.stderr).toBe('');
      const left = kinds(again.stdout);
      for (const k of ['missing-shims', 'stale-shims', 'stale-launchers']) expect({ k, left: left.has(k) }).toEqual({ k, left: false });
      expect(new Set(envs.map((p) => shimsOf(p).length)).size).toBe(1);
      expect(shimsOf(envs[0]!).length).toBeGreaterThan(0);
    }
    expect([...endings]).toContain('signal, held');
  });
});
