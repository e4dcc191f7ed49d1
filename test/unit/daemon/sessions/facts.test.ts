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
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

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

describe('the cache’s edges', () => {
  const { cachedFacts } = require('../../../../src/daemon/sessions/facts');
  const counting = () => {
    const asked: string[] = [];
    const facts = {
      inspect: () => ({ ok: false, root: '/x', reason: 'r' }),
      goIn: (d: string) => (asked.push(d), null),
      realpath: (p: string) => p,
      shellOf: () => null,
    };
    return { asked, facts };
  };

  test('a fact exactly ttl old is asked again; one a moment younger is not (clock not starting at 0)', () => {
    const { asked, facts } = counting();
    let t = 5000;
    const c = cachedFacts(1000, facts, () => t);
    c.goIn('/d');
    t = 5999;
    c.goIn('/d');
    expect(asked).toEqual(['/d']);
    t = 6000;
    c.goIn('/d');
    expect(asked).toEqual(['/d', '/d']);
  });

  test('past 10,000 entries the cache is dropped, not grown: the first fact is asked again; at 10,000 it is kept', () => {
    const { asked, facts } = counting();
    const c = cachedFacts(60_000, facts, () => 0);
    for (let i = 0; i < 10_000; i++) c.goIn(`/d${i}`);
    c.goIn('/d0'); // 10,000 held: kept
    expect(asked.length).toBe(10_000);
    c.goIn('/d10000'); // the 10,001st: still added (the check runs before adding)
    c.goIn('/d1');
    expect(asked.length).toBe(10_001);
    c.goIn('/new'); // over 10,000: dropped, then /new kept
    c.goIn('/d1');
    expect(asked.slice(-2)).toEqual(['/new', '/d1']);
  });
});
