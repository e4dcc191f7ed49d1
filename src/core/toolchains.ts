// Finding Go toolchains on disk. A toolchain is valid only with an executable bin/go, a src/runtime
// directory and a readable VERSION file; the version is read from that file, never by running `go`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { releaseToSemver, versionFromVersionFile } from './goversion';
import { isExecutableFile } from '../fsutil';

export interface Toolchain {
  /** The root as found (used as GOROOT). */
  root: string;
  /** Go's own spelling from VERSION, e.g. "go1.22.12". */
  version: string;
  /** The same as semver, ordered like Go (see goversion.ts). */
  semver: string;
}

export type Inspection = { ok: true; toolchain: Toolchain } | { ok: false; root: string; reason: string };

export function inspectToolchain(root: string): Inspection {
  const fail = (reason: string): Inspection => ({ ok: false, root, reason });
  if (!isExecutableFile(path.join(root, 'bin', 'go'))) return fail('no executable bin/go');
  try {
    if (!fs.statSync(path.join(root, 'src', 'runtime')).isDirectory()) return fail('src/runtime is not a directory');
  } catch {
    return fail('no src/runtime (not a Go root: a conda prefix or a bare binary dir?)');
  }
  let text: string;
  try {
    text = fs.readFileSync(path.join(root, 'VERSION'), 'utf8');
  } catch {
    return fail('no readable VERSION file');
  }
  const version = versionFromVersionFile(text);
  const sv = version === null ? null : releaseToSemver(version);
  if (version === null || sv === null) return fail(`VERSION does not start with a Go release (${JSON.stringify(text.split('\n')[0])})`);
  return { ok: true, toolchain: { root, version, semver: sv } };
}

function listDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** The usual install locations, most specific first. */
export function systemToolchainCandidates(home: string): string[] {
  const out = ['/usr/local/go'];
  for (const name of listDir('/usr/lib')) if (/^go-\d/.test(name)) out.push(path.join('/usr/lib', name));
  out.push('/usr/lib/go');
  for (const name of listDir(path.join(home, 'sdk'))) if (/^go\d/.test(name)) out.push(path.join(home, 'sdk', name));
  for (const name of listDir(path.join(home, 'go', 'sdk'))) out.push(path.join(home, 'go', 'sdk', name));
  out.push('/opt/homebrew/opt/go/libexec', '/usr/local/opt/go/libexec', '/home/linuxbrew/.linuxbrew/opt/go/libexec');
  return out;
}

/**
 * The directories whose listing decides which toolchains exist (watched shallowly by the daemon), mirroring
 * `systemToolchainCandidates` and `expandSearchDir`.
 */
export function toolchainWatchDirs(configured: string[], systemToolchains: boolean, home: string): { dir: string; match?: RegExp }[] {
  const out: { dir: string; match?: RegExp }[] = configured.map((dir) => ({ dir }));
  if (systemToolchains) {
    out.push(
      { dir: '/usr/local', match: /^go$/ },
      { dir: '/usr/lib', match: /^go(-\d.*)?$/ },
      { dir: path.join(home, 'sdk'), match: /^go\d/ },
      { dir: path.join(home, 'go', 'sdk') },
      { dir: '/opt/homebrew/opt/go', match: /^libexec$/ },
      { dir: '/usr/local/opt/go', match: /^libexec$/ },
    );
  }
  return out;
}

/** Expands configured search dirs: each is a toolchain root, or a directory whose children are. */
export function expandSearchDir(dir: string): string[] {
  if (fs.existsSync(path.join(dir, 'bin', 'go'))) return [dir];
  return listDir(dir).map((name) => path.join(dir, name));
}

export interface Discovery {
  toolchains: Toolchain[];
  rejected: { root: string; reason: string }[];
}

/** Valid toolchains from the candidates, deduplicated by real path (first spelling wins). */
export function discoverToolchains(candidates: string[]): Discovery {
  const seen = new Set<string>();
  const toolchains: Toolchain[] = [];
  const rejected: { root: string; reason: string }[] = [];
  for (const root of candidates) {
    let real: string;
    try {
      real = fs.realpathSync(root);
    } catch {
      continue; // absent: not worth reporting, most usual places do not exist on a given machine
    }
    if (seen.has(real)) continue;
    seen.add(real);
    const result = inspectToolchain(root);
    if (result.ok) toolchains.push(result.toolchain);
    else rejected.push({ root, reason: result.reason });
  }
  return { toolchains, rejected };
}
