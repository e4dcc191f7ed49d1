// A project opened for judging: go.mod, the conda side, the rules and build tags that apply, and the
// env's toolchain. Shared by `gocondad sync` (run.ts) and the daemon's drift check (drift.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { systemError } from '../errors';
import { goModcache, type Locations } from '../paths';
import { BUILTIN_RULES } from './builtin';
import { check, type CheckResult } from './checker';
import { loadCondaVersions, type CondaVersions } from './condaver';
import type { CondaSide } from './conda/types';
import { SyncInputError } from './errors';
import { parseGoMod, type GoMod } from './gomod';
import { parseGoSum, withGoSum } from './gosum';
import { depGoLines } from './depgo';
import { listDeps } from './golist';
import { projectImports } from './imports';
import { mergeRules, tagsFromGoflags, type SyncRule } from './rules';
import { parseRuleFile, type RuleLayer } from './rulefile';
import { readCondaSide, type SourceOptions } from './source';

export const PROJECT_RULES = 'gocondad-sync.yml';
export const USER_RULES = 'sync-rules.yml';

/**
 * A file that may be absent (null). One that is there but cannot be read — another user's, a directory
 * in its place — is bad input in words, never passed over as if absent: a rule file skipped in silence
 * judges the project by other rules.
 */
function readOptional(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    const words = systemError(err, { action: 'read', path: null });
    if (!words) throw err;
    throw new SyncInputError(file, undefined, words.message, words.hint ?? 'check the path');
  }
}

export function loadRules(dir: string, loc: Locations, cv: CondaVersions): { rules: SyncRule[]; tags: string[] } {
  const layers: RuleLayer[] = [];
  for (const file of [path.join(dir, PROJECT_RULES), path.join(loc.configDir, USER_RULES)]) {
    const text = readOptional(file);
    if (text !== null) layers.push(parseRuleFile(text, file, cv.specError));
  }
  // Stryker disable next-line ArrayDeclaration: the built-in layer is the last one merged, and a layer's disabled names hide only rules of the layers after it: none
  const builtin = { rules: BUILTIN_RULES, disabled: [] };
  return { rules: mergeRules([...layers, builtin]), tags: layers.flatMap((l) => l.tags) };
}

/** go.mod, with what go.sum adds for a go.mod older than go 1.17 (gosum.ts). */
export function readGoMod(dir: string): GoMod {
  const file = path.join(dir, 'go.mod');
  const text = readOptional(file);
  if (text === null) throw new SyncInputError(file, undefined, 'no go.mod here', 'run sync in the module root (or pass its directory), or `go mod init`');
  // no go.sum: go.mod alone
  const sum = readOptional(path.join(dir, 'go.sum'));
  return withGoSum(parseGoMod(text, file), sum === null ? null : parseGoSum(sum));
}

/** The env whose toolchain runs `go mod edit`, and the Go gocondad picks for it (when it has no conda go). */
async function envToolchain(prefix: string | null, loc: Locations): Promise<{ goBin: string; version: string | null }> {
  if (prefix) {
    const condaGo = path.join(prefix, 'bin', 'go');
    if (fs.existsSync(condaGo)) return { goBin: condaGo, version: null };
    const { loadWorld, planForPrefix } = await import('../core/envs');
    const plan = planForPrefix(prefix, loadWorld(loc)).plan;
    if (plan.ok && plan.goroot) return { goBin: path.join(plan.goroot, 'bin', 'go'), version: plan.goVersion };
  }
  return { goBin: 'go', version: null };
}

export interface OpenProject {
  dir: string;
  mod: GoMod;
  conda: CondaSide;
  tags: string[];
  /** the env the project builds in (the judged prefix, else the active env) */
  envPrefix: string | null;
  toolchain: { goBin: string; version: string | null };
  judge(mod: GoMod, conda: CondaSide): CheckResult;
  /** reads both sides again (after a write) */
  reread(): { mod: GoMod; conda: CondaSide };
}

export async function openProject(
  opts: SourceOptions & { tags: string[]; progress?: (step: string) => void },
  loc: Locations,
  env: NodeJS.ProcessEnv,
): Promise<OpenProject> {
  const dir = path.resolve(opts.dir);
  const cv = await loadCondaVersions();
  const mod = readGoMod(dir);
  const conda = readCondaSide({ ...opts, dir }, env);
  const { rules, tags: ruleTags } = loadRules(dir, loc, cv);
  const envPrefix = conda.kind === 'prefix' ? conda.file : (env.CONDA_PREFIX ?? null);
  const activeGoflags = conda.kind === 'prefix' && conda.file === env.CONDA_PREFIX ? tagsFromGoflags(env.GOFLAGS) : [];
  const tags = [...new Set([...opts.tags, ...ruleTags, ...tagsFromGoflags(conda.goflags), ...activeGoflags])];
  const toolchain = await envToolchain(envPrefix, loc);
  // The whole build's imports when the module cache can answer offline, else the project's own files.
  opts.progress?.(`go list -deps in ${dir} (which packages the build imports)`);
  const graph = listDeps(dir, toolchain.goBin, tags, env);
  const imports = graph ?? projectImports(dir);
  const modcache = goModcache(env, loc.home);
  return {
    dir,
    mod,
    conda,
    tags,
    envPrefix,
    toolchain,
    judge: (m, c) =>
      check({
        mod: m,
        conda: c,
        rules,
        tags: new Set(tags),
        imports,
        importsComplete: graph !== null,
        depGo: depGoLines(m, dir, modcache),
        pickedGo: c.kind === 'prefix' ? toolchain.version : null,
        cv,
      }),
    reread: () => ({ mod: readGoMod(dir), conda: readCondaSide({ ...opts, dir }, env) }),
  };
}
