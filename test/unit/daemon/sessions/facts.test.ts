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

describe('the real facts, on a temp dir', () => {
  const { realFacts, cachedFacts } = require('../../../../src/daemon/sessions/facts');
  const fs = require('node:fs') as typeof import('node:fs');
  const os = require('node:os') as typeof import('node:os');
  const path = require('node:path') as typeof import('node:path');
  let dir: string;
  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-facts-')));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('goIn: an executable go only; realpath and readlink of what is and is not there; shellOf a live and a gone pid', () => {
    expect(realFacts.goIn(dir)).toBeNull();
    fs.writeFileSync(path.join(dir, 'go'), '#!/bin/sh\n', { mode: 0o644 });
    expect(realFacts.goIn(dir)).toBeNull();
    fs.chmodSync(path.join(dir, 'go'), 0o755);
    expect(realFacts.goIn(dir)).toBe(path.join(dir, 'go'));
    fs.symlinkSync('go', path.join(dir, 'link'));
    expect(realFacts.realpath(path.join(dir, 'link'))).toBe(path.join(dir, 'go'));
    expect(realFacts.realpath(path.join(dir, 'gone'))).toBe(path.join(dir, 'gone'));
    expect(realFacts.readlink(path.join(dir, 'link'))).toBe('go');
    expect(realFacts.readlink(path.join(dir, 'go'))).toBeNull();
    expect(realFacts.shellOf(process.pid)).toBe(fs.readFileSync(`/proc/${process.pid}/comm`, 'utf8').trim());
    expect(realFacts.shellOf(2 ** 22 + 1)).toBeNull(); // above pid_max: no such process
  });

  test('the cache passes readlink through, and says null for facts that have none', () => {
    fs.symlinkSync('target', path.join(dir, 'l'));
    expect(cachedFacts(1000).readlink(path.join(dir, 'l'))).toBe('target');
    const noReadlink = { ...realFacts, readlink: undefined };
    expect(cachedFacts(1000, noReadlink).readlink(path.join(dir, 'l'))).toBeNull();
  });
});
