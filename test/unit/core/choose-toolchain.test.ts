import fc from 'fast-check';
import { decide, STEPS, type ChoiceInput, type StepName } from '../../../src/core/choose-toolchain';
import type { PinFile } from '../../../src/core/config';
import type { Inspection, Toolchain } from '../../../src/core/toolchains';

const chooseToolchain = (input: ChoiceInput) => decide(input).choice;
const traceChoice = (input: ChoiceInput) => decide(input).trace;

const tc = (version: string, root: string, semver: string): Toolchain => ({ version, root, semver });
const t19 = tc('go1.19.8', '/usr/lib/go-1.19', '1.19.8');
const t22 = tc('go1.22.12', '/usr/lib/go-1.22', '1.22.12');
const t23 = tc('go1.23.5', '/usr/lib/go-1.23', '1.23.5');
const envGo = tc('go1.21.3', '/env/go', '1.21.3');
const none = { pin: null, pinnedRoot: null, envGo: null, defaultRange: null, found: [t19, t22, t23] };

test('newest found when nothing else says', () => {
  const c = chooseToolchain(none);
  expect(c).toMatchObject({ ok: true, source: 'newest', toolchain: t23 });
});
test('user default beats newest', () => expect(chooseToolchain({ ...none, defaultRange: '1.22' })).toMatchObject({ source: 'default', toolchain: t22 }));
test('a default matching nothing falls back to newest', () =>
  expect(chooseToolchain({ ...none, defaultRange: '1.30' })).toMatchObject({ source: 'newest', toolchain: t23 }));
test('a Go in the env beats the default', () =>
  expect(chooseToolchain({ ...none, defaultRange: '1.22', envGo: { ok: true, toolchain: envGo } })).toMatchObject({ source: 'in-env', toolchain: envGo }));
test('an invalid Go in the env is passed over', () =>
  expect(chooseToolchain({ ...none, envGo: { ok: false, root: '/env/go', reason: 'no src/runtime' } })).toMatchObject({ source: 'newest' }));
test('a pin range beats everything and takes the newest match', () => {
  expect(chooseToolchain({ ...none, pin: { go: '>=1.19 <1.23' }, envGo: { ok: true, toolchain: envGo } })).toMatchObject({ source: 'pin', toolchain: t22 });
});
test('an unsatisfiable pin touches nothing and says what to install', () => {
  const c = chooseToolchain({ ...none, pin: { go: '1.30' } });
  expect(c.ok).toBe(false);
  expect(c.why).toMatch(/conda install go=1\.30/);
});
test('a goroot pin must be a valid root', () => {
  expect(chooseToolchain({ ...none, pin: { goroot: '/x' }, pinnedRoot: { ok: true, toolchain: t19 } })).toMatchObject({ source: 'pin', toolchain: t19 });
  expect(chooseToolchain({ ...none, pin: { goroot: '/x' }, pinnedRoot: { ok: false, root: '/x', reason: 'no bin/go' } })).toMatchObject({ ok: false });
});
test('no toolchain at all', () => expect(chooseToolchain({ ...none, found: [] })).toMatchObject({ ok: false }));
test('a pin file that cannot be read is an unsatisfiable pin: no toolchain, not the newest it may exclude', () => {
  const c = chooseToolchain({ ...none, pin: { unreadable: 'p.yml:1: YAML error: Missing closing "quote' } });
  expect(c).toEqual({ ok: false, why: expect.stringContaining('p.yml:1: YAML error') });
  expect(c.why).toContain('nothing is changed until it is fixed');
});
test('the trace of an unreadable pin: the pin file rejected, every later candidate not reached', () => {
  const trace = traceChoice({ ...none, pin: { unreadable: 'p.yml:1: YAML error' } });
  expect(trace[0]).toMatchObject({ step: 'pin file', verdict: 'rejected' });
  expect(trace.length).toBeGreaterThan(1);
  expect(trace.slice(1).map((s) => s.verdict)).toEqual(trace.slice(1).map(() => 'not reached'));
});

test('trace: a candidate passed over for a newer one is rejected, with why; only the one taken is chosen', () => {
  expect(traceChoice(none)).toEqual([
    { step: 'newest', candidate: 'go1.19.8 at /usr/lib/go-1.19', verdict: 'rejected', reason: 'older than go1.23.5' },
    { step: 'newest', candidate: 'go1.22.12 at /usr/lib/go-1.22', verdict: 'rejected', reason: 'older than go1.23.5' },
    { step: 'newest', candidate: 'go1.23.5 at /usr/lib/go-1.23', verdict: 'chosen', reason: 'the newest found' },
  ]);
  const pinned = traceChoice({ ...none, pin: { go: '>=1.19 <1.23' } });
  expect(pinned.filter((s) => s.step === 'pin range')).toEqual([
    { step: 'pin range', candidate: 'go1.19.8 at /usr/lib/go-1.19', verdict: 'rejected', reason: 'satisfies go >=1.19 <1.23, but go1.22.12 is newer' },
    { step: 'pin range', candidate: 'go1.22.12 at /usr/lib/go-1.22', verdict: 'chosen', reason: 'satisfies go >=1.19 <1.23' },
    { step: 'pin range', candidate: 'go1.23.5 at /usr/lib/go-1.23', verdict: 'rejected', reason: 'does not satisfy go >=1.19 <1.23' },
  ]);
  expect(pinned.filter((s) => s.step === 'newest').map((s) => s.verdict)).toEqual(['not reached', 'not reached', 'not reached']);
});

// What `chosenBy` each step stands for, written here apart from the module (explain's table reads it so).
const SOURCE_OF: Record<StepName, string | null> = {
  'pin file': null,
  'pin goroot': 'pin',
  'pin range': 'pin',
  'in env': 'in-env',
  default: 'default',
  newest: 'newest',
};

test('the steps are the precedence explain prints: pin file, pin goroot, pin range, Go in the env, user default, newest', () => {
  expect(STEPS.map((s) => [s.name, s.source])).toEqual(Object.entries(SOURCE_OF));
});

// Worlds: toolchains of a few versions at distinct roots, each kind of pin (unreadable, goroot valid or
// not, a range, several at once), a Go in the env or a broken one, a user default or none.
const VERSIONS = ['1.19.8', '1.20.0', '1.21.3', '1.22.1', '1.22.12', '1.23.5'];
const toolchainAt = (root: string) => fc.constantFrom(...VERSIONS).map((v): Toolchain => ({ version: `go${v}`, root, semver: v }));
const inspection = (root: string): fc.Arbitrary<Inspection | null> =>
  fc.oneof(
    fc.constant(null),
    toolchainAt(root).map((t) => ({ ok: true as const, toolchain: t })),
    fc.constant({ ok: false as const, root, reason: 'no bin/go' }),
  );
const range = fc.constantFrom('1.22', '>=1.19 <1.23', '1.30', '1.19', '>=1.21', '~1.23.0');
const pin: fc.Arbitrary<PinFile | null> = fc.oneof(
  fc.constant(null),
  fc.record({ unreadable: fc.constant('p.yml:1: YAML error'), go: range, goroot: fc.constant('/pinned') }, { requiredKeys: [] }),
);
const world: fc.Arbitrary<ChoiceInput> = fc.record({
  pin,
  pinnedRoot: inspection('/pinned'),
  envGo: inspection('/env/go'),
  defaultRange: fc.option(range, { nil: null }),
  found: fc
    .uniqueArray(fc.constantFrom('/usr/lib/go-1.19', '/usr/lib/go-1.22', '/usr/lib/go-1.23', '/opt/go', '/home/u/sdk/go'), { maxLength: 5 })
    .chain((roots) => fc.tuple(...roots.map(toolchainAt))),
});

test('for every world, the trace explain shows chose what the shims apply: one chosen row, of the deciding step', () => {
  fc.assert(
    fc.property(world, (input) => {
      const { choice, trace } = decide(input);
      const chosen = trace.filter((s) => s.verdict === 'chosen');
      if (!choice.ok) return expect(chosen).toEqual([]);
      expect(chosen).toHaveLength(1);
      const row = chosen[0]!;
      expect(SOURCE_OF[row.step]).toBe(choice.source);
      const t = choice.toolchain;
      expect(row.candidate).toBe(row.step === 'pin goroot' ? input.pin!.goroot : `${t.version} at ${t.root}`);
      // Rows before the deciding step were looked at and not taken; rows after it were never reached.
      const at = trace.indexOf(row);
      const deciding = trace.filter((s) => s.step === row.step);
      expect(trace.slice(0, at).every((s) => s.verdict === 'rejected')).toBe(true);
      expect(trace.slice(trace.indexOf(deciding.at(-1)!) + 1).every((s) => s.verdict === 'not reached')).toBe(true);
    }),
    { numRuns: 3000 },
  );
});

describe('each step decided, the choice and the trace written out', () => {
  const all = 'go1.19.8 at /usr/lib/go-1.19, go1.22.12 at /usr/lib/go-1.22, go1.23.5 at /usr/lib/go-1.23';
  const newestNotReached = [
    { step: 'newest', candidate: 'go1.19.8 at /usr/lib/go-1.19', verdict: 'not reached', reason: 'older than go1.23.5' },
    { step: 'newest', candidate: 'go1.22.12 at /usr/lib/go-1.22', verdict: 'not reached', reason: 'older than go1.23.5' },
    { step: 'newest', candidate: 'go1.23.5 at /usr/lib/go-1.23', verdict: 'not reached', reason: 'the newest found' },
  ];

  test('an unreadable pin', () => {
    const why = 'the pin file cannot be read (p.yml: bad), and it may exclude any toolchain gocondad would choose; nothing is changed until it is fixed';
    expect(decide({ ...none, pin: { unreadable: 'p.yml: bad', go: '1.22' } })).toEqual({
      choice: { ok: false, why },
      trace: [
        { step: 'pin file', candidate: 'p.yml: bad', verdict: 'rejected', reason: why },
        { step: 'pin range', candidate: 'go1.19.8 at /usr/lib/go-1.19', verdict: 'not reached', reason: 'does not satisfy go 1.22' },
        { step: 'pin range', candidate: 'go1.22.12 at /usr/lib/go-1.22', verdict: 'not reached', reason: 'satisfies go 1.22' },
        { step: 'pin range', candidate: 'go1.23.5 at /usr/lib/go-1.23', verdict: 'not reached', reason: 'does not satisfy go 1.22' },
        ...newestNotReached,
      ],
    });
  });

  test('a valid pinned goroot; a range beside it is not looked at', () => {
    expect(decide({ ...none, pin: { goroot: '/x', go: '1.23' }, pinnedRoot: { ok: true, toolchain: t19 } })).toEqual({
      choice: { ok: true, toolchain: t19, source: 'pin', why: 'pin file names goroot /x' },
      trace: [{ step: 'pin goroot', candidate: '/x', verdict: 'chosen', reason: 'valid Go root (go1.19.8)' }, ...newestNotReached],
    });
  });

  test('an invalid pinned goroot, and one not inspected', () => {
    expect(decide({ ...none, found: [], pin: { goroot: '/x' }, pinnedRoot: { ok: false, root: '/x', reason: 'no bin/go' } })).toEqual({
      choice: { ok: false, why: 'pin file names goroot /x, which is not a valid Go root (no bin/go); fix the pin or install Go there' },
      trace: [{ step: 'pin goroot', candidate: '/x', verdict: 'rejected', reason: 'not a valid Go root: no bin/go' }],
    });
    expect(decide({ ...none, found: [], pin: { goroot: '/x' }, pinnedRoot: null })).toEqual({
      choice: { ok: false, why: 'pin file names goroot /x, which is not a valid Go root (not inspected); fix the pin or install Go there' },
      trace: [{ step: 'pin goroot', candidate: '/x', verdict: 'rejected', reason: 'not a valid Go root: not inspected' }],
    });
  });

  test('a pin range: the env’s Go is a candidate too; none matching says what there is and what to install', () => {
    expect(decide({ ...none, found: [t19], pin: { go: '1.21' }, envGo: { ok: true, toolchain: envGo } })).toEqual({
      choice: { ok: true, toolchain: envGo, source: 'pin', why: 'pin file asks for go 1.21; go1.21.3 is the newest match' },
      trace: [
        { step: 'pin range', candidate: 'go1.21.3 at /env/go', verdict: 'chosen', reason: 'satisfies go 1.21' },
        { step: 'pin range', candidate: 'go1.19.8 at /usr/lib/go-1.19', verdict: 'rejected', reason: 'does not satisfy go 1.21' },
        { step: 'in env', candidate: 'go1.21.3 at /env/go', verdict: 'not reached', reason: 'the env has its own Go' },
        { step: 'newest', candidate: 'go1.19.8 at /usr/lib/go-1.19', verdict: 'not reached', reason: 'the newest found' },
      ],
    });
    expect(decide({ ...none, pin: { go: '1.30' } }).choice).toEqual({
      ok: false,
      why: `pin file asks for go 1.30 but no toolchain matches (${all}); install one, e.g. \`conda install go=1.30\`, or add its dir to \`toolchains:\` in the config`,
    });
    expect(decide({ ...none, found: [], pin: { go: '1.30' }, envGo: { ok: false, root: '/env/go', reason: 'r' } })).toEqual({
      choice: {
        ok: false,
        why: 'pin file asks for go 1.30 but no toolchain matches (none found); install one, e.g. `conda install go=1.30`, or add its dir to `toolchains:` in the config',
      },
      trace: [{ step: 'in env', candidate: '/env/go', verdict: 'not reached', reason: 'not a valid Go root: r' }],
    });
  });

  test('the env’s own Go; a broken one is passed over to the default', () => {
    expect(decide({ ...none, found: [], envGo: { ok: true, toolchain: envGo } })).toEqual({
      choice: { ok: true, toolchain: envGo, source: 'in-env', why: 'the env has its own Go at /env/go' },
      trace: [{ step: 'in env', candidate: 'go1.21.3 at /env/go', verdict: 'chosen', reason: 'the env has its own Go' }],
    });
    expect(decide({ ...none, defaultRange: '1.22', envGo: { ok: false, root: '/env/go', reason: 'no src/runtime' } })).toEqual({
      choice: { ok: true, toolchain: t22, source: 'default', why: 'user default 1.22; go1.22.12 is the newest match' },
      trace: [
        { step: 'in env', candidate: '/env/go', verdict: 'rejected', reason: 'not a valid Go root: no src/runtime' },
        { step: 'default', candidate: 'go1.19.8 at /usr/lib/go-1.19', verdict: 'rejected', reason: 'does not satisfy the user default 1.22' },
        { step: 'default', candidate: 'go1.22.12 at /usr/lib/go-1.22', verdict: 'chosen', reason: 'satisfies the user default 1.22' },
        { step: 'default', candidate: 'go1.23.5 at /usr/lib/go-1.23', verdict: 'rejected', reason: 'does not satisfy the user default 1.22' },
        ...newestNotReached,
      ],
    });
  });

  test('a default that matches nothing, then the newest; nothing at all', () => {
    expect(decide({ ...none, found: [t19], defaultRange: '1.30' })).toEqual({
      choice: { ok: true, toolchain: t19, source: 'newest', why: 'newest toolchain found (go1.19.8 at /usr/lib/go-1.19)' },
      trace: [
        { step: 'default', candidate: 'go1.19.8 at /usr/lib/go-1.19', verdict: 'rejected', reason: 'does not satisfy the user default 1.30' },
        { step: 'newest', candidate: 'go1.19.8 at /usr/lib/go-1.19', verdict: 'chosen', reason: 'the newest found' },
      ],
    });
    expect(decide({ ...none, found: [] })).toEqual({
      choice: {
        ok: false,
        why: 'no valid Go toolchain found; install one (e.g. `conda install go` in the env, or apt install golang-go) or list its dir under `toolchains:` in the config',
      },
      trace: [],
    });
  });

  test('two toolchains of one version: the first found is the newest', () => {
    const a = tc('go1.22.12', '/a', '1.22.12');
    const b = tc('go1.22.12', '/b', '1.22.12');
    expect(decide({ ...none, found: [a, b] })).toEqual({
      choice: { ok: true, toolchain: a, source: 'newest', why: 'newest toolchain found (go1.22.12 at /a, go1.22.12 at /b)' },
      trace: [
        { step: 'newest', candidate: 'go1.22.12 at /a', verdict: 'chosen', reason: 'the newest found' },
        { step: 'newest', candidate: 'go1.22.12 at /b', verdict: 'rejected', reason: 'older than go1.22.12' },
      ],
    });
    expect(decide({ ...none, found: [a, b], defaultRange: '1.22' }).choice).toMatchObject({ toolchain: a });
  });
});
