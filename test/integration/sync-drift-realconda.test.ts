// The daemon's drift judgement (src/sync/drift.ts) against envs a real conda changed, from a local
// channel (test/fixtures/sync/make-lib-channel.py): the env's conda-meta is what conda wrote, and the
// planned transactions are what conda's solver planned (`--dry-run --json`), not JSON this test wrote.
// test/unit/sync/drift.test.ts keeps the same cases on hand-written conda-meta, for speed.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeWithConda, privateConda, writeCondarc, type RealConda } from '../helpers/realconda';
import { World } from '../helpers/world';
import { resolveLocations } from '../../src/paths';
import { checkDrift } from '../../src/sync/drift';
import { registerProject } from '../../src/sync/synced-projects';
import { parseTransaction, type Transaction } from '../../src/sync/transaction';

const MAKE_LIB_CHANNEL = path.join(__dirname, '..', 'fixtures', 'sync', 'make-lib-channel.py');

describeWithConda('drift after real conda changes', (shared) => {
  let world: World;
  let conda: RealConda;
  let env: Record<string, string>;
  let channel: string;
  let prefix: string;
  beforeAll(() => {
    world = new World();
    conda = privateConda(shared, path.join(world.dir, 'conda')) ?? shared;
    channel = path.join(world.dir, 'libchannel');
    const ch = spawnSync('/usr/bin/python3', [MAKE_LIB_CHANNEL, channel, 'libgit2=1.3.2', 'libgit2=1.5.2', 'libgit2=1.9.0', 'zstd=1.5.6', 'zstd=1.5.7'], {
      encoding: 'utf8',
    });
    if (ch.status !== 0) throw new Error(`make-lib-channel.py failed: ${ch.stderr}`);
    const rc = writeCondarc(path.join(world.dir, 'condadirs'));
    env = { ...world.env, PATH: '/usr/bin:/bin', CONDARC: rc.CONDARC };
    prefix = path.join(rc.envsDir, 'drifted');
    // A world that already drifted: libgit2 1.3 where git2go v34 needs 1.5, before any transaction.
    expect(conda_(['create', '-p', prefix, 'libgit2=1.3.2', 'zstd=1.5.6']).status).toBe(0);
    const proj = path.join(world.dir, 'proj');
    fs.mkdirSync(proj);
    fs.writeFileSync(path.join(proj, 'go.mod'), 'module x\n\ngo 1.22\n\nrequire github.com/libgit2/git2go/v34 v34.0.0\n');
    registerProject(loc().stateDir, { dir: proj, prefix, lastRun: '1' });
  });
  afterAll(() => world?.cleanup());

  const loc = () => resolveLocations(env, process.getuid!());
  function conda_(args: string[]) {
    const r = spawnSync(conda.exe, [...args, '-c', `file://${channel}`, '--override-channels', '--offline', '--yes', '-q'], {
      env,
      encoding: 'utf8',
      timeout: 240000,
    });
    return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  }
  /** What conda's solver plans for `install SPEC`, as the plugin's post-solve hook hands it over. */
  function planned(spec: string): Transaction {
    const r = conda_(['install', '-p', prefix, spec, '--dry-run', '--json']);
    expect(r.status).toBe(0);
    const actions = JSON.parse(r.stdout).actions as { LINK?: { name: string; version: string }[]; UNLINK?: { name: string }[] };
    return parseTransaction(JSON.stringify({ link: actions.LINK ?? [], unlink: actions.UNLINK ?? [] }), 'conda --dry-run');
  }
  const drift = async (tx?: Transaction) => (await checkDrift([prefix], loc(), () => 't', tx))[0]!;

  test('the env conda made drifts; a planned update of zstd alone is not blamed for it', async () => {
    expect((await drift()).drift?.findings[0]?.message).toMatch(/libgit2/);
    const tx = planned('zstd=1.5.7');
    expect(tx.link.map((p) => `${p.name}=${p.version}`)).toEqual(['zstd=1.5.7']);
    expect(await drift(tx)).toMatchObject({ drift: null });
  });

  test('a planned libgit2 1.5 mends it, a planned 1.9 moves it elsewhere wrong', async () => {
    expect(await drift(planned('libgit2=1.5.2'))).toMatchObject({ drift: null });
    expect((await drift(planned('libgit2=1.9.0'))).drift?.findings[0]?.message).toMatch(/libgit2 1\.9\.0/);
  });

  test('after conda really installs libgit2 1.5 the env agrees; after 1.9 it drifts; after a remove it drifts', async () => {
    expect(conda_(['install', '-p', prefix, 'libgit2=1.5.2']).status).toBe(0);
    expect(await drift()).toMatchObject({ drift: null });
    expect(conda_(['install', '-p', prefix, 'libgit2=1.9.0']).status).toBe(0);
    expect((await drift()).drift?.findings[0]?.message).toMatch(/libgit2 1\.9\.0/);
    expect(conda_(['remove', '-p', prefix, 'libgit2']).status).toBe(0);
    expect((await drift()).drift?.findings[0]?.message).toMatch(/libgit2/);
  });
});
