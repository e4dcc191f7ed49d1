// fish and tcsh: the same guarantees as the POSIX shells, through the conda emulation's fish and csh
// front ends, in real shells, with a real daemon and real Go toolchains.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { csh } from '../../src/shell/csh';
import { fish } from '../../src/shell/fish';
import { FOREIGN_SHELLS, GO119, GO122, requireReal, traceWorld, World } from '../helpers/world';

const HOSTILE = `sp ace'q"d$(touch PWNED1)\`touch PWNED2\`\nnew line é ✓ \\ %s * !bang !! $HOME`;
const WATCHED = /^(GOROOT|GOPATH|GOBIN|GOMODCACHE|GOTOOLCHAIN|CGO_CPPFLAGS|CGO_LDFLAGS|CGO_ENABLED|PATH|__GCD_\w+)$/;

let world: World;
let a: string;
beforeAll(() => {
  requireReal();
  ({ world, a } = traceWorld());
  world.startDaemon(); // the traces run with a live daemon reading the journal (down and hung: below)
});
afterAll(() => world.cleanup());

/** `env -0` output as a map of the variables gocondad may touch. */
function snapshot(file: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of fs.readFileSync(file).toString('utf8').split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0 && WATCHED.test(entry.slice(0, eq))) out.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  return out;
}

const STEPS = ['a', 'switch-b', 'back-a', 'stack-b', 'rerun-a', 'reactivate-a', 'none', 'switch-twice'];
const sequence = (out: string) => {
  const dump = (step: string) => `env -0 > "${out}.${step}"`;
  return [
    dump('before'),
    'conda activate a',
    dump('a'),
    'conda activate b',
    dump('switch-b'),
    'conda deactivate',
    dump('back-a'),
    'conda activate --stack b',
    dump('stack-b'),
    'conda deactivate',
    dump('rerun-a'),
    'conda activate a',
    dump('reactivate-a'),
    'conda deactivate',
    dump('none'),
    'conda activate b',
    'conda activate a',
    'conda activate b',
    dump('switch-twice'),
    'conda deactivate',
    'conda deactivate',
    'conda deactivate',
    dump('after'),
  ].join('\n');
};

const EXPECTED: Record<string, [string, string] | null> = {
  a: [GO119, 'a'],
  'switch-b': [GO122, 'b'],
  'back-a': [GO119, 'a'],
  'stack-b': [GO122, 'b'],
  'rerun-a': [GO119, 'a'],
  'reactivate-a': [GO119, 'a'],
  none: null,
  'switch-twice': [GO122, 'b'],
};

// A 4 KB PATH with a dir holding spaces and an empty entry, then the system dirs the emulation needs.
const longPath = () =>
  [
    ...Array.from({ length: 150 }, (_, i) => `/opt/long/path/entry-${String(i).padStart(3, '0')}`),
    path.join(world.dir, 'weird dir'),
    '',
    `${world.root}/condabin`,
    '/usr/bin',
    '/bin',
  ].join(':');

describe.each(FOREIGN_SHELLS)('%s', (shell) => {
  const modes = shell === 'fish' ? ['conda', 'micromamba', 'pixi'] : ['conda', 'micromamba'];
  describe.each(modes)('under %s order', (mode) => {
    const variants: [string, Record<string, string>][] = [
      ['hostile GOPATH and CGO_LDFLAGS, GOROOT unset', { GOPATH: HOSTILE, CGO_LDFLAGS: HOSTILE, GOMODCACHE: '' }],
      ['GOROOT, GOTOOLCHAIN empty, hostile GOBIN, a 4 KB PATH', { GOROOT: '', GOTOOLCHAIN: '', GOBIN: HOSTILE, PATH: 'LONG' }],
      // A world that already holds the thing: the toolchains' bin dirs on PATH (first, last, twice) before any activation.
      ["the toolchains' bin dirs already on PATH, GOROOT set to one of them", { GOROOT: GO122, PATH: 'TOOLCHAINS' }],
    ];
    test.each(variants)('%s: every step right, byte-identical at the end, nothing printed, nothing run', (name, vars) => {
      const out = path.join(world.dir, `snap-${shell}-${mode}-${name.length}`);
      const env = { ...vars };
      if (env.PATH === 'LONG') env.PATH = longPath();
      if (env.PATH === 'TOOLCHAINS') env.PATH = `${GO122}/bin:${world.root}/condabin:/usr/bin:/bin:${GO119}/bin:${GO122}/bin`;
      expect((env.PATH ?? '').length).toBeLessThan(env.PATH ? 8000 : 1);
      const r = world.sh(shell, sequence(out), { mode, env });
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe('');
      expect(r.status).toBe(0);
      const before = snapshot(`${out}.before`);
      for (const step of STEPS) {
        const s = snapshot(`${out}.${step}`);
        const want = EXPECTED[step];
        if (want === null) {
          expect(s.get('GOROOT')).toBe(before.get('GOROOT'));
          continue;
        }
        expect([step, s.get('GOROOT'), s.get('GOPATH'), s.get('PATH')!.split(':')[0]]).toEqual([
          step,
          want[0],
          path.join(world.root, 'envs', want[1], 'share', 'gopath'),
          path.join(want[0], 'bin'),
        ]);
      }
      const after = snapshot(`${out}.after`);
      // pixi runs deactivate.d with the env's bin still on PATH; the marker lasts until the next shim (as in POSIX).
      if (mode === 'pixi') {
        after.delete('__GCD_GONE');
        after.delete('__GCD_GONE_N');
      }
      expect(after).toEqual(before);
      for (const f of ['PWNED1', 'PWNED2']) expect(fs.existsSync(path.join(world.dir, f))).toBe(false);
    });
  });

  test('an env whose prefix holds spaces, quotes, $(...), backticks and !', () => {
    const weird = world.makeEnv(`it's $(touch PWNED3) \`touch PWNED4\` dir!${shell}`);
    world.installShims(weird);
    const d = shell === 'fish' ? fish : csh;
    const shim = (kind: string) => path.join(weird, 'etc', 'conda', `${kind}.d`, `zzz-gocondad${d.extension}`);
    // conda's own csh front end re-lexes env names through an alias and cannot take these characters, so
    // the shims are sourced the way conda's activator does it, with the variables conda would export.
    const set = (name: string, value: string) => `${shell === 'fish' ? 'set -gx' : 'setenv'} ${name} ${d.quote(value)}`;
    const script = [
      set('CONDA_PREFIX', weird),
      set('CONDA_SHLVL', '1'),
      set('PATH', `${path.join(weird, 'bin')}:/usr/bin:/bin`),
      `source ${d.quote(shim('activate'))}`,
      'printenv GOPATH',
      `source ${d.quote(shim('deactivate'))}`,
      shell === 'fish' ? 'set -e CONDA_PREFIX' : 'unsetenv CONDA_PREFIX',
      'printenv GOPATH',
      'echo done',
    ].join('\n');
    const r = world.sh(shell, script);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${path.join(weird, 'share', 'gopath')}\ndone\n`);
    for (const f of ['PWNED3', 'PWNED4']) expect(fs.existsSync(path.join(world.dir, f))).toBe(false);
  });

  test('real Go inside the env: go version, go env, a build', () => {
    const hello = path.join(world.dir, `hello-${shell}`);
    fs.mkdirSync(hello, { recursive: true });
    fs.writeFileSync(path.join(hello, 'go.mod'), 'module example.com/hello\n\ngo 1.19\n');
    fs.writeFileSync(path.join(hello, 'main.go'), 'package main\n\nfunc main() { println("hi") }\n');
    const r = world.sh(shell, `conda activate b\ncd "${hello}"\ngo version\ngo env GOROOT\ngo build -o /dev/null . && echo built\nconda deactivate`, {
      env: { GOPROXY: 'off', GOTOOLCHAIN: 'local' },
    });
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')).toEqual([expect.stringMatching(/^go version go1\.22\.\d+ /), GO122, 'built', '']);
  });

  if (shell === 'tcsh') {
    test('tcsh keeps path in step with PATH', () => {
      const r = world.sh(shell, 'conda activate b\necho $path[1]\nprintenv PATH | cut -d: -f1\nconda deactivate\necho $path[1]');
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(`${GO122}/bin\n${GO122}/bin\n${world.root}/condabin\n`);
    });
  }

  test('an activate that finds its level applied is idempotent; a deactivate with nothing applied is a no-op', () => {
    const out = path.join(world.dir, `idem-${shell}`);
    const r = world.sh(
      shell,
      `env -0 > "${out}.0"\nconda activate a\nenv -0 > "${out}.1"\nsource "${path.join(a, 'etc', 'conda', 'activate.d', `zzz-gocondad.${shell === 'fish' ? 'fish' : 'csh'}`)}"\nenv -0 > "${out}.2"\nconda deactivate\nsource "${path.join(a, 'etc', 'conda', 'deactivate.d', `zzz-gocondad.${shell === 'fish' ? 'fish' : 'csh'}`)}"\nenv -0 > "${out}.3"`,
    );
    expect(r.stderr).toBe('');
    expect(snapshot(`${out}.2`)).toEqual(snapshot(`${out}.1`));
    expect(snapshot(`${out}.3`)).toEqual(snapshot(`${out}.0`));
  });
});

describe.each(FOREIGN_SHELLS)('%s with the daemon', (shell) => {
  let w: World;
  let env: string;
  beforeAll(() => {
    w = new World();
    env = w.makeEnv('live');
    w.installShims(env);
  });
  afterAll(() => w.cleanup());
  const pidLine = shell === 'fish' ? 'echo "pid=$fish_pid"' : 'echo "pid=$$"';

  test('never started: activation works the same', () => {
    const r = w.sh(shell, `conda activate live\nprintenv GOROOT\nconda deactivate`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${GO122}\n`);
  });

  test('status shows the live shell as fish/tcsh; its activation is in the log', async () => {
    w.startDaemon();
    const script = `conda activate live\n${pidLine}\nsleep 30`;
    const child = spawn(shell, w.shellArgs(shell, script), { env: { ...w.env, CONDA_EMU_MODE: 'conda' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    try {
      await w.waitFor(() => /pid=\d+/.test(out), 'the shell to activate');
      const pid = Number(/pid=(\d+)/.exec(out)![1]);
      await w.waitFor(() => w.status().sessions.some((s: any) => s.shellPid === pid), 'the session in status');
      expect(w.status().sessions.find((s: any) => s.shellPid === pid)).toMatchObject({ shell, prefix: env, goroot: GO122 });
      expect(w.cli(['status']).stdout).toMatch(new RegExp(`${pid}\\s+${shell}\\s+live\\s+go1\\.22`));
    } finally {
      process.kill(-child.pid!, 'SIGKILL'); // the shell and its sleep
    }
  });

  test('a hung daemon (SIGSTOP) changes nothing: the sequence completes and restores', () => {
    const pid = w.daemonPid()!;
    process.kill(pid, 'SIGSTOP');
    try {
      const out = path.join(w.dir, `hung-${shell}`);
      const r = w.sh(shell, `env -0 > "${out}.0"\nconda activate live\nprintenv GOROOT\nconda deactivate\nenv -0 > "${out}.1"`, { timeoutMs: 20000 });
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(`${GO122}\n`);
      expect(snapshot(`${out}.1`)).toEqual(snapshot(`${out}.0`));
    } finally {
      process.kill(pid, 'SIGCONT');
    }
  });
});
