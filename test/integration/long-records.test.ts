// No shim record is lost, whatever its size: 200 shells at once, each with a 16 KB PATH (long PATHs are
// common on clusters), activate and deactivate through the real shims. bash writes a record that long in
// 4,096-byte pieces; appended to one shared file, the pieces of concurrent shells interleaved and the
// daemon dropped the torn records. Every record must now reach the daemon whole, in order per shell.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { logLines, longPath, storm } from '../helpers/storm';
import { GO119, GO122, requireReal, World } from '../helpers/world';

const SHELLS = Number(process.env.GOCONDAD_LONG_RECORD_SHELLS ?? 200);
const CYCLES = Number(process.env.GOCONDAD_LONG_RECORD_CYCLES ?? 2);

describe('records of any size', () => {
  let world: World;
  let a: string;
  let b: string;
  beforeAll(() => {
    requireReal();
    world = new World();
    a = world.makeEnv('a');
    b = world.makeEnv('b', { pin: 'go: "1.22"\n' });
    for (const d of ['include', 'lib']) fs.mkdirSync(path.join(b, d));
    world.config(`system_toolchains: false\ntoolchains: [${GO119}, ${GO122}]\ndefault: "1.19"\n`);
    world.installShims(a, b);
    world.startDaemon();
  });
  afterAll(() => world.cleanup());

  test(`${SHELLS} concurrent shells with 16 KB PATHs: every record arrives whole, none torn, none lost`, async () => {
    const pathValue = longPath(16 * 1024);
    expect(Buffer.byteLength(pathValue)).toBeGreaterThanOrEqual(16 * 1024);
    const result = await storm(world, { shells: SHELLS, cycles: CYCLES, prefixes: [a, b], goroot: (p) => (p === a ? GO119 : GO122), path: pathValue });
    // Each shell checked its own GOROOT and the exact restore after every cycle.
    expect(result.shells.filter((s) => s.problems !== '' || s.ok !== CYCLES * 2)).toEqual([]);

    // What the daemon applied, per shell: CYCLES activations and as many deactivations, in order.
    const perShell = () => {
      world.status(); // makes the daemon read everything written so far
      const seen = new Map<number, string[]>();
      for (const l of logLines(world)) {
        if (l.event !== 'activate' && l.event !== 'deactivate') continue;
        const list = seen.get(l.shellPid as number) ?? [];
        list.push(`${l.event} ${path.basename(l.prefix as string)}`);
        seen.set(l.shellPid as number, list);
      }
      return seen;
    };
    const want = (i: number) =>
      Array.from({ length: CYCLES }, (_, c) => [`activate ${c % 2 === i % 2 ? 'a' : 'b'}`, `deactivate ${c % 2 === i % 2 ? 'a' : 'b'}`]).flat();
    const missing = () => {
      const seen = perShell();
      return result.shells
        .map((s, i) => ({ pid: s.pid, got: seen.get(s.pid) ?? [], want: want(i) }))
        .filter((x) => JSON.stringify(x.got) !== JSON.stringify(x.want));
    };
    // A rotated journal's tail is read again shortly after the rotation: wait for that, not a fixed time.
    await world.waitFor(() => missing().length === 0, 'every record applied', 20000).catch(() => undefined);
    const wrong = missing();
    expect({ shellsWithLostOrTornRecords: wrong.length, sample: wrong.slice(0, 2) }).toEqual({ shellsWithLostOrTornRecords: 0, sample: [] });
    const complaints = logLines(world).filter((l) => l.event === 'journal_garbage' || l.event === 'record_rejected');
    expect(complaints).toEqual([]);
    expect(world.status().sessions).toEqual([]);
  }, 300000);
});
