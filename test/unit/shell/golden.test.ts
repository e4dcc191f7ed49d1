// Every generated shim pinned byte for byte: one golden file per dialect and kind, for a plan that uses
// every part of the change (GOROOT/GOBIN/GOPATH, a default, cgo appends, launchers and the toolchain on
// PATH). A change to what a shim says shows up as a reviewable diff of test/fixtures/golden-shims/;
// regenerate with `npm run golden:update` and read the diff before committing it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { planEnv } from '../../../src/core/activation-plan';
import { VERSION } from '../../../src/pkg';
import type { ShimContext } from '../../../src/shell/dialect';
import { DIALECTS } from '../../../src/shell/index';

const GOLDEN = path.join(__dirname, '..', '..', 'fixtures', 'golden-shims');
const UPDATE = process.env.GOCONDAD_UPDATE_GOLDEN === '1';
const PREFIX = '/opt/conda/envs/demo';

const plan = planEnv({
  prefix: PREFIX,
  envName: 'demo',
  choice: { ok: true, toolchain: { root: '/usr/lib/go-1.22', version: 'go1.22.12', semver: '1.22.12' }, source: 'newest', why: 'the newest found' },
  config: DEFAULT_CONFIG,
  envDeclaredVars: [],
  launcherDir: '/home/user/.local/share/gocondad/launchers',
  cgo: { policy: 'auto', hasInclude: true, hasLib: true },
  platform: { subdir: 'linux-64', goos: 'linux', goarch: 'amd64' },
  offline: { on: false, userModcache: '/home/user/go/pkg/mod' },
});

const ctx = (kind: string, ext: string): ShimContext => ({
  planId: '0123456789ab',
  shimFile: `${PREFIX}/etc/conda/${kind}.d/zzz-gocondad${ext}`,
  node: '/usr/bin/node',
  cli: '/usr/lib/node_modules/gocondad/dist/cli.js',
  foreign: { posixShim: `${PREFIX}/etc/conda/${kind}.d/zzz-gocondad.sh`, runner: `${PREFIX}/etc/conda/gocondad-foreign.sh`, sh: '/bin/sh' },
});

// The version moves with every release; the stamp's shape is what is pinned.
const normal = (text: string) => text.split(VERSION).join('@VERSION@');

const cases = DIALECTS.flatMap((d) => (['activate', 'deactivate'] as const).map((kind) => [d, kind] as const));

test.each(cases.map(([d, kind]) => [`${kind}${d.extension}`, d, kind] as const))('%s is the golden file', (name, d, kind) => {
  const text = normal(d.shim(kind, plan, ctx(kind, d.extension)));
  const file = path.join(GOLDEN, name);
  if (UPDATE) fs.writeFileSync(file, text);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run golden:update\` and review the new file`);
  expect(text).toBe(fs.readFileSync(file, 'utf8'));
});

test('no golden file without a shim it pins', () => {
  expect(fs.readdirSync(GOLDEN).sort()).toEqual(cases.map(([d, kind]) => `${kind}${d.extension}`).sort());
});
