// The launcher scripts the shims' side writes, and keeping the launcher dir in step with the toolchains.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Toolchain } from '../../../src/core/toolchains';
import type { World } from '../../../src/core/envs';
import { launcherScript, syncLaunchers, syncWorldLaunchers } from '../../../src/shims/launchers';

const tc = (version: string, root: string, semver: string): Toolchain => ({ version, root, semver });

test('a launcher clears the switch marker, pins local, sets GOROOT and execs the real go', () => {
  const s = launcherScript('go1.23.0', tc('go1.23.5', "/opt/it's go", '1.23.5'));
  expect(s.split('\n')).toEqual([
    '#!/bin/sh',
    expect.stringMatching(/^# gocondad launcher: go1\.23\.0 served by go1\.23\.5/),
    'unset GOTOOLCHAIN_INTERNAL_SWITCH_VERSION',
    "GOTOOLCHAIN=local GOROOT='/opt/it'\\''s go'",
    'export GOTOOLCHAIN GOROOT',
    `exec '/opt/it'\\''s go/bin/go' "$@"`,
    '',
  ]);
});

test('the dir holds exactly the launchers of the toolchains: ours that went are removed, foreign files kept', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-launchers-'));
  try {
    const t22 = tc('go1.22.2', '/usr/lib/go-1.22', '1.22.2');
    const t23 = tc('go1.23.1', '/usr/lib/go-1.23', '1.23.1');
    expect(syncLaunchers(dir, [t22, t23]).written.sort()).toEqual(['go1.22.0', 'go1.22.1', 'go1.22.2', 'go1.23.0', 'go1.23.1']);
    fs.writeFileSync(path.join(dir, 'go1.23.9'), '#!/bin/sh\necho mine\n');
    for (const f of fs.readdirSync(dir)) if (f !== 'go1.23.9') expect(fs.statSync(path.join(dir, f)).mode & 0o777).toBe(0o755);
    expect(syncLaunchers(dir, [t22])).toEqual({ written: [], removed: ['go1.23.0', 'go1.23.1'] });
    expect(fs.readdirSync(dir).sort()).toEqual(['go1.22.0', 'go1.22.1', 'go1.22.2', 'go1.23.9']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  }
});

test('only go1.* files of ours are removed: a marked file of another name and a go1.* directory stay', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-launchers-'));
  try {
    const t22 = tc('go1.22.2', '/usr/lib/go-1.22', '1.22.2');
    fs.writeFileSync(path.join(dir, 'my-go1.21.0'), launcherScript('go1.21.0', t22));
    fs.mkdirSync(path.join(dir, 'go1.20.0'));
    expect(syncLaunchers(dir, [t22]).removed).toEqual([]);
    expect(fs.readdirSync(dir).sort()).toEqual(['go1.20.0', 'go1.22.0', 'go1.22.1', 'go1.22.2', 'my-go1.21.0']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  }
});

test('the marker counts only in the first 200 characters: one that ends at 200 is ours, one a character later is not', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-launchers-'));
  try {
    const marker = '# gocondad launcher';
    // A user's script that quotes our marker further down is theirs, whatever its name.
    const head = (n: number): string => `#!/bin/sh\n${'#'.repeat(n - 11)}\n`;
    fs.writeFileSync(path.join(dir, 'go1.19.0'), `${head(200 - marker.length)}${marker}\n`);
    fs.writeFileSync(path.join(dir, 'go1.19.1'), `${head(201 - marker.length)}${marker}\n`);
    expect(fs.readFileSync(path.join(dir, 'go1.19.0'), 'utf8').indexOf(marker)).toBe(200 - marker.length);
    expect(fs.readFileSync(path.join(dir, 'go1.19.1'), 'utf8').indexOf(marker)).toBe(201 - marker.length);
    expect(syncLaunchers(dir, []).removed).toEqual(['go1.19.0']);
    expect(fs.readdirSync(dir)).toEqual(['go1.19.1']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  }
});

test('launchers off (no launcher dir): nothing written, nothing removed', () => {
  const world = { launcherDir: null, discovery: { toolchains: [tc('go1.22.2', '/usr/lib/go-1.22', '1.22.2')] } } as unknown as World;
  expect(syncWorldLaunchers(world)).toEqual({ written: [], removed: [] });
});
