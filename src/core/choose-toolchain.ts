// Which toolchain an env gets. Pure: every fact about the disk comes in as data.
// First match wins: the env's pin file, a Go inside the env, the user's default range, the newest found.
// Only the semver functions used: the whole package is 47 modules on the CLI's start-up path.
import semverGt from 'semver/functions/gt';
import { goSatisfies } from './goversion';
import type { PinFile } from './config';
import type { Inspection, Toolchain } from './toolchains';

import type { ChoiceSource } from './vocabulary';

export type { ChoiceSource };

export interface ChoiceInput {
  pin: PinFile | null;
  /** Inspection of the pinned goroot, when the pin names one. */
  pinnedRoot: Inspection | null;
  /** Inspection of $PREFIX/go, when the env has one (conda-forge layout). */
  envGo: Inspection | null;
  defaultRange: string | null;
  found: Toolchain[];
}

export type Choice = { ok: true; toolchain: Toolchain; source: ChoiceSource; why: string } | { ok: false; why: string };

export function newestOf(toolchains: Toolchain[]): Toolchain | null {
  let best: Toolchain | null = null;
  for (const t of toolchains) if (best === null || semverGt(t.semver, best.semver)) best = t;
  return best;
}

function bestInRange(found: Toolchain[], range: string): Toolchain | null {
  return newestOf(found.filter((t) => goSatisfies(t.version, range)));
}

function describe(found: Toolchain[]): string {
  return found.length === 0 ? 'none found' : found.map((t) => `${t.version} at ${t.root}`).join(', ');
}

export interface TraceStep {
  step: 'pin file' | 'pin goroot' | 'pin range' | 'in env' | 'default' | 'newest';
  candidate: string;
  /** 'rejected': looked at and not taken, also a candidate that qualified but lost to a newer one (reason says which). */
  verdict: 'chosen' | 'rejected' | 'not reached';
  reason: string;
}

/** Every candidate chooseToolchain looks at, in its order, with what it made of each. Pure. */
export function traceChoice(input: ChoiceInput): TraceStep[] {
  const choice = chooseToolchain(input);
  const chosenRoot = choice.ok ? choice.toolchain.root : null;
  const out: TraceStep[] = [];
  let decided = false;
  const mark = (step: TraceStep['step'], candidate: string, ok: boolean, reason: string, chosen: boolean) => {
    // A candidate that qualifies at the step that decides but is not the one taken was passed over: it is
    // rejected, and its reason says for which (it used to read "matches", as if it had been taken).
    const verdict = decided ? 'not reached' : chosen ? 'chosen' : 'rejected';
    const passedOver = !decided && ok && !chosen && choice.ok;
    out.push({ step, candidate, verdict, reason: passedOver ? `${reason}, but ${choice.toolchain.version} is newer` : reason });
  };
  const finish = (step: TraceStep['step']) => {
    if (choice.ok && choice.source === (step === 'pin goroot' || step === 'pin range' ? 'pin' : step === 'in env' ? 'in-env' : step)) decided = true;
  };
  const { pin, found } = input;
  if (pin?.unreadable !== undefined) {
    mark('pin file', pin.unreadable, false, unreadablePinWhy(pin.unreadable), false);
    decided = true;
  }
  if (pin?.goroot !== undefined) {
    const r = input.pinnedRoot;
    mark(
      'pin goroot',
      pin.goroot,
      !!r?.ok,
      r?.ok ? `valid Go root (${r.toolchain.version})` : `not a valid Go root: ${r?.ok === false ? r.reason : 'not inspected'}`,
      !!r?.ok,
    );
    if (!r?.ok) decided = true;
    finish('pin goroot');
  }
  if (pin?.go !== undefined && pin.goroot === undefined) {
    const candidates = input.envGo?.ok ? [input.envGo.toolchain, ...found] : found;
    for (const t of candidates) {
      const ok = goSatisfies(t.version, pin.go);
      mark('pin range', `${t.version} at ${t.root}`, ok, ok ? `satisfies go ${pin.go}` : `does not satisfy go ${pin.go}`, ok && t.root === chosenRoot);
    }
    if (!choice.ok) decided = true;
    finish('pin range');
  }
  if (input.envGo) {
    const e = input.envGo;
    mark(
      'in env',
      e.ok ? `${e.toolchain.version} at ${e.toolchain.root}` : e.root,
      e.ok,
      e.ok ? 'the env has its own Go' : `not a valid Go root: ${e.reason}`,
      e.ok && e.toolchain.root === chosenRoot,
    );
    finish('in env');
  }
  if (input.defaultRange !== null) {
    for (const t of found) {
      const ok = goSatisfies(t.version, input.defaultRange);
      mark(
        'default',
        `${t.version} at ${t.root}`,
        ok,
        ok ? `satisfies the user default ${input.defaultRange}` : `does not satisfy the user default ${input.defaultRange}`,
        ok && t.root === chosenRoot,
      );
    }
    finish('default');
  }
  const newest = newestOf(found);
  for (const t of found)
    mark('newest', `${t.version} at ${t.root}`, t === newest, t === newest ? 'the newest found' : `older than ${newest?.version}`, t.root === chosenRoot);
  return out;
}

/** Why an unreadable pin decides nothing: one sentence, shared by the choice and its trace. */
function unreadablePinWhy(unreadable: string): string {
  return `the pin file cannot be read (${unreadable}), and it may exclude any toolchain gocondad would choose; nothing is changed until it is fixed`;
}

export function chooseToolchain(input: ChoiceInput): Choice {
  const { pin, found } = input;
  // Checked first: a pin gocondad cannot read is treated as one no toolchain satisfies.
  if (pin?.unreadable !== undefined) return { ok: false, why: unreadablePinWhy(pin.unreadable) };
  if (pin?.goroot !== undefined) {
    const r = input.pinnedRoot;
    if (r?.ok) return { ok: true, toolchain: r.toolchain, source: 'pin', why: `pin file names goroot ${pin.goroot}` };
    return {
      ok: false,
      why: `pin file names goroot ${pin.goroot}, which is not a valid Go root (${r?.ok === false ? r.reason : 'not inspected'}); fix the pin or install Go there`,
    };
  }
  if (pin?.go !== undefined) {
    const candidates = input.envGo?.ok ? [input.envGo.toolchain, ...found] : found;
    const t = bestInRange(candidates, pin.go);
    if (t) return { ok: true, toolchain: t, source: 'pin', why: `pin file asks for go ${pin.go}; ${t.version} is the newest match` };
    return {
      ok: false,
      why: `pin file asks for go ${pin.go} but no toolchain matches (${describe(candidates)}); install one, e.g. \`conda install go=${pin.go}\`, or add its dir to \`toolchains:\` in the config`,
    };
  }
  if (input.envGo?.ok) return { ok: true, toolchain: input.envGo.toolchain, source: 'in-env', why: `the env has its own Go at ${input.envGo.toolchain.root}` };
  if (input.defaultRange !== null) {
    const t = bestInRange(found, input.defaultRange);
    if (t) return { ok: true, toolchain: t, source: 'default', why: `user default ${input.defaultRange}; ${t.version} is the newest match` };
    // A default that matches nothing falls through to the newest: the user asked for a preference, not a pin.
  }
  const newest = newestOf(found);
  if (newest) return { ok: true, toolchain: newest, source: 'newest', why: `newest toolchain found (${describe(found)})` };
  return {
    ok: false,
    why: 'no valid Go toolchain found; install one (e.g. `conda install go` in the env, or apt install golang-go) or list its dir under `toolchains:` in the config',
  };
}
