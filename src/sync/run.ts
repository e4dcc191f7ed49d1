// One `gocondad sync` run: read both sides, judge, optionally mend, judge again, remember. The thin I/O
// shell around the pure parts (gomod, conda readers, rules, checker, state).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locations } from '../paths';
import type { CheckResult } from './checker';
import { goModcache } from '../paths';
import { modcacheReport } from './modcache';
import { openProject } from './open-project';
import { registerProject } from './synced-projects';
import { pairLabel, type AnnotatedFinding, type SyncReport } from './report';
import type { SourceOptions } from './source';
import { changedSide, readState, saveState, stateOf } from './state';
import { commitEdits, planEnvironmentYml, planGoModEdits, type FileEdit, type SpecChange } from './writer';

export interface SyncOptions extends SourceOptions {
  /** null: check only; auto: mend the side that did not change since the last sync */
  write: 'auto' | 'go' | 'conda' | null;
  tags: string[];
  /** a required module missing from the module cache fails the run */
  offline: boolean;
  saveState: boolean;
  /** Says each long step as it starts (a person at a terminal: cli/progress.ts); undefined: quiet. */
  progress?: (step: string) => void;
}

function annotate(result: CheckResult, dir: string): AnnotatedFinding[] {
  const saved = readState(dir);
  return result.findings.map((f) => {
    const pair = result.pairs.find((p) => p.key === f.key)!;
    const c = changedSide(pair, saved);
    const propose = c.side === 'go' ? 'conda' : c.side === 'conda' ? 'go' : null;
    return {
      ...f,
      changed: c.side,
      propose: f.kind === 'loose' || f.kind === 'missing' || f.kind === 'disagree' ? 'conda' : propose,
      ...(c.was ? { was: c.was } : {}),
    };
  });
}

export async function runSync(opts: SyncOptions, loc: Locations, env: NodeJS.ProcessEnv = process.env): Promise<SyncReport> {
  const project = await openProject(opts, loc, env);
  const { dir, mod, tags, envPrefix, toolchain, judge } = project;
  let conda = project.conda;
  let result = judge(mod, conda);
  let findings = annotate(result, dir);
  const written: string[] = [];
  const todo: string[] = [];
  let finalMod = mod;
  // Every problem, and a warning whose conda fix is known (a loose spec, which the report says `--write`
  // pins) even when nothing else fails; a warning with no fix on either side (no-entry) asks for nothing.
  if (opts.write && (!result.ok || findings.some((f) => f.fix.conda !== null))) {
    const condaChanges: SpecChange[] = [];
    const planned: { edit: FileEdit; what: string }[] = [];
    const goFlags: string[] = [];
    for (const f of findings) {
      // A warning neither side can mend (no-entry) asks for nothing, whichever side would be changed.
      if (f.severity === 'warning' && f.fix.conda === null && f.fix.go === null) continue;
      const side = opts.write === 'auto' ? f.propose : opts.write;
      if (side === null) {
        todo.push(`${pairLabel(f)}: both sides changed or no earlier sync is recorded; say which side to change: --write conda or --write go`);
      } else if (side === 'conda' && f.want !== null && f.fix.conda) {
        if (conda.kind === 'environment.yml' || conda.kind === 'conda-lock') {
          // a package can have two findings (a locked version that breaks, a spec that admits it): one edit
          if (!condaChanges.some((c) => c.name === f.condaPkg)) condaChanges.push({ name: f.condaPkg, spec: f.want });
        } else todo.push(f.fix.conda);
      } else if (
        // Stryker disable next-line ConditionalExpression: only a mismatch has a goEdit (checker's goFix), and every mismatch has a want and a conda fix, so a finding sent to the conda side never gets here with one: without `side === 'go'` nothing changes
        side === 'go' &&
        f.goEdit
      ) {
        goFlags.push(...f.goEdit);
        // up to the fix's own closing parenthesis: "… (run `go mod download`)" keeps its own
        // Stryker disable next-line StringLiteral: neither '' nor any other text without "not checked against" matches (and a finding with a goEdit always has a fix.go)
        const unchecked = /not checked against [^;]*\)(?=\)$)/.exec(f.fix.go ?? '');
        if (unchecked) todo.push(`the new go line was ${unchecked[0]}`);
      } else if (
        // Stryker disable next-line ConditionalExpression: a finding sent to the conda side gets here only without a want or a conda fix (no-entry, disagree), and those never have a fix.go (checker): without `side === 'go'` nothing changes
        side === 'go' &&
        f.fix.go
      )
        todo.push(f.fix.go);
      else if (f.severity === 'problem')
        todo.push(`${pairLabel(f)}: no ${side === 'go' ? 'Go' : 'conda'}-side fix is known; ${f.fix.conda ?? f.fix.go ?? 'edit by hand'}`);
    }
    // go, go-cgo and go-nocgo are each judged (checker): every carrier out of line has its own finding, so
    // each gets the same spec here and they move together, while a carrier already in line keeps its pin.
    if (condaChanges.length > 0) {
      // A lock's own source file when it names one that is there, else the project's environment.yml.
      const candidates = [
        // Stryker disable next-line ArrayDeclaration: a lock always has sources (its reader puts environment.yml when it names none), so `[]` serves only the other kinds, whose file is not looked for here; and an added entry would not end in .yml/.yaml
        ...(conda.sources ?? []).map((s) => path.resolve(path.dirname(conda.file), s)),
        ...['environment.yml', 'environment.yaml'].map((n) => path.join(dir, n)),
      ];
      const envFile = conda.kind === 'environment.yml' ? conda.file : candidates.find((f) => /\.ya?ml$/.test(f) && fs.existsSync(f));
      if (!envFile)
        todo.push(`${condaChanges.map((c) => `${c.name} ${c.spec}`).join(', ')}: put these in the lock's source file, then \`${conda.regenerate}\``);
      else {
        planned.push({
          edit: planEnvironmentYml(envFile, condaChanges),
          what: condaChanges.map((c) => (c.spec === '*' ? c.name : `${c.name} ${c.spec}`)).join(', '),
        });
        if (conda.kind === 'conda-lock') todo.push(`regenerate the lock: \`${conda.regenerate}\``);
        else if (envPrefix) todo.push(`update the env: \`conda env update -p ${envPrefix} -f ${envFile} --prune\``);
      }
    }
    if (goFlags.length > 0) {
      // Run now, on a copy: a missing or failing toolchain stops the run before any file is written.
      opts.progress?.(`go mod edit ${goFlags.join(' ')} (on a copy of go.mod)`);
      planned.push({ edit: planGoModEdits(path.join(dir, 'go.mod'), toolchain.goBin, [{ flags: goFlags }], env), what: `go mod edit ${goFlags.join(' ')}` });
      todo.push('update go.sum and the code: `go mod tidy`');
    }
    // Every edit is planned: now all of them, or none.
    if (planned.length > 0) opts.progress?.(`writing ${planned.map((p) => path.basename(p.edit.file)).join(' and ')}`);
    const changed = new Set(commitEdits(planned.map((p) => p.edit)));
    for (const p of planned) if (changed.has(p.edit.file)) written.push(`${p.edit.file} (${p.what})`);
    if (written.length > 0) {
      opts.progress?.('judging both sides again');
      ({ mod: finalMod, conda } = project.reread());
      result = judge(finalMod, conda);
      findings = annotate(result, dir);
    }
  }
  const mc = modcacheReport(finalMod, goModcache(env, loc.home));
  const ok = result.ok && !(opts.offline && mc.missing.length > 0);
  let stateSaved = false;
  if (ok && opts.saveState) stateSaved = saveState(dir, stateOf(result.pairs));
  try {
    registerProject(loc.stateDir, { dir, prefix: envPrefix, tags: opts.tags, lastRun: new Date().toISOString() });
  } catch {
    // the registry is a convenience for the daemon: a read-only state dir must not fail the check
  }
  return {
    dir,
    gomod: path.join(dir, 'go.mod'),
    conda: { kind: conda.kind, file: conda.file },
    tags,
    pairs: result.pairs.map(({ key, module, goVersion, condaPkg, condaFact, want }) => ({ key, module, goVersion, condaPkg, condaFact, want })),
    findings,
    ok,
    modcache: mc,
    regenerate: conda.regenerate,
    written,
    todo: [...new Set(todo)],
    stateSaved,
  };
}
