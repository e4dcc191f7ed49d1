// An env's Go state as `conda export` records it (through the conda plugin): the toolchain chosen and
// why, the pin file, the GOPATH/GOBIN/GOMODCACHE policy, the cgo policy, and the Go tools in GOBIN with
// the `module@version` that rebuilds them. Decisions come from the same modules as `gocondad explain`.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadPinFile, pinFilePath, type UserConfig } from '../core/config';
import { inputFileError } from '../fsutil';
import type { Context } from '../doctor/context';
import { explain } from '../doctor/explain';

export const STATE_VERSION = 1;

export interface GoTool {
  /** The file in GOBIN. */
  name: string;
  /** Main package path (`path` line of `go version -m`). */
  path: string;
  /** Main module and its version; version `(devel)` means built from a local checkout. */
  module: string | null;
  version: string | null;
  /** The Go that built it. */
  go: string;
}

export interface GoState {
  version: number;
  toolchain: { ok: boolean; goVersion: string | null; goroot: string | null; chosenBy: string | null; why: string };
  /** The env's etc/gocondad.yml, verbatim (restored as is), and what it says. */
  pin: { text: string; go: string | null; goroot: string | null; cgo: string | null } | null;
  gopath: { policy: string; value: string | null };
  gobin: string | null;
  modcache: 'shared' | 'per-env';
  cgo: { policy: string; from: 'pin' | 'config' };
  tools: GoTool[];
  /** What a new env cannot get from this file offline, each with the command that restores it. */
  restore: { what: string; command: string }[];
}

/** `go version -m DIR` output → the tools that are not Go's own commands. */
export function parseVersionM(text: string, dir: string): GoTool[] {
  const tools: GoTool[] = [];
  let cur: GoTool | null = null;
  for (const line of text.split('\n')) {
    const head = /^(.*): (go\S+)$/s.exec(line); // s: go prints names as they are, and `.` alone stops at a CR, U+2028 or U+2029
    if (head && !line.startsWith('\t')) {
      cur = { name: path.relative(dir, head[1]!) || path.basename(head[1]!), path: '', module: null, version: null, go: head[2]! };
      tools.push(cur);
      continue;
    }
    const f = line.split('\t');
    if (!cur || f[0] !== '') continue;
    if (f[1] === 'path') cur.path = f[2] ?? '';
    if (f[1] === 'mod') {
      cur.module = f[2] ?? null;
      cur.version = f[3] ?? null;
    }
  }
  return tools.filter((t) => t.path !== '' && !t.path.startsWith('cmd/'));
}

function gopathPolicy(config: UserConfig): string {
  return config.gopath.kind === 'template' ? `template ${config.gopath.template}` : config.gopath.kind;
}

/** How to get a tool back; null when the file cannot say (built from a local checkout). */
export function toolRestoreCommand(tool: GoTool, prefix: string): string | null {
  if (!tool.module || !tool.version || tool.version === '(devel)') return null;
  return `conda run -p ${prefix} go install ${tool.path}@${tool.version}`;
}

export function goState(ctx: Context, prefix: string): GoState {
  const e = explain(ctx, prefix);
  const { pin } = loadPinFile(prefix);
  let pinText: string | null = null;
  try {
    pinText = fs.readFileSync(pinFilePath(prefix), 'utf8');
  } catch (err) {
    // No pin, or one that cannot be read: an export without it would restore another toolchain.
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw inputFileError(err, pinFilePath(prefix));
  }
  const value = (name: string) => {
    const v = e.variables.find((x) => x.name === name);
    return v && v.effect.startsWith('= ') ? v.effect.slice(2) : null;
  };
  const gobin = value('GOBIN');
  let tools: GoTool[] = [];
  const restore: GoState['restore'] = [];
  if (gobin && e.result.goroot && fs.existsSync(gobin)) {
    const r = spawnSync(path.join(e.result.goroot, 'bin', 'go'), ['version', '-m', gobin], {
      encoding: 'utf8',
      timeout: 30000,
      env: { ...process.env, GOTOOLCHAIN: 'local', GOROOT: e.result.goroot },
    });
    // Stryker disable next-line StringLiteral: stdout is null only when go could not start; parseVersionM finds no tool in any text without a `: go` head line, so '' and the mutant's text both give [].
    tools = parseVersionM(r.stdout ?? '', gobin);
  }
  for (const t of tools) {
    const command = toolRestoreCommand(t, prefix);
    restore.push({
      what: `${t.name}: ${t.path}@${t.version ?? '?'} (built by ${t.go})`,
      command: command ?? `rebuild ${t.name} from its source (built from a local checkout, ${t.path}) with go install in the activated env`,
    });
  }
  return {
    version: STATE_VERSION,
    toolchain: { ok: e.result.ok, goVersion: e.result.goVersion, goroot: e.result.goroot, chosenBy: e.result.chosenBy, why: e.result.why },
    pin: pinText === null ? null : { text: pinText, go: pin?.go ?? null, goroot: pin?.goroot ?? null, cgo: pin?.cgo ?? null },
    gopath: { policy: gopathPolicy(ctx.world.config), value: value('GOPATH') },
    gobin,
    modcache: ctx.world.config.isolateModcache ? 'per-env' : 'shared',
    cgo: pin?.cgo ? { policy: pin.cgo, from: 'pin' } : { policy: ctx.world.config.cgo, from: 'config' },
    tools,
    restore,
  };
}
