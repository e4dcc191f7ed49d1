// A temp world for the unit tests of setup's executors (src/setup/execute.ts, uninstall.ts): a HOME, a
// private runtime dir, a conda root laid out as conda lays it out (conda-meta/history marks an env), the
// real Go 1.22 toolchain configured, and hooks that record every call in order. Conda and pip are never
// run: the runner answers for them (test/integration/setup.test.ts runs the real ones).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveLocations, type Env, type Locations } from '../../src/paths';
import type { RunResult, Runner } from '../../src/service/types';
import type { SetupHooks } from '../../src/setup/execute';
import type { UninstallHooks } from '../../src/setup/uninstall';
import { manifestPath, type Manifest } from '../../src/setup/manifest';
import { GO122 } from './world';

/** The version of the real toolchain the world configures, as `go version` says it (go1.22.12 → 1.22.12). */
export function go122Version(): string {
  const file = path.join(GO122, 'VERSION');
  if (!fs.existsSync(file))
    throw new Error(`${GO122} is missing: run \`bash scripts/ensure-test-deps\` (as root or with sudo) or apt-get install golang-1.22-go (bookworm-backports)`);
  return fs.readFileSync(file, 'utf8').split('\n')[0]!.replace(/^go/, '');
}

export class SetupWorld {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-setup-world-'));
  readonly home = path.join(this.dir, 'home');
  readonly root = path.join(this.dir, 'conda');
  readonly env: Env;
  readonly loc: Locations;

  constructor(extra: Env = {}) {
    fs.mkdirSync(path.join(this.dir, 'run'), { mode: 0o700 });
    fs.mkdirSync(path.join(this.home, '.config', 'gocondad'), { recursive: true });
    fs.writeFileSync(path.join(this.home, '.config', 'gocondad', 'config.yml'), `system_toolchains: false\ntoolchains:\n  - ${GO122}\n`);
    for (const f of ['bin/conda', 'bin/python', 'conda-meta/history']) this.write(path.join(this.root, f), '');
    this.env = { HOME: this.home, XDG_RUNTIME_DIR: path.join(this.dir, 'run'), CONDA_ROOT: this.root, SHELL: '/bin/bash', PATH: '/usr/bin:/bin', ...extra };
    this.loc = resolveLocations(this.env);
  }

  /** A new env under the root's envs/ (its conda-meta/history is what makes it one). */
  envPrefix(name: string): string {
    const prefix = path.join(this.root, 'envs', name);
    this.write(path.join(prefix, 'conda-meta', 'history'), '');
    return prefix;
  }

  write(file: string, text: string): string {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  }

  read(file: string): string {
    return fs.readFileSync(file, 'utf8');
  }

  /** Every file and directory under the world, relative to it, with its mode: what a step added or removed. */
  files(): string[] {
    const out: string[] = [];
    const walk = (p: string) => {
      const st = fs.lstatSync(p);
      const rel = path.relative(this.dir, p);
      if (st.isDirectory()) {
        if (rel) out.push(`${rel}/`);
        for (const e of fs.readdirSync(p).sort()) walk(path.join(p, e));
      } else out.push(`${rel} ${(st.mode & 0o777).toString(8)}`);
    };
    walk(this.dir);
    return out;
  }

  cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true, maxRetries: 5 });
  }
}

/** Fakes only Date, at `now` (the record's updatedAt is then known): every timer and tick runs as usual. */
export function onlyDateAt(now: string): void {
  const timers = ['nextTick', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] as const;
  jest.useFakeTimers({ now: new Date(now), doNotFake: [...timers, 'hrtime', 'performance'] });
}

/** What a runner answers for one call: status 0 and nothing printed unless it says otherwise. */
export type Answer = (cmd: string, args: string[]) => Partial<RunResult> | undefined;

/**
 * A runner that answers each call from `answer` and records it into `events` as `run <cmd> <args>`, the
 * world's dir written W (as in every recorded event) and installPlugin's private copy of the plugin source
 * (a new temp dir each time) as `<private copy>/python-shim`.
 */
export function recordingRunner(w: SetupWorld, events: string[], answer: Answer = () => undefined): Runner {
  const copy = path.join(os.tmpdir(), 'gocondad-plugin-');
  const show = (a: string) => (a.startsWith(copy) ? `<private copy>/${path.basename(a)}` : a.replaceAll(w.dir, 'W'));
  return (cmd, args) => {
    events.push(`run ${[cmd, ...args].map(show).join(' ')}`);
    return { status: 0, stdout: '', stderr: '', ...answer(cmd, args) };
  };
}

/**
 * Setup's hooks, each recording into `events` in order: `print`, `progress`, `confirm` (answered by
 * `yes`), `stopDaemon` and `startDaemon` (answering `stopped` and "daemon started"), and `checkpoint`,
 * which records what setup.json says at that moment (service, plugin roots, env names: the record must be
 * written before each stop), refuses any state but SETUP_RERUN and throws at the `stopAt`-th call (an
 * interrupt). The world's dir is written W.
 */
export function setupHooks(w: SetupWorld, events: string[], o: { answer?: Answer; yes?: boolean; stopped?: string | null; stopAt?: number } = {}): SetupHooks {
  let checkpoints = 0;
  return {
    run: recordingRunner(w, events, o.answer),
    confirm: async (q) => (events.push(`confirm ${q}`), o.yes ?? false),
    startDaemon: async () => (events.push('startDaemon'), 'gocondad daemon started (pid 4242)'),
    stopDaemon: async () => (events.push('stopDaemon'), o.stopped ?? null),
    print: (line) => events.push(line.replaceAll(w.dir, 'W')),
    progress: (step) => events.push(`progress ${step.replaceAll(w.dir, 'W')}`),
    checkpoint: async (state) => {
      const m = JSON.parse(w.read(manifestPath(w.loc))) as Manifest;
      const names = m.envs.map((e) => path.basename(e)).join(',');
      events.push(`checkpoint service=${m.service} plugins=${m.plugins.map((p) => p.root.replaceAll(w.dir, 'W')).join(',')} envs=${names}`);
      if (state !== SETUP_RERUN) throw new Error(`checkpoint state: ${state}`);
      checkpoints += 1;
      if (checkpoints === o.stopAt) throw new Error('interrupted (SIGINT)');
    },
  };
}

/** What setup tells a user interrupted at a checkpoint (cli/signals.ts prints it). */
export const SETUP_RERUN = 'what was done so far is whole and recorded in setup.json; run `gocondad setup` again to finish, or `gocondad uninstall` to undo it';

/** What uninstall tells a user interrupted at a checkpoint. */
export const UNINSTALL_RERUN = 'each step done so far is whole; run `gocondad uninstall` again to finish';

/** Uninstall's hooks, recording as setupHooks does; `checkpoint` records itself and throws at the `stopAt`-th call. */
export function uninstallHooks(w: SetupWorld, events: string[], o: { answer?: Answer; stopped?: string | null; stopAt?: number } = {}): UninstallHooks {
  let checkpoints = 0;
  return {
    run: recordingRunner(w, events, o.answer),
    stopDaemon: async () => (events.push('stopDaemon'), o.stopped ?? null),
    print: (line) => events.push(line.replaceAll(w.dir, 'W')),
    checkpoint: async (state) => {
      events.push('checkpoint');
      if (state !== UNINSTALL_RERUN) throw new Error(`checkpoint state: ${state}`);
      checkpoints += 1;
      if (checkpoints === o.stopAt) throw new Error('interrupted (SIGINT)');
    },
  };
}
