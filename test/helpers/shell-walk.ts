// The walk realconda-shells and realmamba-shells take in every shell, under the real `conda activate` and
// the real `micromamba activate`: env a (Go 1.19 by default), env b (pinned to 1.22, with C dirs); switch,
// --stack and the re-run after it, reactivate; the daemon never started, then stopped mid-session. The
// script, what each step must show, and the byte-identical restore are written once here; each suite
// keeps what differs (its world, its shells, where its activator adds condabin, its own extra cases).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { dump, envSnapshot, HOSTILE } from './condaworld';
import { CLI, GO119, GO122 } from './world';

export interface Walk {
  /** The activator's command: `conda` or `micromamba`. */
  tool: string;
  /** Where the snapshots go (and where a hostile value would create PWNED1/PWNED2). */
  dir: string;
  shell: string;
  prefix(env: string): string;
  /** The per-user launcher dir gocondad puts on PATH for a pinned env. */
  launchers: string;
  /**
   * The activator's condabin when its first activate puts it on PATH in this shell (and it stays):
   * conda.csh in tcsh, micromamba's hook in `fish --no-config`. Null where the hook did it already.
   */
  condabinAdded: string | null;
}

/** One snapshot file per shell and step. */
export const snapshot = (w: Walk, step: string): string => path.join(w.dir, `snap-${w.shell}-${step}`);

/**
 * Half the shells start with GOROOT unset and hostile GOPATH/CGO_LDFLAGS, the other half with GOROOT and
 * GOTOOLCHAIN empty and a hostile GOBIN: unset and empty must each come back as they were.
 */
export const startVars = (i: number): Record<string, string> =>
  i % 2 === 0 ? { GOPATH: HOSTILE, CGO_LDFLAGS: HOSTILE, GOMODCACHE: '', GOTOOLCHAIN: '' } : { GOROOT: '', GOBIN: HOSTILE };

/** What each step must show: GOROOT, GOPATH, GOBIN and the whole PATH (the activator's and ours). */
function expected(w: Walk, step: string, basePath: string): Record<string, string> | null {
  const bin = (env: string) => path.join(w.prefix(env), 'bin');
  const a = { GOROOT: GO119, GOPATH: path.join(w.prefix('a'), 'share', 'gopath'), GOBIN: bin('a'), PATH: [`${GO119}/bin`, bin('a'), basePath].join(':') };
  const b = (rest: string[]) => ({
    GOROOT: GO122,
    GOPATH: path.join(w.prefix('b'), 'share', 'gopath'),
    GOBIN: bin('b'),
    GOTOOLCHAIN: 'local+path',
    PATH: [`${GO122}/bin`, w.launchers, bin('b'), ...rest].join(':'),
  });
  switch (step) {
    case 'a':
    case 'back-a':
    case 'rerun-a':
    case 'reactivate-a':
      return a;
    case 'switch-b':
      return b([basePath]);
    case 'stack-b':
      return b([bin('a'), basePath]);
    default:
      return null;
  }
}

/** The walk with no daemon: prints `go version` at a, switch-b and rerun-a; snapshots every step. */
export function walkScript(w: Walk): { script: string; steps: string[] } {
  const steps: string[] = [];
  const at = (step: string) => (steps.push(step), dump(snapshot(w, step)));
  const t = w.tool;
  const script = [
    at('before'),
    `${t} activate a`,
    at('a'),
    'go version',
    `${t} activate b`,
    at('switch-b'),
    'go version',
    `${t} deactivate`,
    at('back-a'),
    `${t} activate --stack b`,
    at('stack-b'),
    `${t} deactivate`,
    at('rerun-a'),
    'go version',
    `${t} activate a`,
    at('reactivate-a'),
    `${t} deactivate`,
    at('none'),
    `${t} activate b`,
    `${t} activate a`,
    `${t} deactivate`,
    `${t} deactivate`,
    at('after'),
  ].join('\n');
  return { script, steps };
}

/** A snapshot with the condabin the activator added (and never takes back) taken out of PATH. */
function withoutCondabin(w: Walk, snap: Map<string, string>): Map<string, string> {
  if (w.condabinAdded) snap.set('PATH', snap.get('PATH')!.replace(`${w.condabinAdded}:`, ''));
  return snap;
}

/** Every step of walkScript as expected, nothing left after the last deactivate, no hostile value run. */
export function expectWalk(w: Walk, steps: string[]): void {
  const before = envSnapshot(snapshot(w, 'before'));
  const basePath = w.condabinAdded ? [w.condabinAdded, before.get('PATH')].join(':') : before.get('PATH')!;
  for (const step of steps) {
    const want = expected(w, step, basePath);
    if (!want) continue;
    const s = envSnapshot(snapshot(w, step));
    const got = Object.fromEntries(Object.keys(want).map((k) => [k, s.get(k)]));
    expect({ step, ...got }).toEqual({ step, ...want });
  }
  expect(envSnapshot(snapshot(w, 'none')).get('GOROOT')).toBe(before.get('GOROOT'));
  expect(withoutCondabin(w, envSnapshot(snapshot(w, 'after')))).toEqual(before);
  for (const f of ['PWNED1', 'PWNED2']) expect(fs.existsSync(path.join(w.dir, f))).toBe(false);
}

/** Activate a, stop the running daemon from inside the shell, switch to b, deactivate both. */
export function midSessionScript(w: Walk): string {
  return [
    dump(snapshot(w, 'd-before')),
    `${w.tool} activate a`,
    `"${process.execPath}" "${CLI}" stop > /dev/null`,
    `${w.tool} activate b`,
    dump(snapshot(w, 'd-b')),
    `${w.tool} deactivate`,
    `${w.tool} deactivate`,
    dump(snapshot(w, 'd-after')),
  ].join('\n');
}

/** b applied with the daemon gone, and everything back as before. */
export function expectMidSession(w: Walk): void {
  expect(envSnapshot(snapshot(w, 'd-b')).get('GOROOT')).toBe(GO122);
  expect(withoutCondabin(w, envSnapshot(snapshot(w, 'd-after')))).toEqual(envSnapshot(snapshot(w, 'd-before')));
}
