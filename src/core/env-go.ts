// The env's own Go (conda-forge's `go` package: the tree at $PREFIX/go), and when a tree there is not one.
// micromamba (2.2.0, and still 2.8.1) never runs a package's pre-unlink script: after `micromamba remove
// go`, a go package whose $PREFIX/go layout is made by post-link (and unmade by pre-unlink, as conda runs
// it) leaves $PREFIX/go and bin/go behind. conda-meta says the package is gone: no record for it, and the
// history's last change to it is a removal. Such a tree is a leftover, not the env's Go.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inspectToolchain, type Inspection } from './toolchains';

/** `+channel/subdir::go-1.23.5-0` / `-…` lines of conda-meta/history (conda and micromamba write both). */
const GO_CHANGE = /^([+-])\S*::go-[^-\s]+-[^-\s]+\s*$/;

/** Pure: whether the history's last change to the `go` package removed it. */
export function goRemovedInHistory(history: string): boolean {
  let last: string | null = null;
  for (const line of history.split('\n')) {
    const m = GO_CHANGE.exec(line.trim());
    if (m) last = m[1]!;
  }
  return last === '-';
}

/** A conda-meta record of a package named `go` (`go-<version>-<build>.json`). */
function hasGoRecord(meta: string): boolean {
  try {
    return fs.readdirSync(meta).some((f) => /^go-[^-]+-[^-]+\.json$/.test(f));
  } catch {
    return false;
  }
}

/** Whether $PREFIX/go, though there, is a removed go package's leftover rather than the env's Go. */
export function envGoLeftover(prefix: string): boolean {
  const meta = path.join(prefix, 'conda-meta');
  if (hasGoRecord(meta)) return false;
  let history: string;
  try {
    history = fs.readFileSync(path.join(meta, 'history'), 'utf8');
  } catch {
    return false;
  }
  return goRemovedInHistory(history);
}

/** The env's own Go toolchain at $PREFIX/go, or null: none there, or a removed package's leftover. */
export function envGo(prefix: string): Inspection | null {
  const root = path.join(prefix, 'go');
  if (!fs.existsSync(path.join(root, 'bin', 'go'))) return null;
  if (envGoLeftover(prefix)) return null;
  return inspectToolchain(root);
}
