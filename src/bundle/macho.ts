// macOS: the Mach-O side of bundling, as pure pieces (a reader of the load commands that matter, dyld's
// search, and the install_name_tool/codesign steps as data). Not wired into `gocondad bundle` yet: the
// steps cannot be run on Linux, and an untested path should not pretend to work (docs/bundle.md: "Bundles on macOS").
//
// dyld's rules reproduced (dyld(1), "Dynamic Library Loading" in Apple's docs):
// - a dependency is named by its install name (LC_LOAD_DYLIB, LC_LOAD_WEAK_DYLIB, LC_REEXPORT_DYLIB);
// - `@executable_path/x` is relative to the main executable's dir; `@loader_path/x` to the dir of the
//   image whose load command it is;
// - `@rpath/x` is tried against each LC_RPATH of the image that needs it, then of the image that loaded
//   that one, and so on up to the executable (rpaths accumulate, unlike ELF's RUNPATH); an LC_RPATH may
//   itself start with @loader_path (relative to the image holding it) or @executable_path;
// - /usr/lib and /System are the system's (since macOS 11 they live in the shared cache, not on disk).
import * as path from 'node:path';
import { isInside } from './resolve';

export const LC = { LOAD_DYLIB: 0xc, ID_DYLIB: 0xd, LOAD_WEAK_DYLIB: 0x80000018, RPATH: 0x8000001c, REEXPORT_DYLIB: 0x8000001f } as const;

export interface MachOInfo {
  /** LC_ID_DYLIB of a dylib; null for an executable. */
  id: string | null;
  deps: string[];
  rpaths: string[];
}

/** The load commands of a thin 64-bit little-endian Mach-O (what arm64 and x86_64 macOS use). */
export function parseMachO(buf: Buffer): MachOInfo {
  if (buf.length < 32 || buf.readUInt32LE(0) !== 0xfeedfacf)
    throw new Error('not a thin 64-bit little-endian Mach-O (a universal binary must be thinned first: lipo -thin ARCH)');
  const ncmds = buf.readUInt32LE(16);
  const info: MachOInfo = { id: null, deps: [], rpaths: [] };
  let at = 32;
  for (let i = 0; i < ncmds; i += 1) {
    if (at + 8 > buf.length) throw new Error('truncated Mach-O load commands');
    const cmd = buf.readUInt32LE(at);
    const size = buf.readUInt32LE(at + 4);
    if (size < 8 || at + size > buf.length) throw new Error(`bad load command size ${size} at ${at}`);
    const str = () => {
      const off = buf.readUInt32LE(at + 8);
      const end = buf.indexOf(0, at + off);
      return buf.toString('utf8', at + off, end < 0 || end > at + size ? at + size : end);
    };
    if (cmd === LC.ID_DYLIB) info.id = str();
    else if (cmd === LC.LOAD_DYLIB || cmd === LC.LOAD_WEAK_DYLIB || cmd === LC.REEXPORT_DYLIB) info.deps.push(str());
    else if (cmd === LC.RPATH) info.rpaths.push(str());
    at += size;
  }
  return info;
}

export interface MachOLib {
  installName: string;
  file: string;
  neededBy: string;
  kind: 'env' | 'system';
}

export interface MachOResolution {
  libs: MachOLib[];
  missing: { installName: string; neededBy: string; tried: string[] }[];
}

interface Image {
  file: string;
  info: MachOInfo;
  loader: Image | null;
}

export function isSystemInstallName(name: string): boolean {
  return name.startsWith('/usr/lib/') || name.startsWith('/System/');
}

export function resolveMachO(input: {
  executable: { file: string; info: MachOInfo };
  inspect: (file: string) => MachOInfo | null;
  envPrefix: string;
}): MachOResolution {
  const exeDir = path.dirname(input.executable.file);
  const root: Image = { ...input.executable, loader: null };
  const byFile = new Map<string, Image>([[root.file, root]]);
  const out: MachOResolution = { libs: [], missing: [] };
  const subst = (p: string, image: Image) => p.replace(/^@executable_path(?=\/|$)/, exeDir).replace(/^@loader_path(?=\/|$)/, path.dirname(image.file));
  const queue: Image[] = [root];
  for (let i = 0; i < queue.length; i += 1) {
    const image = queue[i]!;
    for (const name of image.info.deps) {
      if (isSystemInstallName(name)) {
        if (!out.libs.some((l) => l.installName === name)) out.libs.push({ installName: name, file: name, neededBy: image.file, kind: 'system' });
        continue;
      }
      const tried: string[] = [];
      let found: string | null = null;
      if (name.startsWith('@rpath/')) {
        for (let l: Image | null = image; l && found === null; l = l.loader) {
          for (const rp of l.info.rpaths) {
            const candidate = path.normalize(path.join(subst(rp, l), name.slice('@rpath/'.length)));
            tried.push(candidate);
            if (input.inspect(candidate)) {
              found = candidate;
              break;
            }
          }
        }
      } else {
        const candidate = path.normalize(subst(name, image));
        tried.push(candidate);
        if (input.inspect(candidate)) found = candidate;
      }
      if (found === null) {
        out.missing.push({ installName: name, neededBy: image.file, tried });
        continue;
      }
      if (byFile.has(found)) continue;
      const lib: Image = { file: found, info: input.inspect(found)!, loader: image };
      byFile.set(found, lib);
      const kind = isInside(found, input.envPrefix) ? 'env' : 'system';
      out.libs.push({ installName: name, file: found, neededBy: image.file, kind });
      if (kind === 'env') queue.push(lib);
    }
  }
  return out;
}

/**
 * The edits that make a macOS bundle find itself, as argument lists: every env dylib is named @rpath/<file>,
 * gets @loader_path as its rpath; the executable gets @loader_path/../lib; rpaths into the env go; and
 * everything edited is re-signed ad hoc (arm64 refuses to run an image whose signature no longer matches).
 */
export function machoFixSteps(input: {
  program: string;
  outDir: string;
  envPrefix: string;
  programInfo: MachOInfo;
  libs: { installName: string; file: string; copy: string; info: MachOInfo }[];
}): string[][] {
  const steps: string[][] = [];
  const rename = (info: MachOInfo) =>
    input.libs
      .filter((l) => info.deps.includes(l.installName) && !l.installName.startsWith('@rpath/'))
      .flatMap((l) => ['-change', l.installName, `@rpath/${path.basename(l.copy)}`]);
  // Relative rpaths (@loader_path/…) stay valid in the copy; absolute ones into the env would leak it.
  const dropEnvRpaths = (info: MachOInfo) => info.rpaths.filter((r) => path.isAbsolute(r) && isInside(r, input.envPrefix)).flatMap((r) => ['-delete_rpath', r]);
  const addRpath = (info: MachOInfo, rpath: string) => (info.rpaths.includes(rpath) ? [] : ['-add_rpath', rpath]); // a duplicate is an error
  steps.push([
    'install_name_tool',
    ...rename(input.programInfo),
    ...dropEnvRpaths(input.programInfo),
    ...addRpath(input.programInfo, '@loader_path/../lib'),
    input.program,
  ]);
  for (const lib of input.libs) {
    steps.push([
      'install_name_tool',
      '-id',
      `@rpath/${path.basename(lib.copy)}`,
      ...rename(lib.info),
      ...dropEnvRpaths(lib.info),
      ...addRpath(lib.info, '@loader_path'),
      lib.copy,
    ]);
  }
  for (const file of [input.program, ...input.libs.map((l) => l.copy)]) steps.push(['codesign', '--force', '--sign', '-', file]);
  return steps;
}
