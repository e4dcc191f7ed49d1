// The daemon's inputs, fuzzed (fast-check) against a real daemon: its socket, its journal, its config and
// pin files. After every kind of bad input the daemon is up, answers the next good request, still has
// the live shell it had, logs the kind of bad input in one line (rate-limited), and its memory is flat.
// Sizes are CI-sized; GOCONDAD_FUZZ_RUNS=<n> multiplies them. GOCONDAD_FUZZ_REPORT=<file> writes the
// figures (cases per input kind, RSS) that docs/reliability.md quotes.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { logEvents, markerPid, markerRecord, rawExchange, record, request, Stream } from '../helpers/daemon-io';
import { fuzzRuns, fuzzScale } from '../helpers/fuzz';
import { requireReal, World } from '../helpers/world';
import { REREAD_AFTER_MS } from '../../src/daemon/journal/journal-tail';
import { WARN_WINDOW_MS } from '../../src/daemon/log/ratelimit';

beforeAll(() => requireReal());

const LIVE_PREFIX = '/fuzz/live-env';
const cases: Record<string, number> = {};
const count = (kind: string) => (cases[kind] = (cases[kind] ?? 0) + 1);

let world: World;
let sock: string;
let journal: string;
let stream: Stream;
let rssStart = 0;
const startedAt = Date.now();

const rss = async () => (await request(sock, 'GET', '/v1/status')).json.daemon.rssBytes as number;
/** The daemon answers a good request and still knows the live shell. */
async function healthy(): Promise<void> {
  const hello = await request(sock, 'GET', '/v1/hello');
  expect(hello.status).toBe(200);
  const st = await request(sock, 'GET', '/v1/status');
  expect(st.json.sessions).toEqual(expect.arrayContaining([expect.objectContaining({ shellPid: process.pid, prefix: LIVE_PREFIX })]));
}
/** A good record appended after the bad bytes gets applied (the reader resynchronised). */
async function journalRecovers(what: string): Promise<void> {
  const pid = markerPid();
  fs.appendFileSync(journal, markerRecord(pid));
  await stream.seen(pid, `the good record after ${what}`);
}

beforeAll(async () => {
  world = new World();
  world.startDaemon();
  sock = path.join(world.runtimeDir, 'gocondad.sock');
  journal = path.join(world.runtimeDir, 'journal');
  stream = new Stream(sock);
  await stream.opened();
  // The live shell: this test process, activated in an env; nothing below may lose it.
  const live = { v: '1', ev: 'activate', pid: String(process.pid), lvl: '1', prefix: LIVE_PREFIX, sh: 'bash' };
  expect((await request(sock, 'POST', '/v1/events', JSON.stringify({ records: [live] }))).status).toBe(200);
  for (let i = 0; i < 50; i++) await request(sock, 'GET', '/v1/status'); // warm up before the baseline
  rssStart = await rss();
});

afterAll(async () => {
  const report = process.env.GOCONDAD_FUZZ_REPORT;
  if (report && world) {
    const rssEnd = await rss().catch(() => -1);
    const lines = Object.fromEntries([...logEvents(world.logFile)].map(([k, v]) => [k, v.length]));
    fs.writeFileSync(
      report,
      JSON.stringify({ scale: fuzzScale(), seconds: (Date.now() - startedAt) / 1000, cases, rssStart, rssEnd, logLines: lines }, null, 2),
    );
  }
  if (process.env.GOCONDAD_FUZZ_KEEP_LOG && world) fs.copyFileSync(world.logFile, process.env.GOCONDAD_FUZZ_KEEP_LOG);
  stream?.close();
  world?.cleanup();
});

describe('socket', () => {
  test('random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 2048 }), async (bytes) => {
        count('socket: random bytes');
        const r = await rawExchange(sock, Buffer.from(bytes));
        expect(r.closedByServer).toBe(true);
      }),
      { endOnFailure: true, numRuns: fuzzRuns(150) },
    );
    await healthy();
  });

  const good = (body: string) =>
    `POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  const goodBody = JSON.stringify({ records: [{ v: '1', ev: 'deactivate', pid: '4199999', lvl: '1', prefix: '/x' }] });

  test('truncated requests (cut anywhere, then the client closes)', async () => {
    const whole = good(goodBody);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: whole.length - 1 }), async (cut) => {
        count('socket: truncated request');
        const r = await rawExchange(sock, whole.slice(0, cut));
        expect(r.closedByServer).toBe(true);
        expect(r.reply).not.toMatch(/^HTTP\/1\.1 200/);
      }),
      { endOnFailure: true, numRuns: fuzzRuns(100) },
    );
    await healthy();
  });

  test('oversized requests: huge bodies, huge headers, a lying Content-Length', async () => {
    const big = (n: number) => 'a'.repeat(n);
    const attempts = [
      good(`{"x":"${big(70 * 1024)}"}`),
      `GET /v1/hello HTTP/1.1\r\nHost: x\r\nX-Big: ${big(20 * 1024)}\r\n\r\n`,
      `POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n${big(100 * 1024)}`,
      `POST /v1/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${'4000\r\n' + big(0x4000) + '\r\n'}`.repeat(6),
    ];
    for (let i = 0; i < fuzzRuns(5); i++) {
      for (const a of attempts) {
        count('socket: oversized request');
        const r = await rawExchange(sock, a);
        expect(r.reply).toMatch(/^HTTP\/1\.1 (4\d\d)|^$/);
      }
    }
    await healthy();
  });

  test('bad JSON and JSON of the wrong shape', async () => {
    const body = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      fc
        .array(
          fc.dictionary(
            fc.constantFrom('v', 'ev', 'pid', 'lvl', 'prefix', 'goroot', 't', 'sh', 'path0', 'stale'),
            fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
          ),
          { maxLength: 5 },
        )
        .map((records) => JSON.stringify({ records })),
    );
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        if (text.includes(`"${process.pid}"`)) return; // never a record about the live shell
        count('socket: bad JSON / wrong shape');
        const r = await request(sock, 'POST', '/v1/events', text);
        expect([200, 400]).toContain(r.status);
        if (r.status === 400) expect(typeof r.json.hint).toBe('string');
      }),
      { endOnFailure: true, numRuns: fuzzRuns(200) },
    );
    await healthy();
  });

  test('wrong and future protocol versions, in the path and in records', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(1_000_000), fc.string({ maxLength: 5 }), async (n, v) => {
        count('socket: protocol version');
        if (n !== 1) expect((await request(sock, 'GET', `/v${n}/hello`)).status).toBe(400);
        if (v !== '1') {
          const r = await request(sock, 'POST', '/v1/events', JSON.stringify({ records: [{ v, ev: 'activate', pid: '4199998', lvl: '1', prefix: '/x' }] }));
          expect(r.status).toBe(400);
          expect(r.json.error).toMatch(/(protocol|journal) version/);
        }
      }),
      { endOnFailure: true, numRuns: fuzzRuns(100) },
    );
    await healthy();
  });

  test('slow senders that never finish their headers are closed by the daemon, and do not block others', async () => {
    const n = Math.min(200, fuzzRuns(100));
    const slow = Array.from({ length: n }, () => rawExchange(sock, 'POST /v1/events HTTP/1.1\r\nHost: x\r\nX-Slow: ', { end: false, safetyMs: 30000 }));
    cases['socket: slow sender'] = n;
    await healthy(); // answered while they hang
    const done = await Promise.all(slow);
    // Closed by the server (its header timeout), not by the client's safety net.
    expect(done.filter((d) => d.error === 'no close within the safety net')).toEqual([]);
    expect(done.every((d) => d.closedByServer)).toBe(true);
    await healthy();
  });

  test('thousands of connections at once: bounded, and the daemon serves again after', async () => {
    const n = fuzzRuns(2000);
    cases['socket: connections at once'] = n;
    const outcomes = await Promise.all(
      Array.from(
        { length: n },
        () =>
          new Promise<string>((resolve) => {
            const c = net.createConnection({ path: sock });
            let got = '';
            c.on('connect', () => c.end('GET /v1/hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
            c.on('data', (d) => (got += d));
            c.on('error', (e: NodeJS.ErrnoException) => (got = got || `error ${e.code}`));
            c.on('close', () => resolve(got.startsWith('HTTP/1.1 200') ? 'answered' : got.startsWith('error') ? got : 'dropped'));
          }),
      ),
    );
    const tally: Record<string, number> = {};
    for (const o of outcomes) tally[o] = (tally[o] ?? 0) + 1;
    cases['socket: connections answered'] = tally.answered ?? 0;
    expect(tally.answered).toBeGreaterThan(0);
    await healthy();
  });
});

describe('journal', () => {
  test('garbage bytes, then a good record', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (bytes) => {
        count('journal: garbage');
        fs.appendFileSync(journal, Buffer.from(bytes));
        await journalRecovers('garbage');
      }),
      { endOnFailure: true, numRuns: fuzzRuns(60) },
    );
    await healthy();
  });

  test('truncated and interleaved records, records from a newer shim', async () => {
    const fields = fc.dictionary(
      fc.stringMatching(/^[a-z0-9_]{1,8}$/),
      fc.string({ maxLength: 40 }).map((s) => s.replace(/\0/g, '')),
      { maxKeys: 6 },
    );
    const bad = fc.oneof(
      fc.tuple(fields, fc.nat()).map(([f, cut]) => {
        const r = record({ v: '1', ev: 'deactivate', pid: '4199997', lvl: '1', prefix: '/t', ...f });
        return r.slice(0, cut % r.length); // truncated
      }),
      fc.tuple(fields, fields, fc.array(fc.boolean(), { minLength: 10, maxLength: 200 })).map(([a, b, picks]) => {
        // two records' bytes interleaved, as torn concurrent appends are
        const x = record({ v: '1', ev: 'deactivate', pid: '4199996', lvl: '1', prefix: '/a', ...a });
        const y = record({ v: '1', ev: 'deactivate', pid: '4199995', lvl: '1', prefix: '/b', ...b });
        let i = 0;
        let j = 0;
        let out = '';
        for (const p of picks) {
          const step = 7;
          if (p && i < x.length) {
            out += x.slice(i, i + step);
            i += step;
          } else if (j < y.length) {
            out += y.slice(j, j + step);
            j += step;
          }
        }
        return out + x.slice(i) + y.slice(j);
      }),
      fc
        .tuple(fc.integer({ min: 2, max: 99 }), fields)
        .map(([v, f]) => record({ ...f, v: String(v), ev: 'activate', pid: '4199994', lvl: '1', prefix: '/newer', newfield: 'x' })),
    );
    await fc.assert(
      fc.asyncProperty(bad, async (text) => {
        count('journal: truncated/interleaved/newer');
        fs.appendFileSync(journal, text);
        await journalRecovers('a bad record');
      }),
      { endOnFailure: true, numRuns: fuzzRuns(100) },
    );
    // Found by the unit fuzzing: a time past the range of a Date threw out of the journal reader.
    count('journal: truncated/interleaved/newer');
    fs.appendFileSync(journal, record({ v: '1', ev: 'deactivate', pid: '4199990', lvl: '1', prefix: '/t', t: '99999999999999999999' }));
    await journalRecovers('a record with a time out of range');
    await healthy();
  });

  test('a huge journal is read in bounded memory', async () => {
    const mib = Math.round(64 * fuzzScale());
    cases['journal: huge (MiB)'] = mib;
    const chunk = Buffer.alloc(1024 * 1024);
    const one = Buffer.from(markerRecord(4199993));
    for (let o = 0; o + one.length <= chunk.length; o += one.length) one.copy(chunk, o);
    const fd = fs.openSync(journal, 'a');
    // A MiB of records, then garbage with a record every 64 KiB: what a runaway writer leaves.
    fs.writeSync(fd, chunk);
    const junk = Buffer.alloc(chunk.length, 0x41);
    for (let o = 0; o < junk.length; o += 64 * 1024) one.copy(junk, o);
    for (let i = 1; i < mib; i++) fs.writeSync(fd, junk);
    fs.closeSync(fd);
    // The daemon's peak resident memory while it reads the journal: reset the peak (clear_refs 5), read,
    // then the peak may have grown by a bound that does not depend on the file's size (one chunk, and the
    // ~10,000 records of the first MiB applied: ~18 MiB measured from 2 to 72 MiB files), half the file here.
    const daemon = world.daemonPid()!;
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${daemon}/status`, 'utf8'))![1]);
    fs.writeFileSync(`/proc/${daemon}/clear_refs`, '5');
    const before = kib('VmRSS');
    await journalRecovers('a huge journal');
    await new Promise((r) => setTimeout(r, 3 * REREAD_AFTER_MS)); // a rotated file's tail is read again after this
    await healthy();
    const grew = (kib('VmHWM') - before) * 1024;
    cases['journal: huge, peak RSS growth (MiB)'] = Math.round(grew / 1024 / 1024);
    expect(grew).toBeLessThan(32 * 1024 * 1024);
  });

  test('a FIFO, a symlink and a file of another user in place of the journal: refused, moved aside, not blocking', async () => {
    const target = path.join(world.dir, 'not-the-journal');
    fs.writeFileSync(target, markerRecord(4199992));
    for (const make of [
      () => execFileSync('mkfifo', [journal]),
      () => fs.symlinkSync(target, journal),
      () => {
        fs.writeFileSync(journal, markerRecord(4199991));
        fs.chownSync(journal, 65534, 65534);
      },
    ]) {
      count('journal: FIFO/symlink/foreign file');
      // Whatever the daemon made of the last one (moved aside), this one takes the journal's place.
      fs.rmSync(journal, { force: true });
      make();
      await healthy(); // status reads the journal: it must not block on the FIFO
      await world.waitFor(() => !fs.existsSync(journal) || fs.lstatSync(journal).isFile(), 'the bad journal moved aside');
      await journalRecovers('a refused journal');
    }
    const refused = logEvents(world.logFile).get('journal_refused') ?? [];
    expect(refused[0]?.why).toMatch(/not a regular file; moved aside/);
  });
});

describe('config and pin files', () => {
  const yamlish = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc
      .array(
        fc.tuple(
          fc.constantFrom('go', 'goroot', 'cgo', 'toolchains', 'default', 'gopath', 'launchers', 'auto_install', '? x'),
          fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('[', '{a:', '*x', '&a [*a]', '1.22', '/tmp', 'true', '- a')),
        ),
        { maxLength: 6 },
      )
      .map((kv) => kv.map(([k, v]) => `${k}: ${v}`).join('\n')),
  );

  test('bad YAML and wrong types in the user config and in a pin, then a refresh', async () => {
    const env = world.makeEnv('fuzzed', { pin: 'go: "1.22"\n' });
    world.installShims(env);
    const configFile = path.join(world.home, '.config', 'gocondad', 'config.yml');
    const goodConfig = fs.readFileSync(configFile, 'utf8');
    // Huge files are not read (first: the fuzzing below logs enough problems to reach the rate limit).
    count('config+pin: huge file');
    fs.writeFileSync(configFile, `toolchains: [${'"/x", '.repeat(40000)}]\n`);
    fs.writeFileSync(path.join(env, 'etc', 'gocondad.yml'), `go: "${'1'.repeat(200000)}"\n`);
    expect((await request(sock, 'POST', '/v1/refresh')).status).toBe(200);
    await fc.assert(
      fc.asyncProperty(yamlish, yamlish, async (config, pin) => {
        count('config+pin: bad YAML / wrong types');
        fs.writeFileSync(configFile, config);
        fs.writeFileSync(path.join(env, 'etc', 'gocondad.yml'), pin);
        expect((await request(sock, 'POST', '/v1/refresh')).status).toBe(200);
      }),
      { endOnFailure: true, numRuns: fuzzRuns(40) },
    );
    fs.writeFileSync(configFile, goodConfig);
    expect((await request(sock, 'POST', '/v1/refresh')).status).toBe(200);
    await healthy();
    const problems = [...(logEvents(world.logFile).get('config_problem') ?? []), ...(logEvents(world.logFile).get('pin_problem') ?? [])];
    expect(problems.some((p) => /over the limit of 65536/.test(p.msg))).toBe(true);
  });
});

describe('after all of it', () => {
  test('one log line per kind of bad input (rate-limited), memory flat, the live shell kept', async () => {
    await healthy();
    const by = logEvents(world.logFile);
    // Judged by the lines' own times, not by how long this run took: two lines of one key are a whole
    // window apart, however slow the machine (a bound in run-time minutes grows with a slow run).
    for (const kind of ['bad_request', 'client_error', 'record_rejected', 'journal_garbage', 'journal_refused']) {
      const lines = by.get(kind) ?? [];
      expect(lines.length).toBeGreaterThan(0); // said, clearly
      const perKey = new Map<string, number[]>();
      for (const l of lines) perKey.set(`${kind}:${l.status ?? ''}`, [...(perKey.get(`${kind}:${l.status ?? ''}`) ?? []), Date.parse(l.time)]);
      for (const [key, times] of perKey)
        for (let i = 1; i < times.length; i++) expect({ key, apart: times[i]! - times[i - 1]! >= WARN_WINDOW_MS }).toEqual({ key, apart: true });
    }
    // Config and pin problems: at most 20 lines of a kind in any one window, again by the lines' own times.
    for (const kind of ['config_problem', 'pin_problem']) {
      const times = (by.get(kind) ?? []).map((l) => Date.parse(l.time));
      const most = Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u - t < WARN_WINDOW_MS).length));
      expect({ kind, most }).toEqual({ kind, most: Math.min(most, 20) });
    }
    const rssEnd = await rss();
    expect(rssEnd - rssStart).toBeLessThan(64 * 1024 * 1024);
  });
});
