import { chooseToolchain, traceChoice } from '../../../src/core/choose-toolchain';
import type { Toolchain } from '../../../src/core/toolchains';

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
