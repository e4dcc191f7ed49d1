// What the shims write into the runtime dir, when something else already sits at the path: a FIFO must
// not block the shell (an append would wait in open() for a reader that never comes), a symlink must not
// be followed, a file of another user not appended to. In real bash, dash, zsh, fish and tcsh (the last
// two through the POSIX shim run by shell/foreign.sh), with no daemon: nothing reads the FIFO. Each shell
// runs under timeout(1): a blocked shell ends with its status 124 instead of hanging the suite.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FOREIGN_SHELLS, GO122, POSIX_SHELLS, requireReal, World } from '../helpers/world';

let world: World;
beforeAll(() => {
  requireReal();
  world = new World();
  world.installShims(world.makeEnv('j', { pin: 'go: "1.22"\n' }));
  fs.mkdirSync(world.runtimeDir, { mode: 0o700 });
});
afterAll(() => world.cleanup());

const NOBODY = 65534;
const pidOf = (shell: string) => (shell === 'fish' ? '$fish_pid' : '$$');

/** Runs `prepare <path of this shell's file>` in sh, then an activate/deactivate cycle, under timeout. */
function cycle(shell: string, file: 'journal' | 'csh', prepare: string) {
  const name = file === 'journal' ? `journal.${pidOf(shell)}` : `csh-${pidOf(shell)}.csh`;
  const script = [
    `sh -c '${prepare}' sh "${world.runtimeDir}/${name}"`,
    `echo "pid=${pidOf(shell)}"`,
    'conda activate j',
    'printenv GOROOT',
    'conda deactivate',
    'echo done',
  ].join('\n');
  const r = spawnSync('timeout', ['-k', '5', '20', shell, ...world.shellArgs(shell, script)], {
    env: { ...world.env, CONDA_EMU_MODE: 'conda' },
    encoding: 'utf8',
    cwd: world.dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = Number(/^pid=(\d+)\n/.exec(r.stdout)?.[1]);
  return { status: r.status, stdout: r.stdout.replace(/^pid=\d+\n/, ''), stderr: r.stderr, pid, at: (f: string) => path.join(world.runtimeDir, f) };
}

describe.each([...POSIX_SHELLS, ...FOREIGN_SHELLS])('%s', (shell) => {
  test('control: with nothing there, the shell journals both records into its own file', () => {
    const r = cycle(shell, 'journal', ':');
    expect([r.status, r.stderr, r.stdout]).toEqual([0, '', `${GO122}\ndone\n`]);
    const journal = fs.readFileSync(r.at(`journal.${r.pid}`), 'latin1');
    expect(journal.split('\x01gcd1\0').length - 1).toBe(2);
  });

  test('a FIFO at its journal path: activation completes, prints nothing, the FIFO is left alone', () => {
    const r = cycle(shell, 'journal', 'mkfifo -m 600 "$1"');
    expect(r.status).not.toBe(124); // the timeout's: the shell blocked
    expect([r.status, r.stderr, r.stdout]).toEqual([0, '', `${GO122}\ndone\n`]);
    expect(fs.lstatSync(r.at(`journal.${r.pid}`)).isFIFO()).toBe(true);
  });

  test.each([
    ['a file elsewhere', true],
    ['nothing (a dangling link)', false],
  ])('a symlink at its journal path, to %s: not followed, the link and its target left as they were', (_n, exists) => {
    const target = path.join(world.dir, `elsewhere-${shell}-${exists}`);
    if (exists) {
      fs.writeFileSync(target, 'theirs\n', { mode: 0o644 });
      fs.chownSync(target, NOBODY, NOBODY); // someone else's
    }
    const r = cycle(shell, 'journal', `ln -s '${target}' "$1"`);
    expect([r.status, r.stderr, r.stdout]).toEqual([0, '', `${GO122}\ndone\n`]);
    expect(fs.readlinkSync(r.at(`journal.${r.pid}`))).toBe(target);
    if (exists) expect(fs.readFileSync(target, 'utf8')).toBe('theirs\n');
    else expect(fs.existsSync(target)).toBe(false);
  });

  test('a file of another user at its journal path: not appended to', () => {
    const r = cycle(shell, 'journal', `echo theirs > "$1" && chown ${NOBODY}:${NOBODY} "$1"`);
    expect([r.status, r.stderr, r.stdout]).toEqual([0, '', `${GO122}\ndone\n`]);
    expect(fs.readFileSync(r.at(`journal.${r.pid}`), 'utf8')).toBe('theirs\n');
  });

  if (shell === 'tcsh') {
    // The csh shim's file of changes (written by foreign.sh, then sourced): the same guards. Nothing can
    // be applied through it then; the shell goes on without the env's Go, as with the daemon's dir gone.
    test('a FIFO at its file of changes: activation completes, prints nothing, applies nothing, the FIFO is left alone', () => {
      const r = cycle(shell, 'csh', 'mkfifo -m 600 "$1"');
      expect(r.status).not.toBe(124);
      expect([r.status, r.stderr, r.stdout]).toEqual([0, '', 'done\n']);
      expect(fs.lstatSync(r.at(`csh-${r.pid}.csh`)).isFIFO()).toBe(true);
    });

    test('a symlink at its file of changes: neither written through nor sourced', () => {
      const target = path.join(world.dir, 'elsewhere.csh');
      fs.writeFileSync(target, 'echo SOURCED\n', { mode: 0o644 });
      const r = cycle(shell, 'csh', `ln -s '${target}' "$1"`);
      expect([r.status, r.stderr, r.stdout]).toEqual([0, '', 'done\n']);
      expect(fs.readFileSync(target, 'utf8')).toBe('echo SOURCED\n');
    });
  }
});
