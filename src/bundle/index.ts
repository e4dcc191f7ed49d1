// `gocondad bundle`: build the main package with the env's toolchain and activation environment, find
// the env libraries it loads, copy them next to it and make it find them relative to itself.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isCondaEnv, notACondaEnv } from '../core/env-arg';
import { loadWorld, planForPrefix } from '../core/envs';
import type { Locations } from '../paths';
import { pinFilePath } from '../core/config';
import { activatedEnv, type Env } from './activation';
import { loadBundleConfig } from './config';
import { findDlopen, libNamesIn } from './dlopen';
import { readElfFile, isStatic } from './elf';
import { BundleError } from './errors';
import { describeMain, goBuild, type MainPackage } from './gobuild';
import {
  copyLibraries,
  LIBRARY_RUNPATH,
  MANIFEST,
  patchelfAvailable,
  PATCHELF_HINT,
  PROGRAM_RUNPATH,
  replaceNeeded,
  setRunpath,
  treeSize,
  type PatchedAs,
} from './layout';
import { splitByKind, type BundleReport } from './report';
import { isInside, resolveLibraries, type MissingLib, type Resolution } from './resolve';
import { makeStagingDir, moveIntoPlace, outDirState, removeStagingDir } from './staging';
import { BASE_SONAMES, cachedInspector, loaderTokens, systemLookup, toObjectInfo } from './system';
import { inBundleDir, verifyWithLoader } from './verify';

export interface BundleOptions {
  prefix: string;
  pkg: string;
  outDir: string;
  /** Where `go` runs: the module the package is in. */
  cwd: string;
  env: Env;
  loc: Locations;
  rootPrefixes: string[];
  /** From --extra-lib, added to the config's bundle.extra_libs. */
  extraLibs: string[];
  /** One line per phase of long work (the CLI shows them on a terminal only). */
  progress?: (line: string) => void;
}

export interface Prepared {
  prefix: string;
  goBin: string;
  goVersion: string | null;
  buildEnv: Env;
  main: MainPackage;
  extras: string[];
  warnings: string[];
}

function checkPrefix(given: string): string {
  const prefix = path.resolve(given);
  if (!isCondaEnv(prefix)) throw notACondaEnv(prefix);
  return prefix;
}

/** The env's plan, the build environment activation gives, and what the package is: shared with --dockerfile. */
export function prepare(opts: Omit<BundleOptions, 'outDir'>): Prepared {
  const prefix = checkPrefix(opts.prefix);
  const world = loadWorld(opts.loc);
  const { plan, planId } = planForPrefix(prefix, world, opts.rootPrefixes);
  if (!plan.ok || plan.goroot === null)
    throw new BundleError(`the env ${prefix} gets no Go toolchain: ${plan.why}`, `see why with: gocondad explain ${prefix}`);
  const config = loadBundleConfig(prefix);
  const buildEnv = activatedEnv(plan, planId, opts.env);
  const goBin = path.join(plan.goroot, 'bin', 'go');
  return {
    prefix,
    goBin,
    goVersion: plan.goVersion,
    buildEnv,
    main: describeMain(goBin, opts.pkg, buildEnv, opts.cwd),
    extras: [...new Set([...config.config.extraLibs, ...opts.extraLibs])],
    warnings: config.problems.map((p) => `${p.file}: ${p.message}`),
  };
}

export function bundle(opts: BundleOptions): BundleReport {
  const outDir = path.resolve(opts.outDir);
  const envPrefix = checkPrefix(opts.prefix);
  if (isInside(outDir, envPrefix)) throw new BundleError(`the output ${outDir} is inside the env ${envPrefix}`, 'choose an output directory outside the env');
  outDirState(outDir); // refuse a wrong -o before a long build
  const prepared = prepare(opts);
  const { main } = prepared;
  const pureGo = main.cgoPackages.length === 0;
  if (!pureGo && process.platform === 'darwin')
    throw new BundleError(
      'bundling cgo programs on macOS (Mach-O, @rpath) is designed but not implemented yet',
      'see "Bundles on macOS" in docs/bundle.md for the manual steps',
    );
  if (!pureGo && !patchelfAvailable()) throw new BundleError('patchelf is needed to make the program find its libraries relative to itself', PATCHELF_HINT);

  // Built beside DIR and moved in only when whole (staging.ts): a failure or Ctrl-C leaves DIR as it was.
  const stage = makeStagingDir(outDir);
  try {
    const report = buildInto(stage, outDir, opts, prepared);
    moveIntoPlace(stage, outDir);
    return report;
  } finally {
    removeStagingDir(stage); // and the parents of DIR it made, unless DIR is in them now
  }
}

/** The whole bundle in `stage` (its RUNPATHs relative, so that it works wherever it is moved); the report names `outDir`. */
function buildInto(stage: string, outDir: string, opts: BundleOptions, prepared: Prepared): BundleReport {
  const { prefix, goBin, goVersion, buildEnv, main, extras, warnings } = prepared;
  const pureGo = main.cgoPackages.length === 0;
  opts.progress?.(`building ${main.importPath} with ${goVersion ?? 'go'}${pureGo ? '' : ' (cgo: a cold build takes a while)'}`);
  const programRel = path.join('bin', main.binName);
  const program = path.join(stage, programRel);
  goBuild(goBin, opts.pkg, program, pureGo ? { ...buildEnv, CGO_ENABLED: '0' } : buildEnv, opts.cwd);
  const report: BundleReport = {
    prefix,
    outDir,
    importPath: main.importPath,
    program: programRel,
    goVersion,
    static: false,
    cgoPackages: main.cgoPackages,
    bundled: [],
    system: [],
    warnings,
    sizes: { program: 0, libs: 0, bundle: 0, env: (opts.progress?.('measuring the env'), treeSize(prefix)) },
    files: [programRel],
  };
  const elf = process.platform === 'darwin' ? null : readElfFile(program);
  if (elf === null || isStatic(elf)) {
    report.static = elf !== null;
    fs.rmdirSync(path.join(stage, 'lib')); // a single file: no empty lib/ beside it
    return finish(report, stage);
  }

  opts.progress?.('finding the libraries the program loads');
  const inspect = cachedInspector();
  const tokens = loaderTokens();
  const resolution = resolveLibraries({
    root: { file: program, info: toObjectInfo(elf) },
    inspect,
    systemLookup: systemLookup(inspect),
    envPrefix: prefix,
    baseSonames: BASE_SONAMES,
    extras,
    extraDirs: [path.join(prefix, 'lib')],
    tokens,
  });
  if (resolution.missing.length > 0) throw missingError(resolution.missing, prefix, stage);
  const kinds = splitByKind(resolution.libs);
  const envLibs = kinds.env.map((l) => ({ ...l, name: path.basename(l.name) }));

  opts.progress?.(`copying ${envLibs.length} librar${envLibs.length === 1 ? 'y' : 'ies'} from the env`);
  report.files.push(...copyLibraries(stage, envLibs));
  const copyOf = (file: string) => (file === program ? program : path.join(stage, 'lib', path.basename(envLibs.find((l) => l.file === file)?.name ?? file)));
  // A patchelf failure names the file as it would be in DIR (the staging dir is gone by then) and the env's original
  // (none for the program: no env library's copy is in bin/).
  const { inDir, notWritten } = inBundleDir(stage);
  const as = (copy: string): PatchedAs => ({ inDir, notWritten, original: envLibs.find((l) => copyOf(l.file) === copy)?.file });
  setRunpath(program, PROGRAM_RUNPATH, as(program));
  for (const lib of envLibs)
    if (!fs.lstatSync(path.join(stage, 'lib', lib.name)).isSymbolicLink())
      setRunpath(path.join(stage, 'lib', lib.name), LIBRARY_RUNPATH, as(path.join(stage, 'lib', lib.name)));
  // A DT_NEEDED with a '/' names the env's file itself: point it at the copy's plain name.
  for (const lib of kinds.env.filter((l) => l.via === 'path' && !l.extra))
    replaceNeeded(copyOf(lib.neededBy), lib.name, path.basename(lib.name), as(copyOf(lib.neededBy)));

  for (const lib of envLibs) {
    const bytes = fs.lstatSync(path.join(stage, 'lib', lib.name)).isSymbolicLink() ? 0 : fs.statSync(path.join(stage, 'lib', lib.name)).size;
    report.bundled.push({
      name: lib.name,
      from: lib.file,
      bytes,
      // The copy's name: a file ld.so.cache lists by its own name (a glibc-hwcaps dir) is copied under the name asked.
      neededBy: lib.neededBy === program ? programRel : path.basename(copyOf(lib.neededBy)),
      extra: lib.extra,
    });
    report.sizes.libs += bytes;
  }
  report.system = [...kinds.base, ...kinds.system].map((l) => ({ name: l.name, file: l.file, base: l.kind === 'base' }));

  const found = findDlopen({
    imports: elf.imports,
    namesInBinary: libNamesIn(fs.readFileSync(program)),
    envLibNames: envLibNames(prefix),
    bundled: resolution.libs.map((l) => path.basename(l.name)),
  });
  const where = `bundle.extra_libs in ${pinFilePath(prefix)} (or --extra-lib NAME)`;
  if (found.named.length > 0)
    report.warnings.push(
      `${programRel} names ${found.named.join(', ')} from the env, which no DT_NEEDED loads: it probably dlopens ${found.named.length === 1 ? 'it' : 'them'}. List ${found.named.length === 1 ? 'it' : 'them'} under ${where} to bundle ${found.named.length === 1 ? 'it' : 'them'}`,
    );
  else if (found.callsDlopen && extras.length === 0)
    report.warnings.push(`${programRel} calls dlopen: libraries it opens at run time are named by no DT_NEEDED and were not bundled; list them under ${where}`);
  verifyBundle(
    program,
    stage,
    envLibs.map((l) => l.name),
    extras,
    tokens,
  );
  return finish(report, stage);
}

function finish(report: BundleReport, stage: string): BundleReport {
  // Measured last: patchelf grows the program when it adds the RUNPATH.
  report.sizes.program = fs.statSync(path.join(stage, report.program)).size;
  report.sizes.bundle = report.sizes.program + report.sizes.libs;
  fs.writeFileSync(path.join(stage, MANIFEST), `${JSON.stringify({ ...report, files: [...report.files, MANIFEST] }, null, 2)}\n`);
  return report;
}

/**
 * Every name in the env's lib/, unfiltered: findDlopen only keeps the names libNamesIn found in the
 * program, and each of those ends in `.so` or `.so.N` by libNamesIn's own pattern, so a name here that
 * is no library can never meet one (a `.so`-name filter here was dead code).
 */
function envLibNames(prefix: string): string[] {
  try {
    return fs.readdirSync(path.join(prefix, 'lib'));
  } catch {
    // Stryker disable next-line ArrayDeclaration: these names only filter libNamesIn's, which all match lib…\.so…; ["Stryker was here"] can never match one, so no program tells it from []
    return [];
  }
}

function missingError(missing: MissingLib[], prefix: string, outDir: string): BundleError {
  const lines = missing.map(
    (m) =>
      `${m.name} (needed by ${path.relative(outDir, m.neededBy).startsWith('..') ? m.neededBy : path.relative(outDir, m.neededBy)}; looked in: ${m.searched.join(', ') || 'nowhere'})`,
  );
  return new BundleError(
    `${missing.length === 1 ? 'a library the program loads is' : `${missing.length} libraries the program loads are`} neither in the env nor on the system:\n  ${lines.join('\n  ')}`,
    `install the package that provides ${missing.length === 1 ? 'it' : 'them'} into the env (conda install -p ${prefix} ...), or remove ${missing.length === 1 ? 'it' : 'them'} from bundle.extra_libs`,
  );
}

/**
 * The finished bundle checked by the real loader (verify.ts): every bundled library it maps must come
 * from DIR/lib. Libraries only a dlopen opens (extras) the loader does not list without running the
 * program: those alone are checked with the resolver.
 */
function verifyBundle(program: string, outDir: string, names: string[], extras: string[], tokens: { LIB: string; PLATFORM: string }): void {
  // The staging dir is gone when the user reads a refusal (verify.ts): name the files as they would be in DIR.
  const { dir, inDir, notWritten } = inBundleDir(outDir);
  const info = readElfFile(program);
  if (info === null)
    throw new BundleError(
      `${notWritten}: ${inDir(program)} is no longer readable ELF after patching`,
      'report this as a bug with this message and the output of patchelf --version',
    );
  const unlisted = info.interp === null ? names : verifyWithLoader(program, info.interp, outDir, names);
  if (unlisted.length === 0) return;
  const inspect = cachedInspector();
  const r: Resolution = resolveLibraries({
    root: { file: program, info: toObjectInfo(info) },
    inspect,
    systemLookup: systemLookup(inspect),
    envPrefix: outDir,
    baseSonames: BASE_SONAMES,
    extras,
    tokens,
  });
  const wrong = unlisted.filter((n) => {
    const hit = r.libs.find((l) => path.basename(l.name) === n);
    return hit !== undefined && !isInside(hit.file, path.join(outDir, 'lib'));
  });
  if (wrong.length > 0 || r.missing.length > 0) {
    throw new BundleError(
      `${notWritten}: it does not find ${[...wrong, ...r.missing.map((m) => m.name)].join(', ')} in ${path.join(dir, 'lib')}`,
      'report this as a bug with this message and the output of patchelf --version (it set the RUNPATHs the resolver followed)',
    );
  }
}
