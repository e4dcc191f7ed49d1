// `gocondad sync --file` reads what the real micromamba writes for an env with go installed from a local
// channel: `micromamba env export` (build-pinned `go=1.23.5=0`, a file:// channel, a `prefix:` line after a
// blank line) and `--from-history` (`go=1.23.5`). The go line of go.mod is judged against the go it lists.
// (`env export --explicit` is e20-formats' sync-explicit-real.test.ts.)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MambaWorld } from '../helpers/mambaworld';
import { describeWithMamba } from '../helpers/realmamba';

const GO123 = '/usr/lib/go-1.23';

describeWithMamba('sync reads what micromamba env export writes', (mamba) => {
  let mw: MambaWorld;
  beforeAll(() => {
    if (!fs.existsSync(path.join(GO123, 'bin', 'go'))) throw new Error(`${GO123} missing: run bash scripts/ensure-test-deps`);
    mw = new MambaWorld(mamba, [{ name: 'app' }], { shims: false });
    const channel = mw.goChannel({ '1.23.5': GO123 });
    const r = mw.mm(['install', '-n', 'app', '-c', channel, '--override-channels', 'go=1.23.5', '-y', '-q']);
    if (r.status !== 0) throw new Error(`micromamba install go failed: ${r.stderr}`);
  });
  afterAll(() => mw?.cleanup());

  const judge = (file: string, go: string) => {
    const dir = path.join(mw.world.dir, `mod-${path.basename(file)}-${go}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'go.mod'), `module example.com/app\n\ngo ${go}\n`);
    const r = mw.world.cli(['sync', '--check', '--no-state', '--json', '--file', file, dir]);
    if (r.status === 2 || r.stdout === '') throw new Error(`sync failed (${r.status}): ${r.stderr}`);
    return { status: r.status, report: JSON.parse(r.stdout) };
  };

  test.each([
    ['env export', ['env', 'export', '-n', 'app'], '1.23.5'],
    ['env export --from-history', ['env', 'export', '-n', 'app', '--from-history'], '1.23.5'],
  ])('micromamba %s', (label, args, fact) => {
    const r = mw.mm(args);
    expect([label, r.status, r.stderr]).toEqual([label, 0, '']);
    const file = path.join(mw.world.dir, `${label.replace(/\W+/g, '-')}.yml`);
    fs.writeFileSync(file, r.stdout);
    const goLine = r.stdout.split('\n').findIndex((l) => /^\s*- go=1\.23\.5/.test(l)) + 1;
    expect([label, goLine > 0, r.stdout]).toEqual([label, true, expect.stringContaining(`prefix: "${mw.prefix('app')}"`)]);
    const ok = judge(file, '1.23');
    expect(ok.report.conda.kind).toBe('environment.yml');
    expect(ok.report.pairs).toEqual([expect.objectContaining({ condaPkg: 'go', condaFact: expect.stringContaining(fact) })]);
    expect([ok.status, ok.report.findings]).toEqual([0, []]);
    const bad = judge(file, '1.24');
    expect(bad.report.findings).toEqual([expect.objectContaining({ kind: 'mismatch', condaPkg: 'go', condaLine: goLine, condaFile: file })]);
    expect(bad.status).toBe(1);
  });
});
