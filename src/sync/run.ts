// One `gocondad sync` run: read both sides, judge, optionally mend, judge again, remember. The thin I/O
// shell around the pure parts (gomod, conda readers, rules, checker, state).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locations } from '../paths';
import { BUILTIN_RULES } from './builtin';
import { check, type CheckResult } from './checker';
import { loadCondaVersions, type CondaVersions } from './condaver';
import type { CondaSide } from './conda/types';
import { SyncInputError } from './errors';
import { parseGoMod, type GoMod } from './gomod';
import { projectImports } from './imports';
import { modcacheDir, modcacheReport } from './modcache';
import { registerProject } from './projects';
import type { AnnotatedFinding, SyncReport } from './report';
import { mergeRules, tagsFromGoflags, type SyncRule } from './rules';
import { parseRuleFile, type RuleLayer } from './rulefile';
import { readCondaSide, type SourceOptions } from './source';
import { changedSide, readState, saveState, stateOf } from './state';
import { applyGoModEdits, writeEnvironmentYml, type SpecChange } from './writer';

export const PROJECT_RULES = 'gocondad-sync.yml';
export const USER_RULES = 'sync-rules.yml';

export interface SyncOptions extends SourceOptions {
  /** null: check only; auto: mend the side that did not change since the last sync */
  write: 'auto' | 'go' | 'conda' | null;
  tags: string[];
  /** a required module missing from the module cache fails the run */
  offline: boolean;
  saveState: boolean;
}

export function loadRules(dir: string, loc: Locations, cv: CondaVersions): { rules: SyncRule[]; tags: string[] } {
  const layers: RuleLayer[] = [];
  for (const file of [path.join(dir, PROJECT_RULES), path.join(loc.configDir, USER_RULES)]) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    layers.push(parseRuleFile(text, file, cv.specError));
  }
  return { rules: mergeRules([...layers, { rules: BUILTIN_RULES, disabled: [] }]), tags: layers.flatMap((l) => l.tags) };
}

function readGoMod(dir: string): GoMod {
  const file = path.join(dir, 'go.mod');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new SyncInputError(file, undefined, 'no go.mod here', 'run sync in the module root (or pass its directory), or `go mod init`');
  }
  return parseGoMod(text, file);
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

function annotate(result: CheckResult, dir: string): AnnotatedFinding[] {
  const saved = readState(dir);
  return result.findings.map((f) => {
    const pair = result.pairs.find((p) => p.key === f.key)!;
    const c = changedSide(pair, saved);
    const propose = c.side === 'go' ? 'conda' : c.side === 'conda' ? 'go' : null;
    return { ...f, changed: c.side, propose: f.kind === 'loose' || f.kind === 'missing' ? 'conda' : propose, ...(c.was ? { was: c.was } : {}) };
  });
}

export async function runSync(opts: SyncOptions, loc: Locations, env: NodeJS.ProcessEnv = process.env): Promise<SyncReport> {
  const dir = path.resolve(opts.dir);
  const cv = await loadCondaVersions();
  const mod = readGoMod(dir);
  let conda: CondaSide = readCondaSide({ ...opts, dir }, env);
  const { rules, tags: ruleTags } = loadRules(dir, loc, cv);
  const envPrefix = conda.kind === 'prefix' ? conda.file : (env.CONDA_PREFIX ?? null);
  const tags = [...new Set([...opts.tags, ...ruleTags, ...tagsFromGoflags(conda.goflags), ...(conda.kind === 'prefix' && conda.file === env.CONDA_PREFIX ? tagsFromGoflags(env.GOFLAGS) : [])])];
  const imports = projectImports(dir);
  const toolchain = await envToolchain(envPrefix, loc);
  const judge = (m: GoMod, c: CondaSide) => check({ mod: m, conda: c, rules, tags: new Set(tags), imports, pickedGo: c.kind === 'prefix' ? toolchain.version : null, cv });
  let result = judge(mod, conda);
  let findings = annotate(result, dir);
  const written: string[] = [];
  const todo: string[] = [];
  let finalMod = mod;
  if (opts.write && !result.ok) {
    const condaChanges: SpecChange[] = [];
    const goFlags: string[] = [];
    for (const f of findings) {
      const side = opts.write === 'auto' ? f.propose : opts.write;
      if (side === null) {
        todo.push(`${f.key}: both sides changed or no earlier sync is recorded; say which side to change: --write conda or --write go`);
      } else if (side === 'conda' && f.want !== null && f.fix.conda) {
        if (conda.kind === 'environment.yml' || conda.kind === 'conda-lock') condaChanges.push({ name: f.condaPkg, spec: f.want });
        else todo.push(f.fix.conda);
      } else if (side === 'go' && f.goEdit) goFlags.push(...f.goEdit);
      else if (side === 'go' && f.fix.go) todo.push(f.fix.go);
      else if (f.severity === 'error') todo.push(`${f.key}: no ${side === 'go' ? 'Go' : 'conda'}-side fix is known; ${f.fix.conda ?? f.fix.go ?? 'edit by hand'}`);
    }
    if (condaChanges.length > 0) {
      const envFile = conda.kind === 'environment.yml' ? conda.file : ['environment.yml', 'environment.yaml'].map((n) => path.join(dir, n)).find((f) => fs.existsSync(f));
      if (!envFile) todo.push(`${condaChanges.map((c) => `${c.name} ${c.spec}`).join(', ')}: put these in the lock's source file, then \`${conda.regenerate}\``);
      else {
        writeEnvironmentYml(envFile, condaChanges);
        written.push(envFile);
        if (conda.kind === 'conda-lock') todo.push(`regenerate the lock: \`${conda.regenerate}\``);
        else if (envPrefix) todo.push(`update the env: \`conda env update -p ${envPrefix} -f ${envFile} --prune\``);
      }
    }
    if (goFlags.length > 0) {
      applyGoModEdits(path.join(dir, 'go.mod'), toolchain.goBin, [{ flags: goFlags }], env);
      written.push(path.join(dir, 'go.mod'));
      todo.push('update go.sum and the code: `go mod tidy`');
    }
    if (written.length > 0) {
      finalMod = readGoMod(dir);
      conda = readCondaSide({ ...opts, dir }, env);
      result = judge(finalMod, conda);
      findings = annotate(result, dir);
    }
  }
  const mc = modcacheReport(finalMod, modcacheDir(env, loc.home));
  const ok = result.ok && !(opts.offline && mc.missing.length > 0);
  let stateSaved = false;
  if (ok && opts.saveState) stateSaved = saveState(dir, stateOf(result.pairs));
  try {
    registerProject(loc.stateDir, { dir, prefix: envPrefix, lastRun: new Date().toISOString() });
  } catch {
    // the registry is a convenience for the daemon: a read-only state dir must not fail the check
  }
  return {
    dir, gomod: path.join(dir, 'go.mod'), conda: { kind: conda.kind, file: conda.file }, tags,
    pairs: result.pairs.map(({ key, module, goVersion, condaPkg, condaFact, want }) => ({ key, module, goVersion, condaPkg, condaFact, want })),
    findings, ok, modcache: mc, regenerate: conda.regenerate, written, todo, stateSaved,
  };
}
