// The README's Demo is a transcript of scripts/readme-demo, and stays one: the script is replayed for real
// (real conda, real bash, the built CLI, Debian's Go 1.23) and its output must be the README's block, with
// only what differs per run made alike on both sides (pids, clock times, the work dir, Go's patch release).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { noTelemetry, REPO, requireReal } from '../helpers/world';

/** The README's `console` block under "## Demo". */
function readmeTranscript(): string {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const demo = /^## Demo\n[\s\S]*?```console\n([\s\S]*?)```/m.exec(readme);
  if (!demo) throw new Error('README.md has no ```console block under "## Demo"');
  return demo[1]!;
}

/**
 * What differs from run to run, made alike: the README was made with HOME=/home/ada under /tmp/e23demo.
 * Table rows keep their columns in order; only runs of padding (which a longer pid widens) are collapsed.
 */
function alike(text: string, work: string | null): string {
  let t = text;
  if (work !== null) t = t.split(path.join(work, 'home')).join('/home/ada').split(work).join('/tmp/e23demo');
  return t
    .replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/g, 'TIME')
    .replace(/pid \d+/g, 'pid PID')
    .replace(/(invalid-goroot +)\d+/g, '$1SHELLPID')
    .replace(/go1\.23\.\d+/g, 'go1.23.x')
    .replace(/ {2,}/g, '  ');
}

test('scripts/readme-demo prints the README demo, line for line', () => {
  requireReal();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-readme-demo-'));
  noTelemetry(path.join(work, 'home')); // the demo's go runs with this HOME
  try {
    const r = spawnSync('bash', [path.join(REPO, 'scripts', 'readme-demo'), work], { encoding: 'utf8', timeout: 120000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(alike(r.stdout, work)).toBe(alike(readmeTranscript(), null));
  } finally {
    spawnSync(path.join(work, 'bin', 'gocondad'), ['stop'], {
      env: { ...process.env, HOME: path.join(work, 'home'), XDG_RUNTIME_DIR: path.join(work, 'run') },
    });
    fs.rmSync(work, { recursive: true, force: true, maxRetries: 5 });
  }
}, 180000);
