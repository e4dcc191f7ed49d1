// src/daemon/sessions/facts.ts: the short-lived cache of what conflict detection asks the disk.
describe('cached disk facts', () => {
  test('each fact is asked once per ttl, then again; shellOf never cached; clear forgets', () => {
    const { cachedFacts } = require('../../../../src/daemon/sessions/facts');
    let calls = 0;
    let t = 0;
    const facts = cachedFacts(
      1000,
      {
        inspect: () => (calls++, { ok: false, root: '/x', reason: 'r' }),
        goIn: () => (calls++, null),
        realpath: (p: string) => (calls++, p),
        shellOf: () => (calls++, 'bash'),
      },
      () => t,
    );
    for (let i = 0; i < 5; i++) {
      facts.inspect('/a');
      facts.goIn('/b');
      facts.realpath('/c');
    }
    expect(calls).toBe(3);
    facts.shellOf(1);
    facts.shellOf(1);
    expect(calls).toBe(5);
    t = 1500;
    facts.goIn('/b');
    expect(calls).toBe(6);
    facts.clear();
    facts.goIn('/b');
    expect(calls).toBe(7);
  });
});
