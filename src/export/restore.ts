// The other half of the round trip: a new env created from an exported file gets the Go state back — the
// pin file (so the same toolchain is chosen), its shims, and the GOBIN tools that the local module cache
// can rebuild without a download. Whatever cannot be restored offline is returned with its command.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import YAML from 'yaml';
import { pinFilePath } from '../core/config';
import { describeYamlError } from '../core/yaml-error';
import { EXIT, GocondadError } from '../errors';
import { readInputFile } from '../fsutil';
import type { Context } from '../doctor/context';
import { explain } from '../doctor/explain';
import { planForPrefix } from '../core/envs';
import { installShims } from '../shims/install';
import { readRegistry } from '../shims/registry';
import { STATE_VERSION, toolRestoreCommand, type GoState } from './gostate';

export interface RestoreResult {
  prefix: string;
  pinWritten: boolean;
  shims: string;
  toolchain: { goVersion: string | null; goroot: string | null; chosenBy: string | null };
  /** Same toolchain version chosen for the same reason as in the exported env. */
  agrees: boolean;
  difference: string | null;
  restoredTools: string[];
  notRestored: { what: string; command: string }[];
}

const FROM_HINT = 'give a file written by `conda export --format gocondad` or `gocondad export`';

/**
 * The Go state from an exported file: the `gocondad:` section of an environment file, or the bare state.
 * A file that cannot be read, is empty, is no YAML or holds no state is bad input (exit 2), said in words
 * ("ENOENT: no such file or directory, open '/x.yml'" is what the trial saw).
 */
export function readStateFile(file: string): GoState {
  const text = readInputFile(file, { empty: FROM_HINT });
  const doc = YAML.parseDocument(text);
  if (doc.errors.length > 0) {
    const e = describeYamlError(doc.errors[0]!, text);
    throw new GocondadError(`${file}${e.line ? `:${e.line}` : ''}: ${e.message}`, FROM_HINT, EXIT.USAGE);
  }
  const data: unknown = doc.toJS();
  const state = (data && typeof data === 'object' && 'gocondad' in data ? (data as { gocondad: unknown }).gocondad : data) as Partial<GoState> | null;
  if (!state || typeof state !== 'object' || state.version !== STATE_VERSION || typeof state.toolchain !== 'object') {
    throw new GocondadError(`${file} has no gocondad state of version ${STATE_VERSION}`, 'export it again with `conda export --format gocondad`', EXIT.USAGE);
  }
  return state as GoState;
}

/** GOMODCACHE as `go` would see it in the activated env: the user's shared cache, unless per-env. */
function moduleCache(state: GoState, prefix: string): string {
  if (state.modcache === 'per-env') return path.join(prefix, 'share', 'gomodcache');
  if (process.env.GOMODCACHE) return process.env.GOMODCACHE;
  const gopath = (process.env.GOPATH ?? '').split(':')[0] || path.join(os.homedir(), 'go');
  return path.join(gopath, 'pkg', 'mod');
}

export function restoreGoState(ctx: Context, prefix: string, state: GoState): RestoreResult {
  let pinWritten = false;
  if (state.pin?.text && !fs.existsSync(pinFilePath(prefix))) {
    fs.mkdirSync(path.dirname(pinFilePath(prefix)), { recursive: true });
    fs.writeFileSync(pinFilePath(prefix), state.pin.text);
    pinWritten = true;
  }
  let shims = 'skipped: auto_install is false (gocondad shims install PREFIX)';
  if (ctx.world.config.autoInstall && !readRegistry(ctx.loc).excluded.includes(prefix)) {
    installShims(planForPrefix(prefix, ctx.world, ctx.layout.roots), ctx.loc);
    shims = 'installed';
  }
  const now = explain(ctx, prefix).result;
  const was = state.toolchain;
  const agrees = now.ok === was.ok && now.goVersion === was.goVersion && now.chosenBy === was.chosenBy;
  const difference = agrees
    ? null
    : `exported: ${was.goVersion ?? 'none'} (${was.chosenBy ?? was.why}); here: ${now.goVersion ?? 'none'} (${now.chosenBy ?? now.why})`;

  const restoredTools: string[] = [];
  const notRestored: RestoreResult['notRestored'] = [];
  const gobin = path.join(prefix, 'bin');
  for (const tool of state.tools ?? []) {
    const command = toolRestoreCommand(tool, prefix);
    const what = `${tool.name}: ${tool.path}@${tool.version ?? '?'}`;
    if (!command || !now.goroot) {
      notRestored.push({ what, command: command ?? `rebuild ${tool.name} from its source (${tool.path}) with go install in the activated env` });
      continue;
    }
    // Offline on purpose: only what the module cache already holds (its cache/download is a GOPROXY;
    // GOPROXY=off alone fails on the deprecation lookup `go install mod@version` makes).
    const cache = moduleCache(state, prefix);
    const r = spawnSync(path.join(now.goroot, 'bin', 'go'), ['install', `${tool.path}@${tool.version}`], {
      encoding: 'utf8',
      timeout: 120000,
      env: {
        ...process.env,
        GOROOT: now.goroot,
        GOBIN: gobin,
        GOPROXY: `file://${path.join(cache, 'cache', 'download')}`,
        GOTOOLCHAIN: 'local',
        GOFLAGS: '',
        GOMODCACHE: cache,
        GOSUMDB: 'off',
      },
    });
    if (r.status === 0) restoredTools.push(what);
    else notRestored.push({ what, command });
  }
  return {
    prefix,
    pinWritten,
    shims,
    toolchain: { goVersion: now.goVersion, goroot: now.goroot, chosenBy: now.chosenBy },
    agrees,
    difference,
    restoredTools,
    notRestored,
  };
}
