// What a bundle run tells the user (and writes as DIR/gocondad-bundle.json): what was bundled, what is
// left to the system, warnings, and sizes against the env. Pure.
import type { LibKind, ResolvedLib } from './resolve';

export interface BundledLib {
  name: string;
  /** Where it came from in the env. */
  from: string;
  bytes: number;
  neededBy: string;
  extra: boolean;
}

export interface SystemLib {
  name: string;
  file: string;
  /** base: glibc and its loader, present on every glibc system; otherwise the target must provide it. */
  base: boolean;
}

export interface BundleReport {
  prefix: string;
  outDir: string;
  importPath: string;
  /** DIR-relative path of the program. */
  program: string;
  goVersion: string | null;
  /** A single static file (pure Go, built with CGO_ENABLED=0). */
  static: boolean;
  cgoPackages: string[];
  bundled: BundledLib[];
  system: SystemLib[];
  warnings: string[];
  sizes: { program: number; libs: number; bundle: number; env: number };
  /** Every file written, DIR-relative: a rerun removes exactly these. */
  files: string[];
}

export function splitByKind(libs: ResolvedLib[]): Record<LibKind, ResolvedLib[]> {
  const out: Record<LibKind, ResolvedLib[]> = { env: [], system: [], base: [] };
  for (const l of libs) out[l.kind].push(l);
  return out;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

function ratio(part: number, whole: number): string {
  if (whole <= 0) return '';
  const pct = (part / whole) * 100;
  return ` (${pct < 0.1 ? '<0.1' : pct.toFixed(1)}% of the env)`;
}

export function formatReport(r: BundleReport): string {
  const out: string[] = [];
  out.push(`bundled ${r.importPath} into ${r.outDir}`);
  out.push(`  program  ${r.program}  ${formatBytes(r.sizes.program)}${r.static ? '  static: a single file, no libraries needed' : ''}`);
  if (!r.static) {
    out.push('', `bundled from the env (${r.bundled.length}), in lib/ with RUNPATH $ORIGIN; the program finds them through $ORIGIN/../lib`);
    for (const b of r.bundled) out.push(`  ${b.name}  ${formatBytes(b.bytes)}  from ${b.from}${b.extra ? '  (extra: dlopen)' : ''}`);
    const base = r.system.filter((s) => s.base);
    const other = r.system.filter((s) => !s.base);
    out.push('', `left to the system (${r.system.length})`);
    if (base.length > 0) out.push(`  glibc: ${base.map((s) => s.name).join(', ')}`);
    for (const s of other) out.push(`  ${s.name}  ${s.file}  (not in the env: the target machine must have it)`);
  }
  for (const w of r.warnings) out.push('', `warning: ${w}`);
  out.push(
    '',
    `size: bundle ${formatBytes(r.sizes.bundle)}${ratio(r.sizes.bundle, r.sizes.env)}, env ${formatBytes(r.sizes.env)} (its files, symlinks followed)`,
  );
  return `${out.join('\n')}\n`;
}
