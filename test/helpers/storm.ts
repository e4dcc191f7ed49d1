// Many real shells at once, each sourcing the shims of an env for a number of activate/deactivate cycles
// and checking in the shell that every variable gocondad may touch is back byte for byte after each one.
// A FIFO barrier releases them together (no sleeps): each shell says it is ready, then blocks reading a
// line; the caller writes one line per shell once all are ready. Used by the long-record and load tests.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { World } from './world';

export interface StormOptions {
  shells: number;
  cycles: number;
  /** Env prefixes; shell i uses prefixes[(i + c) % n] in cycle c. */
  prefixes: string[];
  /** What GOROOT must be while each prefix is active. */
  goroot: (prefix: string) => string;
  /** The PATH each shell starts with (e.g. 16 KB of entries). */
  path: string;
}

export interface StormResult {
  /** Shell pids, each with its `ok` count (2 per cycle when all is right) and any complaint. */
  shells: { pid: number; ok: number; problems: string }[];
  expectedRecords: number;
}

/** The variables compared byte for byte (unset vs empty too), plus gocondad's own state names. */
const SNAP = `snap() {
  for v in GOROOT GOPATH GOBIN GOMODCACHE GOTOOLCHAIN CGO_CPPFLAGS CGO_LDFLAGS CGO_ENABLED PATH; do
    eval "if [ -n \\"\\\${$v+x}\\" ]; then printf '%s=[%s]' \\"\\$v\\" \\"\\$$v\\"; else printf '%s unset' \\"\\$v\\"; fi"
  done
  env | grep '^__GCD_' | cut -d= -f1 || :
}`;

function script(opts: StormOptions, i: number, barrier: string, readyDir: string): string {
  const q = (s: string) => `'${s.split("'").join(`'\\''`)}'`;
  const lines = ['set -u', SNAP, 'ok=0', `export PATH=${q(opts.path)}`, `: > ${q(readyDir)}/$$`, `read _ < ${q(barrier)}`];
  for (let c = 0; c < opts.cycles; c++) {
    const p = opts.prefixes[(i + c) % opts.prefixes.length]!;
    lines.push(
      'before=$(snap)',
      `export CONDA_PREFIX=${q(p)} CONDA_SHLVL=1 PATH=${q(`${p}/bin`)}:"$PATH"`,
      `. ${q(`${p}/etc/conda/activate.d/zzz-gocondad.sh`)}`,
      `if [ "\${GOROOT-}" = ${q(opts.goroot(p))} ]; then ok=$((ok+1)); else echo "cycle ${c}: GOROOT=\${GOROOT-}"; fi`,
      // As conda deactivates: its PATH (the env's bin gone) is exported before the deactivate scripts run.
      `PATH=\${PATH%%${q(`${p}/bin:`)}*}\${PATH#*${q(`${p}/bin:`)}}`,
      `. ${q(`${p}/etc/conda/deactivate.d/zzz-gocondad.sh`)}`,
      'unset CONDA_PREFIX CONDA_SHLVL',
      `if [ "$(snap)" = "$before" ]; then ok=$((ok+1)); else echo "cycle ${c}: not restored"; fi`,
    );
  }
  lines.push('echo "ok=$ok pid=$$"');
  return lines.join('\n');
}

export async function storm(world: World, opts: StormOptions): Promise<StormResult> {
  const barrier = path.join(world.dir, `barrier-${Date.now()}`);
  const readyDir = `${barrier}.ready`;
  execFileSync('mkfifo', ['-m', '600', barrier]);
  fs.mkdirSync(readyDir);
  // Held open for reading and writing: the shells' opens never block, their reads wait for a line.
  const fd = fs.openSync(barrier, fs.constants.O_RDWR);
  try {
    const done = Array.from(
      { length: opts.shells },
      (_, i) =>
        new Promise<{ pid: number; ok: number; problems: string }>((resolve) => {
          const child = spawn('bash', ['-c', script(opts, i, barrier, readyDir)], { env: world.env, stdio: ['ignore', 'pipe', 'pipe'] });
          let out = '';
          let err = '';
          child.stdout.on('data', (d) => (out += d));
          child.stderr.on('data', (d) => (err += d));
          child.on('close', (code) => {
            const m = /ok=(\d+) pid=(\d+)\s*$/.exec(out);
            resolve({
              pid: m ? Number(m[2]) : -1,
              ok: m ? Number(m[1]) : 0,
              problems: `${out.replace(/ok=\d+ pid=\d+\s*$/, '')}${err}${code === 0 ? '' : `exit ${code}`}`,
            });
          });
        }),
    );
    await world.waitFor(() => fs.readdirSync(readyDir).length === opts.shells, `${opts.shells} shells at the barrier`, 120000);
    fs.writeSync(fd, '\n'.repeat(opts.shells));
    const shells = await Promise.all(done);
    return { shells, expectedRecords: opts.shells * opts.cycles * 2 };
  } finally {
    fs.closeSync(fd);
  }
}

/** A PATH of at least `bytes` bytes: many plausible cluster module dirs, then the system dirs. */
export function longPath(bytes: number): string {
  const parts: string[] = [];
  let len = '/usr/bin:/bin'.length;
  for (let i = 0; len < bytes; i++) {
    const dir = `/opt/cluster/software/modules/pkg-${String(i).padStart(4, '0')}/1.${i % 7}.${i % 3}/bin`;
    parts.push(dir);
    len += dir.length + 1;
  }
  return [...parts, '/usr/bin', '/bin'].join(':');
}

/** The daemon's log as objects. */
export function logLines(world: World): Record<string, unknown>[] {
  return fs
    .readFileSync(world.logFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
