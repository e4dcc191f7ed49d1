// @EXPLICIT files as the real tools write them: an env made by the real conda from a local channel (a
// `go` package over a real toolchain), exported with `conda list --explicit --md5` and with the real
// micromamba's `env export --explicit`; `gocondad sync --file` reads each and compares the go it lists with
// go.mod's go line, pointing at the line of the go URL.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CondaWorld } from '../helpers/condaworld';
import { describeWithConda, MAKE_GO_CHANNEL, SHARED_DIR } from '../helpers/realconda';

const GO121 = '/usr/lib/go-1.21';
const MAMBA_INSTALL = path.join(SHARED_DIR, 'realmamba', 'install.sh');

function micromamba(): string {
  const r = spawnSync('bash', [MAMBA_INSTALL], { encoding: 'utf8', timeout: 300000 });
  const exe = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !fs.existsSync(exe))
    throw new Error(`${MAMBA_INSTALL} failed (exit ${r.status}): ${r.stderr}; put the project's shared/ folder beside the clone`);
  return exe;
}

describeWithConda('sync reads @EXPLICIT files the real conda and micromamba write', (shared) => {
  if (!fs.existsSync(MAKE_GO_CHANNEL)) throw new Error(`${MAKE_GO_CHANNEL} is missing: put the project's shared/ folder beside the clone`);
  let cw: CondaWorld;
  let prefix: string;
  beforeAll(() => {
    if (!fs.existsSync(path.join(GO121, 'bin', 'go'))) throw new Error(`${GO121} missing: run bash scripts/ensure-test-deps`);
    cw = new CondaWorld(shared, [{ name: 'app' }]);
    prefix = cw.prefix('app');
    const channel = cw.goChannel({ '1.21.13': GO121 });
    const r = cw.condaCmd(['install', '-p', prefix, '-c', channel, '--override-channels', 'go=1.21.13', '--offline', '--yes', '--quiet']);
    if (r.status !== 0) throw new Error(`conda install go failed: ${r.stderr}${r.stdout}`);
  });
  afterAll(() => cw?.cleanup());

  function judge(file: string, go: string): { status: number; report: { conda: { kind: string }; findings: Record<string, unknown>[] } } {
    const dir = path.join(cw.world.dir, `mod-${go}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'go.mod'), `module example.com/app\n\ngo ${go}\n`);
    const r = cw.world.cli(['sync', '--check', '--no-state', '--json', '--file', file, dir]);
    if (r.status === 2 || r.stdout === '') throw new Error(`sync failed: ${r.stderr}`);
    return { status: r.status, report: JSON.parse(r.stdout) };
  }

  test.each([
    ['conda list --explicit --md5', () => cw.condaCmd(['list', '-p', prefix, '--explicit', '--md5'])],
    [
      'micromamba env export --explicit',
      () => {
        const r = spawnSync(micromamba(), ['env', 'export', '-p', prefix, '--explicit'], {
          env: { ...cw.env, MAMBA_ROOT_PREFIX: path.join(cw.world.dir, 'mamba-root') },
          encoding: 'utf8',
          timeout: 120000,
        });
        return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
      },
    ],
  ])('%s', (label, exportEnv) => {
    const r = exportEnv();
    expect([label, r.status, r.stderr]).toEqual([label, 0, expect.any(String)]);
    const file = path.join(cw.world.dir, `${label.split(' ')[0]}-explicit.txt`);
    fs.writeFileSync(file, r.stdout);
    const lines = r.stdout.split('\n');
    const goLine = lines.findIndex((l) => /\/go-1\.21\.13-0\.(conda|tar\.bz2)/.test(l)) + 1;
    expect([label, r.stdout, goLine > 0]).toEqual([label, expect.stringContaining('@EXPLICIT'), true]);

    const bad = judge(file, '1.22.0');
    expect(bad.report.conda.kind).toBe('explicit');
    expect(bad.report.findings).toEqual([
      expect.objectContaining({ kind: 'mismatch', condaPkg: 'go', condaVersion: '1.21.13', condaLine: goLine, condaFile: file }),
    ]);
    expect(bad.status).toBe(1);
    const ok = judge(file, '1.21');
    expect(ok.report.findings).toEqual([]);
    expect(ok.status).toBe(0);
  });
});
