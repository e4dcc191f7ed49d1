// The daemon's lifecycle and its HTTP/WebSocket API over the Unix socket, for real.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import WebSocket from 'ws';
import { requireReal, World } from '../helpers/world';

beforeAll(() => requireReal());

function raw(socket: string, method: string, url: string, body?: string): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath: socket, method, path: url, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

describe('daemon', () => {
  let world: World;
  let sock: string;
  beforeAll(() => {
    world = new World();
    world.startDaemon();
    sock = path.join(world.runtimeDir, 'gocondad.sock');
  });
  afterAll(() => world.cleanup());

  test('socket 0600 in a 0700 dir; handshake names protocol and version', async () => {
    expect(fs.statSync(world.runtimeDir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(sock).mode & 0o777).toBe(0o600);
    const r = await raw(sock, 'GET', '/v1/hello');
    expect(r).toEqual({ status: 200, json: { protocol: 1, version: expect.any(String), pid: world.daemonPid() } });
  });

  test.each([
    ['unknown path', 'GET', '/v1/nope', undefined, 404, /unknown path/],
    ['other protocol version', 'GET', '/v2/status', undefined, 400, /protocol v2/],
    ['wrong method', 'DELETE', '/v1/status', undefined, 405, /not allowed/],
    ['malformed JSON', 'POST', '/v1/events', '{"records": [', 400, /not JSON/],
    ['oversized body', 'POST', '/v1/events', `{"x":"${'a'.repeat(70 * 1024)}"}`, 413, /over 65536 bytes/],
    ['bad record', 'POST', '/v1/events', '{"records":[{"v":"1","ev":"activate","pid":"x","lvl":"1","prefix":"/p"}]}', 400, /pid/],
    ['wrong shape', 'POST', '/v1/events', '[1,2]', 400, /expected/],
    ['env request of the wrong types', 'POST', '/v1/env', '{"prefix":"/e","auto":"yes"}', 400, /expected \{"prefix"/],
    ['a body where the route takes none (stop: the daemon must not stop)', 'POST', '/v1/stop', '{"now":true}', 400, /takes no request body/],
  ])('%s gets a clear error and the daemon keeps serving', async (_n, method, url, body, status, msg) => {
    const r = await raw(sock, method as string, url as string, body as string | undefined);
    expect(r.status).toBe(status);
    expect(r.json.error).toMatch(msg as RegExp);
    expect(typeof r.json.hint).toBe('string');
    expect((await raw(sock, 'GET', '/v1/hello')).status).toBe(200);
  });

  test('journal garbage is skipped and valid records around it are kept', async () => {
    const rec = (pid: number) => `\x01gcd1\0v=1\0ev=deactivate\0pid=${pid}\0sh=bash\0lvl=1\0prefix=/x\0\x01end\0\n`;
    fs.appendFileSync(path.join(world.runtimeDir, 'journal'), `${rec(424242)}total garbage\0\x01gcd1\0broken\0${rec(434343)}`);
    await world.waitFor(() => fs.readFileSync(world.logFile, 'utf8').includes('"shellPid":434343'), 'the record after the garbage');
    const log = fs.readFileSync(world.logFile, 'utf8');
    expect(log).toContain('"shellPid":424242');
    expect(log).toContain('journal_garbage');
    expect((await raw(sock, 'GET', '/v1/hello')).status).toBe(200);
  });

  test('the WebSocket stream delivers events', async () => {
    const ws = new WebSocket(`ws+unix://${sock}:/v1/stream`);
    const got: any[] = [];
    ws.on('message', (m) => got.push(JSON.parse(m.toString())));
    await new Promise((r) => ws.on('open', r));
    await raw(sock, 'POST', '/v1/events', JSON.stringify({ records: [{ v: '1', ev: 'deactivate', pid: '999999', lvl: '1', prefix: '/x' }] }));
    await world.waitFor(() => got.some((e) => e.type === 'deactivate' && e.shellPid === 999999), 'the streamed event');
    expect(got[0]).toMatchObject({ type: 'hello', protocol: 1 });
    ws.close();
  });

  test('a restart resumes the journal where it stopped: nothing is applied twice, nothing lost', async () => {
    const journal = path.join(world.runtimeDir, 'journal');
    const rec = (pid: number) => `\x01gcd1\0v=1\0ev=activate\0pid=${pid}\0lvl=1\0prefix=/restart/env\0goroot=/nope\0stale=/x/bin\0\x01end\0\n`;
    fs.appendFileSync(journal, rec(515151));
    await world.waitFor(() => world.status().conflicts.some((c: any) => c.shellPid === 515151), 'the first record applied');
    const count = () => world.status().conflicts.filter((c: any) => c.shellPid === 515151 || c.shellPid === 525252).length;
    const before = count();
    expect(world.cli(['stop']).status).toBe(0);
    fs.appendFileSync(journal, rec(525252)); // written while the daemon was down
    world.startDaemon();
    await world.waitFor(() => world.status().conflicts.some((c: any) => c.shellPid === 525252), 'the record written while down');
    expect(count()).toBe(before * 2);
  });

  test('journal rotation under a steady stream of records applies each record exactly once', async () => {
    const journal = path.join(world.runtimeDir, 'journal');
    const before = world.status().metrics.records.count;
    const n = 4000; // about 600 KiB: rotates (at 256 KiB) at least twice while shims keep appending
    for (let i = 0; i < n; i += 100) {
      let batch = '';
      for (let k = i; k < i + 100; k++) batch += `\x01gcd1\0v=1\0ev=deactivate\0pid=${3000000 + k}\0lvl=1\0prefix=/rot/${'p'.repeat(80)}\0\x01end\0\n`;
      fs.appendFileSync(journal, batch);
      await new Promise((r) => setTimeout(r, 5)); // pacing, so that rotations happen while shims append
    }
    await world.waitFor(() => world.status().metrics.records.count - before >= n, 'every record applied');
    // Rotated at least twice, and every rotated file re-read and deleted (none left to apply later).
    const rotatedAway = () => fs.readdirSync(world.runtimeDir).filter((f) => f.endsWith('.old'));
    await world.waitFor(() => rotatedAway().length === 0, 'the rotated files re-read');
    // Without rotation the journal would hold all ~600 KiB; with it, less than the limit and one batch.
    expect(fs.existsSync(journal) ? fs.statSync(journal).size : 0).toBeLessThan(256 * 1024 + 64 * 1024);
    expect(world.status().metrics.records.count - before).toBe(n);
  });

  test('a second daemon is refused while one runs; start is idempotent', () => {
    const again = world.cli(['daemon', '--quiet']);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already running/);
    const start = world.cli(['start']);
    expect(start.status).toBe(0);
    expect(start.stdout).toMatch(/already running/);
  });

  test('SIGTERM closes cleanly: socket and lock gone, exit 0', async () => {
    world.cli(['stop']);
    const child = world.spawnDaemon();
    await world
      .waitFor(() => world.cli(['status']).status === 0, 'the foreground daemon')
      .catch((e) => {
        throw new Error(
          `${e.message}: ${fs.readFileSync(path.join(world.dir, 'daemon.stderr'), 'utf8')} ${fs.readFileSync(world.logFile, 'utf8').slice(-800)}`,
        );
      });
    const code = new Promise((r) => child.on('exit', (c) => r(c)));
    child.kill('SIGTERM');
    expect(await code).toBe(0);
    expect(fs.existsSync(sock)).toBe(false);
    expect(fs.existsSync(path.join(world.runtimeDir, 'gocondad.lock'))).toBe(false);
  });

  test('a stale socket and lock of a dead daemon are recovered at start', async () => {
    const child = world.spawnDaemon();
    await world.waitFor(() => world.cli(['status']).status === 0, 'the daemon');
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    expect(fs.existsSync(sock)).toBe(true);
    expect(world.cli(['status']).status).toBe(3);
    const r = world.cli(['start']);
    expect(r.status).toBe(0);
    expect(world.status().daemon.pid).not.toBe(child.pid);
  });

  test('status without a daemon: exit 3, one line, the command to start it', () => {
    world.cli(['stop']);
    const r = world.cli(['status']);
    expect(r.status).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('gocondad start');
  });
});
