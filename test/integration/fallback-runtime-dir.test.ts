// Without XDG_RUNTIME_DIR, a shim works in `${TMPDIR:-/tmp}/gocondad-<uid>` of the user whose shell runs
// it, computed in that shell at run time, the way src/paths.ts computes the daemon's dir: not in the dir
// of whoever installed the shim (root, for a shared env). In real tcsh (its csh code picks the dir for the
// file of applied changes) and fish (through the POSIX shim), with a real daemon reading the records.
// The second real user (a root-owned shared env) is in other-users.test.ts.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, FOREIGN_SHELLS, GO122, requireReal, World } from '../helpers/world';

let world: World;
let env: string;
let installerTmp: string;
const uid = process.getuid!();

beforeAll(() => {
  requireReal();
  world = new World();
  env = world.makeEnv('fb', { pin: 'go: "1.22"\n' });
  // Installed in another context, as by another user: its own TMPDIR, which does not exist when the
  // shells run (a shim that still used the installer's fallback dir could not even create its dir there,
  // and would apply nothing), and its own registry, so that the daemons below leave the shims as written.
  installerTmp = path.join(world.dir, 'installer-tmp');
  const installer = { ...world.env, TMPDIR: installerTmp, XDG_STATE_HOME: path.join(world.dir, 'installer-state') };
  const r = spawnSync(process.execPath, [CLI, 'shims', 'install', env], { env: installer, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`shims install failed: ${r.stderr}`);
});
afterAll(() => world.cleanup());

/** The world's environment without XDG_RUNTIME_DIR, plus `extra` (undefined = unset). */
function noXdg(extra: Record<string, string | undefined>): Record<string, string> {
  const e: Record<string, string | undefined> = { ...world.env, CONDA_EMU_MODE: 'conda', ...extra };
  delete e.XDG_RUNTIME_DIR;
  for (const k of Object.keys(extra)) if (extra[k] === undefined) delete e[k];
  if (extra.XDG_RUNTIME_DIR !== undefined) e.XDG_RUNTIME_DIR = extra.XDG_RUNTIME_DIR;
  return e as Record<string, string>;
}

function run(shell: string, script: string, e: Record<string, string>) {
  const r = spawnSync(shell, world.shellArgs(shell, script), { env: e, encoding: 'utf8', timeout: 60000, cwd: world.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const pidOf = (shell: string) => (shell === 'fish' ? '$fish_pid' : '$$');
const script = (shell: string, pre = '') =>
  `${pre}conda activate fb\necho "pid=${pidOf(shell)}"\nprintenv GOROOT\nconda deactivate\nprintenv GOROOT\necho done`;

// Short: the daemon's socket goes below it, and a socket path has at most 107 bytes.
const HOSTILE_TMP = `t 'q" $(touch PWNED1) \`touch PWNED2\` !! é\nl`;

describe.each(FOREIGN_SHELLS)('%s', (shell) => {
  // [name, TMPDIR (undefined = unset), XDG_RUNTIME_DIR ('' = set but empty), lines run first]
  const cases: [string, string | undefined, string | undefined, string][] = [
    ['TMPDIR with spaces, quotes, $(...), backticks, ! and a newline', HOSTILE_TMP, undefined, ''],
    ['XDG_RUNTIME_DIR set but empty (counts as unset, as for the daemon)', 'tmp-empty-xdg', '', ''],
  ];
  if (shell === 'tcsh') cases.push(['plain csh: no $uid, one `id -u`', 'tmp-no-uid', undefined, 'unset uid\n']);

  test.each(cases)('%s: activates, its files are in ${TMPDIR}/gocondad-<uid> only, the daemon there applies them', async (_n, tmpName, xdg, pre) => {
    const tmp = path.join(world.dir, tmpName ?? 'unused');
    fs.mkdirSync(tmp, { recursive: true });
    const e = noXdg({ TMPDIR: tmp, XDG_RUNTIME_DIR: xdg });
    // A daemon with the same environment: its dir comes from src/paths.ts, which the shells must agree with.
    const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { env: e, encoding: 'utf8', timeout: 30000 });
    const start = cli(['start']);
    expect(start.stderr).toBe('');
    expect(start.status).toBe(0);
    try {
      const r = run(shell, script(shell, pre), e);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const pid = Number(/^pid=(\d+)\n/.exec(r.stdout)?.[1]);
      expect(r.stdout).toBe(`pid=${pid}\n${GO122}\ndone\n`);
      const mine = path.join(tmp, `gocondad-${uid}`);
      expect(fs.statSync(mine).mode & 0o777).toBe(0o700);
      if (shell === 'tcsh') expect(fs.existsSync(path.join(mine, `csh-${pid}.csh`))).toBe(true);
      expect(fs.readdirSync(tmp)).toEqual([`gocondad-${uid}`]);
      expect(fs.existsSync(installerTmp)).toBe(false);
      await world.waitFor(() => events(pid).join(' ') === 'activate deactivate', `the daemon to apply the shell's two records`);
      for (const f of ['PWNED1', 'PWNED2']) expect(fs.existsSync(path.join(world.dir, f))).toBe(false);
    } finally {
      cli(['stop']);
    }
  });

  test('TMPDIR unset: /tmp/gocondad-<uid>', () => {
    const mine = path.join('/tmp', `gocondad-${uid}`);
    const existed = fs.existsSync(mine);
    // Looked at from the shell itself while it runs: a daemon of this machine's own (its fallback dir)
    // may retire the journal of an exited shell at any time.
    const look = `sh -c 'for f; do test -f "$f" && echo "has \${f##*/}"; done; :' sh ${mine}/journal.${pidOf(shell)} ${mine}/csh-${pidOf(shell)}.csh`;
    const r = run(shell, `${script(shell)}\n${look}`, noXdg({ TMPDIR: undefined }));
    const pid = Number(/^pid=(\d+)\n/.exec(r.stdout)?.[1]);
    for (const f of [`journal.${pid}`, `csh-${pid}.csh`]) fs.rmSync(path.join(mine, f), { force: true });
    if (!existed) fs.rmdirSync(mine);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`pid=${pid}\n${GO122}\ndone\nhas journal.${pid}\n${shell === 'tcsh' ? `has csh-${pid}.csh\n` : ''}`);
    expect(fs.existsSync(installerTmp)).toBe(false);
  });
});

/** The events the daemon logged for one shell, in order. */
function events(pid: number): string[] {
  if (!fs.existsSync(world.logFile)) return [];
  return fs
    .readFileSync(world.logFile, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { event?: string; shellPid?: number })
    .filter((l) => l.shellPid === pid && (l.event === 'activate' || l.event === 'deactivate'))
    .map((l) => l.event!);
}
