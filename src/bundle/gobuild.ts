// Asking the env's Go what the package is (`go list`) and building it (`go build`).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { BundleError } from './errors';
import type { Env } from './activation';

export interface MainPackage {
  importPath: string;
  dir: string;
  /** The file name `go build`/`go install` would give the binary. */
  binName: string;
  /** Non-standard packages in its build graph with cgo files: empty = a pure Go program. */
  cgoPackages: string[];
}

/**
 * With cgo off, Go hides every file that imports "C": a package made only of them is "excluded", so a
 * cgo program never reaches a "needs cgo" check of ours, and Go's words name no cause. When the same
 * list passes with cgo on, cgo off is the cause (a package excluded for another reason still fails).
 * Off means CGO_ENABLED=0, or (Go 1.20 on) CGO_ENABLED unset or empty with no C compiler on PATH; so the
 * list is rerun whatever CGO_ENABLED says (with 1 already, it fails again: a go run on an error path).
 */
function cgoOffHint(goBin: string, args: string[], env: Env, cwd: string): string | null {
  if (run(goBin, args, { ...env, CGO_ENABLED: '1' }, cwd).status !== 0) return null;
  return env.CGO_ENABLED === '0'
    ? 'CGO_ENABLED=0 hides the files that import "C": unset CGO_ENABLED (or set it to 1) and bundle again'
    : 'Go turned cgo off (CGO_ENABLED unset, no C compiler on PATH), which hides the files that import "C": install one into the env (conda install c-compiler) or name it in CC, then bundle again';
}

function run(goBin: string, args: string[], env: Env, cwd: string): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(goBin, args, { env, cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new BundleError(`cannot run ${goBin}: ${r.error.message}`, 'check the env’s toolchain with: gocondad doctor');
  // Stryker disable next-line UnaryOperator: a status is only compared with 0, and -1 and +1 both are not 0
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** One line per package; fields separated by a tab (import paths and dirs hold no tabs in practice). */
export function parseListLine(line: string): { name: string; importPath: string; dir: string; target: string } {
  // split gives at least one element: the name needs no default.
  const [name, importPath = '', dir = '', target = ''] = line.split('\t') as [string, ...string[]];
  return { name, importPath, dir, target };
}

export function describeMain(goBin: string, pkg: string, env: Env, cwd: string): MainPackage {
  const listArgs = ['list', '-f', '{{.Name}}\t{{.ImportPath}}\t{{.Dir}}\t{{.Target}}', pkg];
  const listed = run(goBin, listArgs, env, cwd);
  if (listed.status !== 0) {
    throw new BundleError(
      `go list ${pkg} failed in ${cwd}: ${listed.stderr.trim()}`,
      cgoOffHint(goBin, listArgs, env, cwd) ?? 'run gocondad bundle in the module’s directory, or name the main package (e.g. ./cmd/app)',
    );
  }
  const lines = listed.stdout.split('\n').filter((l) => l !== '');
  if (lines.length !== 1) {
    throw new BundleError(`${pkg} names ${lines.length} packages`, 'name exactly one main package, e.g. gocondad bundle ./cmd/app -o DIR');
  }
  const p = parseListLine(lines[0]!);
  if (p.name !== 'main') {
    throw new BundleError(
      `${p.importPath} is package ${p.name}, not a main package: there is no program to bundle`,
      'name a package with `package main` and a func main, e.g. gocondad bundle ./cmd/app -o DIR',
    );
  }
  const depsArgs = ['list', '-deps', '-f', '{{if not .Standard}}{{if .CgoFiles}}{{.ImportPath}}{{end}}{{end}}', pkg];
  const deps = run(goBin, depsArgs, env, cwd);
  if (deps.status !== 0)
    throw new BundleError(
      `go list -deps ${pkg} failed: ${deps.stderr.trim()}`,
      cgoOffHint(goBin, depsArgs, env, cwd) ?? 'fix the build error above, then bundle again',
    );
  const binName = p.target !== '' ? path.basename(p.target) : defaultBinName(p.importPath);
  return { importPath: p.importPath, dir: p.dir, binName, cgoPackages: deps.stdout.split('\n').filter((l) => l !== '') };
}

/** Go's rule when it knows no target: the last path element, skipping a major-version suffix (…/v2). */
export function defaultBinName(importPath: string): string {
  const parts = importPath.split('/');
  const last = parts[parts.length - 1] ?? importPath;
  return /^v\d+$/.test(last) && parts.length > 1 ? parts[parts.length - 2]! : last;
}

export function goBuild(goBin: string, pkg: string, out: string, env: Env, cwd: string): void {
  // -trimpath: the shipped binary names no directory of the build machine (nor the env's prefix).
  const r = run(goBin, ['build', '-trimpath', '-o', out, pkg], env, cwd);
  if (r.status !== 0)
    throw new BundleError(`go build ${pkg} failed:\n${r.stderr.trim()}`, 'the same build inside the activated env shows the error; fix it, then bundle again');
}
