// Which toolchain an env gets, and why. Pure: every fact about the disk comes in as data.
// The precedence lives once, in STEPS: the env's pin file, a Go inside the env, the user's default range,
// the newest found. Each step judges its candidates and may decide; one walk over the steps (decide())
// yields both the choice the shims apply and the trace `gocondad explain` shows, so the two cannot differ.
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

export interface TraceStep {
  step: StepName;
  candidate: string;
  /** 'rejected': looked at and not taken, also a candidate that qualified but lost to a newer one (reason says which). */
  verdict: 'chosen' | 'rejected' | 'not reached';
  reason: string;
}

/** The choice and every candidate looked at on the way, in STEPS' order, with what was made of each. */
export interface Decision {
  choice: Choice;
  trace: TraceStep[];
}

export type StepName = 'pin file' | 'pin goroot' | 'pin range' | 'in env' | 'default' | 'newest';

/** One candidate as a step sees it: whether it qualifies there, and why (or why not). */
interface Judged {
  candidate: string;
  /** The root a taken toolchain is compared with; null for a candidate that is no toolchain. */
  root: string | null;
  qualifies: boolean;
  reason: string;
}

/** What a step concludes: take a toolchain, refuse every toolchain (the env gets none), or pass to the next step. */
type Outcome = { take: Toolchain; why: string } | { refuse: string } | null;

interface Step {
  name: StepName;
  /** What a toolchain this step takes is chosen by (the `chosenBy` of JSON output). */
  source: ChoiceSource | null;
  /** Null when the step has nothing to look at for this input (it is left out of the trace). */
  evaluate(input: ChoiceInput): { judged: Judged[]; outcome: Outcome } | null;
}

export function newestOf(toolchains: Toolchain[]): Toolchain | null {
  let best: Toolchain | null = null;
  for (const t of toolchains) if (best === null || semverGt(t.semver, best.semver)) best = t;
  return best;
}

function describe(found: Toolchain[]): string {
  return found.length === 0 ? 'none found' : found.map((t) => `${t.version} at ${t.root}`).join(', ');
}

const label = (t: Toolchain) => `${t.version} at ${t.root}`;

/** Each toolchain judged against a range; the newest that satisfies it is the step's pick. */
function inRange(candidates: Toolchain[], range: string, says: (ok: boolean) => string): { judged: Judged[]; best: Toolchain | null } {
  const judged = candidates.map((t) => {
    const ok = goSatisfies(t.version, range);
    return { candidate: label(t), root: t.root, qualifies: ok, reason: says(ok) };
  });
  return { judged, best: newestOf(candidates.filter((_, i) => judged[i]!.qualifies)) };
}

/** Why an unreadable pin decides nothing: one sentence, the choice's and its trace's. */
function unreadablePinWhy(unreadable: string): string {
  return `the pin file cannot be read (${unreadable}), and it may exclude any toolchain gocondad would choose; nothing is changed until it is fixed`;
}

const NO_TOOLCHAIN =
  'no valid Go toolchain found; install one (e.g. `conda install go` in the env, or apt install golang-go) or list its dir under `toolchains:` in the config';

/** The precedence, first match wins. */
export const STEPS: readonly Step[] = [
  {
    // Checked first: a pin gocondad cannot read is treated as one no toolchain satisfies.
    name: 'pin file',
    source: null,
    evaluate: ({ pin }) => {
      if (pin?.unreadable === undefined) return null;
      const why = unreadablePinWhy(pin.unreadable);
      // Stryker disable next-line BooleanLiteral: decide() reads qualifies only when its step takes a toolchain; this one refuses.
      return { judged: [{ candidate: pin.unreadable, root: null, qualifies: false, reason: why }], outcome: { refuse: why } };
    },
  },
  {
    name: 'pin goroot',
    source: 'pin',
    evaluate: ({ pin, pinnedRoot: r }) => {
      if (pin?.goroot === undefined) return null;
      const reason = r?.ok ? `valid Go root (${r.toolchain.version})` : `not a valid Go root: ${r?.ok === false ? r.reason : 'not inspected'}`;
      const judged = [{ candidate: pin.goroot, root: r?.ok ? r.toolchain.root : null, qualifies: !!r?.ok, reason }];
      if (r?.ok) return { judged, outcome: { take: r.toolchain, why: `pin file names goroot ${pin.goroot}` } };
      return {
        judged,
        outcome: {
          refuse: `pin file names goroot ${pin.goroot}, which is not a valid Go root (${r?.ok === false ? r.reason : 'not inspected'}); fix the pin or install Go there`,
        },
      };
    },
  },
  {
    // A goroot pin says it all: a range beside it is not looked at.
    name: 'pin range',
    source: 'pin',
    evaluate: ({ pin, envGo, found }) => {
      if (pin?.go === undefined || pin.goroot !== undefined) return null;
      const range = pin.go;
      const candidates = envGo?.ok ? [envGo.toolchain, ...found] : found;
      const { judged, best } = inRange(candidates, range, (ok) => (ok ? `satisfies go ${range}` : `does not satisfy go ${range}`));
      if (best) return { judged, outcome: { take: best, why: `pin file asks for go ${range}; ${best.version} is the newest match` } };
      return {
        judged,
        outcome: {
          refuse: `pin file asks for go ${range} but no toolchain matches (${describe(candidates)}); install one, e.g. \`conda install go=${range}\`, or add its dir to \`toolchains:\` in the config`,
        },
      };
    },
  },
  {
    name: 'in env',
    source: 'in-env',
    evaluate: ({ envGo: e }) => {
      if (!e) return null;
      // Stryker disable next-line BooleanLiteral: decide() reads qualifies only when its step takes a toolchain; this one takes none.
      if (!e.ok) return { judged: [{ candidate: e.root, root: null, qualifies: false, reason: `not a valid Go root: ${e.reason}` }], outcome: null };
      const judged = [{ candidate: label(e.toolchain), root: e.toolchain.root, qualifies: true, reason: 'the env has its own Go' }];
      return { judged, outcome: { take: e.toolchain, why: `the env has its own Go at ${e.toolchain.root}` } };
    },
  },
  {
    // A default that matches nothing passes to the newest: the user asked for a preference, not a pin.
    name: 'default',
    source: 'default',
    evaluate: ({ defaultRange: range, found }) => {
      if (range === null) return null;
      const { judged, best } = inRange(found, range, (ok) => (ok ? `satisfies the user default ${range}` : `does not satisfy the user default ${range}`));
      return { judged, outcome: best ? { take: best, why: `user default ${range}; ${best.version} is the newest match` } : null };
    },
  },
  {
    name: 'newest',
    source: 'newest',
    evaluate: ({ found }) => {
      const newest = newestOf(found);
      const judged = found.map((t) => ({
        candidate: label(t),
        root: t.root,
        qualifies: t === newest,
        reason: t === newest ? 'the newest found' : `older than ${newest?.version}`,
      }));
      return { judged, outcome: newest ? { take: newest, why: `newest toolchain found (${describe(found)})` } : null };
    },
  },
];

/**
 * The one walk over STEPS: the first step that decides makes the choice; every candidate of every step
 * is in the trace, judged by the step that decided (chosen or passed over) or not reached after it.
 */
export function decide(input: ChoiceInput): Decision {
  let choice: Choice | null = null;
  const trace: TraceStep[] = [];
  for (const step of STEPS) {
    const r = step.evaluate(input);
    if (r === null) continue;
    if (choice !== null) {
      for (const j of r.judged) trace.push({ step: step.name, candidate: j.candidate, verdict: 'not reached', reason: j.reason });
      continue;
    }
    const o = r.outcome;
    if (o !== null) choice = 'take' in o ? { ok: true, toolchain: o.take, source: step.source!, why: o.why } : { ok: false, why: o.refuse };
    const taken = o !== null && 'take' in o ? o.take : null;
    for (const j of r.judged) {
      const chosen = taken !== null && j.qualifies && j.root === taken.root;
      // A candidate that qualifies where the choice is made but is not the one taken was passed over: say for which.
      const passedOver = taken !== null && j.qualifies && !chosen;
      trace.push({
        step: step.name,
        candidate: j.candidate,
        verdict: chosen ? 'chosen' : 'rejected',
        reason: passedOver ? `${j.reason}, but ${taken.version} is newer` : j.reason,
      });
    }
  }
  return { choice: choice ?? { ok: false, why: NO_TOOLCHAIN }, trace };
}
