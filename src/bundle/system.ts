// What the machine's loader would find outside any RPATH/RUNPATH: ld.so.cache (read through
// `ldconfig -p`) and the default dirs; and which libraries are always the system's (glibc).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readElfFile, type ElfInfo } from './elf';
import type { ObjectInfo } from './resolve';

/**
 * glibc and its loader: they must match the kernel ABI and each other on the machine that runs the
 * program, so a bundle never carries them (a conda sysroot's copy included). Everything else from the
 * env — libstdc++ and libgcc_s too, which conda-forge ships newer than most systems — is bundled.
 */
export const BASE_SONAMES: ReadonlySet<string> = new Set([
  'libc.so.6',
  'libm.so.6',
  'libpthread.so.0',
  'libdl.so.2',
  'librt.so.1',
  'libresolv.so.2',
  'libutil.so.1',
  'libanl.so.1',
  'libnsl.so.1',
  'libBrokenLocale.so.1',
  'libmvec.so.1',
  'libc_malloc_debug.so.0',
  'libthread_db.so.1',
  'libnss_files.so.2',
  'libnss_dns.so.2',
  'libnss_compat.so.2',
  'ld-linux-x86-64.so.2',
  'ld-linux-aarch64.so.1',
  'ld-linux-armhf.so.3',
  'ld-linux.so.2',
  'ld64.so.2',
  'ld64.so.1',
]);

export interface CacheEntry {
  name: string;
  /** e.g. `libc6,x86-64`: the ABI ldconfig recorded. */
  flags: string;
  file: string;
}

/** `ldconfig -p` output → entries, in the cache's order (the order the loader prefers). */
export function parseLdconfig(text: string): CacheEntry[] {
  const out: CacheEntry[] = [];
  for (const line of text.split('\n')) {
    // The path starts at its first non-space and runs to the end of the line (`.` never crosses a newline;
    // trailing blanks are trimmed below): so no `$`, and no `.+` that could start with a blank.
    const m = /^\s+(\S+)\s+\(([^)]*)\)(?:\s+OS ABI:[^=]*)?\s+=>\s+(\S.*)/.exec(line);
    if (m) out.push({ name: m[1]!, flags: m[2]!, file: m[3]!.trim() });
  }
  return out;
}

const DEFAULT_DIRS: Record<32 | 64, string[]> = { 64: ['/lib64', '/usr/lib64', '/lib', '/usr/lib'], 32: ['/lib', '/usr/lib'] };

export function toObjectInfo(info: ElfInfo): ObjectInfo {
  return { elfClass: info.elfClass, machine: info.machine, needed: info.needed, rpath: info.rpath, runpath: info.runpath, soname: info.soname };
}

/** Reads ELF facts once per file: a library is looked at from every object that needs it. */
export function cachedInspector(): (file: string) => ObjectInfo | null {
  const cache = new Map<string, ObjectInfo | null>();
  return (file) => {
    if (!cache.has(file)) {
      let info: ElfInfo | null = null;
      try {
        if (fs.statSync(file).isFile()) info = readElfFile(file);
      } catch {
        /* absent: the loader goes on to the next dir */
      }
      cache.set(file, info && toObjectInfo(info));
    }
    return cache.get(file) ?? null;
  };
}

function ldconfigText(): string {
  for (const bin of ['/sbin/ldconfig', '/usr/sbin/ldconfig', 'ldconfig']) {
    const r = spawnSync(bin, ['-p'], { encoding: 'utf8' });
    if (r.status === 0) return r.stdout;
  }
  // Stryker disable next-line StringLiteral: a text without a `name (flags) => path` line reads as an empty cache, whatever it says
  return '';
}

/** The loader's last resort: the cache's entries for the name, then the default dirs; the first that fits. */
export function systemLookup(inspect: (file: string) => ObjectInfo | null): (name: string, like: ObjectInfo) => string | null {
  let cache: CacheEntry[] | null = null;
  return (name, like) => {
    cache ??= parseLdconfig(ldconfigText());
    const candidates = [...cache.filter((e) => e.name === name).map((e) => e.file), ...DEFAULT_DIRS[like.elfClass].map((d) => path.join(d, name))];
    for (const file of candidates) {
      const info = inspect(file);
      if (info && info.elfClass === like.elfClass && info.machine === like.machine) return file;
    }
    return null;
  };
}

/** The loader's $LIB and $PLATFORM on this machine (Debian's multiarch layout for $LIB). */
export function loaderTokens(): { LIB: string; PLATFORM: string } {
  const arch = process.arch === 'x64' ? 'x86_64' : process.arch === 'arm64' ? 'aarch64' : process.arch;
  const multiarch = `lib/${arch}-linux-gnu`;
  return { LIB: fs.existsSync(`/${multiarch}`) ? multiarch : 'lib64', PLATFORM: arch };
}
