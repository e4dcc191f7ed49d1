// conda platforms (subdirs) as Go platforms, and what an env's conda-meta says its platform is.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GO_ACTIVATION_SCRIPT } from './go-vars';

export interface GoPlatform {
  goos: string;
  goarch: string;
}

/** conda subdir -> GOOS/GOARCH. Anything not listed is reported, never guessed. */
export const SUBDIR_TO_GO: Record<string, GoPlatform> = {
  'linux-64': { goos: 'linux', goarch: 'amd64' },
  'linux-32': { goos: 'linux', goarch: '386' },
  'linux-aarch64': { goos: 'linux', goarch: 'arm64' },
  'linux-armv6l': { goos: 'linux', goarch: 'arm' },
  'linux-armv7l': { goos: 'linux', goarch: 'arm' },
  'linux-ppc64le': { goos: 'linux', goarch: 'ppc64le' },
  'linux-ppc64': { goos: 'linux', goarch: 'ppc64' },
  'linux-s390x': { goos: 'linux', goarch: 's390x' },
  'linux-riscv64': { goos: 'linux', goarch: 'riscv64' },
  'osx-64': { goos: 'darwin', goarch: 'amd64' },
  'osx-arm64': { goos: 'darwin', goarch: 'arm64' },
  'win-64': { goos: 'windows', goarch: 'amd64' },
  'win-32': { goos: 'windows', goarch: '386' },
  'win-arm64': { goos: 'windows', goarch: 'arm64' },
  'freebsd-64': { goos: 'freebsd', goarch: 'amd64' },
  'wasi-wasm32': { goos: 'wasip1', goarch: 'wasm' },
};

/**
 * Every platform conda knows (conda's KNOWN_SUBDIRS without noarch, which is no platform of its own):
 * the values `sync --platform` takes. Kept equal to the real conda's list by a test.
 */
export const CONDA_SUBDIRS = [
  'emscripten-wasm32',
  'wasi-wasm32',
  'freebsd-64',
  'linux-32',
  'linux-64',
  'linux-aarch64',
  'linux-armv6l',
  'linux-armv7l',
  'linux-ppc64',
  'linux-ppc64le',
  'linux-riscv64',
  'linux-s390x',
  'osx-64',
  'osx-arm64',
  'win-32',
  'win-64',
  'win-arm64',
  'zos-z',
] as const;

export type PlatformFinding =
  { subdir: string; go: GoPlatform } | { subdir: string; go: null; problem: string } | { subdir: null; go: null; problem: string | null };

export function goPlatformOf(subdir: string): PlatformFinding {
  const go = SUBDIR_TO_GO[subdir];
  if (go) return { subdir, go };
  return { subdir, go: null, problem: `conda platform ${subdir} has no known Go GOOS/GOARCH; set them yourself if you build for it` };
}

/**
 * The platform-specific subdirs an env's packages came from, counted. conda-meta/history lists every
 * package as `+channel/subdir::name-version-build`; the package records (conda-meta/*.json) carry a
 * "subdir" key near their end, so only their tails are read.
 */
export function subdirsFromHistory(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of text.matchAll(/^[+-]\S*?([a-z0-9]+-[a-z0-9_]+)::/gm)) {
    // "noarch" never matches: a platform subdir has a dash.
    const subdir = m[1]!;
    counts.set(subdir, (counts.get(subdir) ?? 0) + 1);
  }
  return counts;
}

function readTail(file: string, bytes: number): string {
  let fd: number | null = null;
  try {
    fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    const len = Math.min(bytes, size);
    const buf = Buffer.alloc(len);
    fs.readSync(fd, buf, 0, len, size - len);
    return buf.toString('utf8');
  } catch {
    // Stryker disable next-line StringLiteral: the caller looks only for a "subdir" key, which no stand-in text holds either.
    return '';
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/** The env's platform, from conda-meta (null when it holds no platform-specific package). */
export function envPlatform(prefix: string): PlatformFinding {
  const meta = path.join(prefix, 'conda-meta');
  // Stryker disable next-line StringLiteral: kept only when the history cannot be read; a stand-in text holds no package line either.
  let history = '';
  try {
    history = fs.readFileSync(path.join(meta, 'history'), 'utf8');
  } catch {
    /* none */
  }
  const counts = subdirsFromHistory(history);
  if (counts.size === 0) {
    // Stryker disable next-line ArrayDeclaration: kept only when conda-meta cannot be listed, and then no name in it can be read either.
    let records: string[] = [];
    try {
      records = fs
        .readdirSync(meta)
        .filter((f) => f.endsWith('.json'))
        .slice(0, 20);
    } catch {
      /* none */
    }
    for (const r of records) {
      const m = /"subdir":\s*"([^"]+)"/.exec(readTail(path.join(meta, r), 4096));
      if (m && m[1] !== 'noarch') counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
    }
  }
  if (counts.size === 0) return { subdir: null, go: null, problem: null };
  const [subdir] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
  if (counts.size > 1) {
    const finding = goPlatformOf(subdir);
    const others = [...counts.keys()].filter((s) => s !== subdir).join(', ');
    return finding.go ? { subdir, go: null, problem: `packages from several platforms (${subdir}, ${others}); GOOS/GOARCH not checked` } : finding;
  }
  return goPlatformOf(subdir);
}

/** conda-forge's go packages ship activation scripts that set GOROOT, CGO_ENABLED, GOOS/GOARCH. */
export function hasGoActivation(prefix: string): boolean {
  try {
    return fs.readdirSync(path.join(prefix, 'etc', 'conda', 'activate.d')).some((f) => GO_ACTIVATION_SCRIPT.test(f));
  } catch {
    return false;
  }
}
