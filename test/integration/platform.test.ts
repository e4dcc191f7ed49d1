// Platforms and conda-forge's go activation packages, in real shells with a real daemon.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { POSIX_SHELLS, requireReal, World } from '../helpers/world';

let world: World;
let linux: string;
let nocgo: string;
beforeAll(() => {
  requireReal();
  world = new World();
  linux = world.makeEnv('linux');
  fs.writeFileSync(
    path.join(linux, 'conda-meta', 'history'),
    '==> 2026-01-01 <==\n+conda-forge/linux-64::zlib-1.3.1-hb9d3cd8_2\n+conda-forge/noarch::tzdata-2025a-h78e105d_0\n',
  );
  // An env with conda-forge's go-nocgo activation scripts (their content, as the feedstock ships it).
  nocgo = world.makeEnv('nocgo');
  fs.mkdirSync(path.join(nocgo, 'etc', 'conda', 'activate.d'), { recursive: true });
  fs.mkdirSync(path.join(nocgo, 'etc', 'conda', 'deactivate.d'), { recursive: true });
  fs.writeFileSync(
    path.join(nocgo, 'etc', 'conda', 'activate.d', 'activate-z60-go-nocgo.sh'),
    'export CONDA_CGO_ENABLED_BACKUP="${CGO_ENABLED:-}"\nexport CGO_ENABLED=0\n',
  );
  fs.writeFileSync(
    path.join(nocgo, 'etc', 'conda', 'deactivate.d', 'deactivate-z60-go-nocgo.sh'),
    'export CGO_ENABLED="${CONDA_CGO_ENABLED_BACKUP:-}"\nunset CONDA_CGO_ENABLED_BACKUP\nif [ -z "$CGO_ENABLED" ]; then unset CGO_ENABLED; fi\n',
  );
  world.installShims(linux, nocgo);
  world.startDaemon();
});
afterAll(() => world.cleanup());

test('the env’s platform comes from conda-meta', () => {
  const envs = JSON.parse(world.cli(['envs', '--json']).stdout).envs;
  expect(envs.find((e: any) => e.prefix === linux).problems).toEqual([]);
  expect(fs.readFileSync(path.join(linux, 'etc', 'conda', 'activate.d', 'zzz-gocondad.sh'), 'utf8')).toContain("__gcd_p_goos='linux'\n__gcd_p_goarch='amd64'");
});

test('an inherited GOOS/GOARCH that differs is reported as platform-mismatch and left alone', async () => {
  const r = world.sh('bash', 'conda activate linux; echo "$GOOS/$GOARCH pid=$$"', { env: { GOOS: 'windows', GOARCH: 'arm64' } });
  const pid = Number(/pid=(\d+)/.exec(r.stdout)![1]);
  expect(r.stdout).toMatch(/^windows\/arm64 /);
  await world.waitFor(() => world.status().conflicts.some((c: any) => c.shellPid === pid), 'the warning');
  expect(world.status().conflicts.filter((c: any) => c.shellPid === pid)).toEqual([
    expect.objectContaining({ kind: 'platform-mismatch', before: 'windows/arm64', after: 'linux/amd64', warning: true }),
  ]);
  expect(fs.readFileSync(world.logFile, 'utf8')).toMatch(new RegExp(`"event":"platform_mismatch"[^\\n]*"shellPid":${pid}`));
});

describe.each(POSIX_SHELLS)('%s', (shell) => {
  test('values left behind by a removed go-nocgo are cleaned at the next activation and logged', async () => {
    // What `conda remove go-nocgo` in an active env leaves: its deactivate.d never ran.
    const r = world.sh(
      shell,
      'set -eu\nconda activate linux\necho "${CGO_ENABLED-unset} ${CONDA_CGO_ENABLED_BACKUP-unset}"\nconda deactivate\necho "${CGO_ENABLED-unset}"\necho "pid=$$"',
      {
        env: { CGO_ENABLED: '0', CONDA_CGO_ENABLED_BACKUP: '' },
      },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n').slice(0, 2)).toEqual(['unset unset', 'unset']);
    const pid = Number(/pid=(\d+)/.exec(r.stdout)![1]);
    await world.waitFor(() => world.status().conflicts.some((c: any) => c.shellPid === pid && c.kind === 'leaked-go-activation'), 'the fix');
    expect(world.status().conflicts.find((c: any) => c.shellPid === pid)).toMatchObject({ kind: 'leaked-go-activation', before: 'CGO_ENABLED', prefix: linux });
  });

  test('an env whose own go-nocgo scripts set them is left alone, also with another env stacked on it', () => {
    // (What is left after the last deactivate is up to conda-forge's scripts: their backup is not
    // idempotent when conda re-runs their activate.d on the way back from a stacked env.)
    const r = world.sh(
      shell,
      'set -eu\nconda activate nocgo\necho "$CGO_ENABLED"\nconda activate --stack linux\necho "$CGO_ENABLED ${CONDA_CGO_ENABLED_BACKUP-unset}"\nconda deactivate\necho "$CGO_ENABLED"',
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('0\n0 \n0\n');
  });
});
