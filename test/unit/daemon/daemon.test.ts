// src/daemon/daemon.ts start(): a second daemon for the same user is refused as a user error — what is
// wrong and what to do next, exit 1 — not an HTTP status: no request is being answered at start-up.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Daemon } from '../../../src/daemon/daemon';
import { EXIT, formatError, GocondadError } from '../../../src/errors';
import { ensurePrivateDir } from '../../../src/fsutil';
import { resolveLocations } from '../../../src/paths';

test('a lock another live daemon holds: a GocondadError naming its pid and the next step, nothing started', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-daemon-'));
  const env = { HOME: path.join(dir, 'home'), XDG_RUNTIME_DIR: path.join(dir, 'run'), PATH: '/usr/bin:/bin' };
  const loc = resolveLocations(env);
  ensurePrivateDir(loc.runtimeDir);
  // The lock of another live daemon: a live process of ours stands in for it (this test's own pid would
  // be taken as this daemon's lock, left by itself).
  const other = spawn('sleep', ['60'], { stdio: 'ignore' });
  fs.writeFileSync(loc.lock, `${other.pid}\n`, { mode: 0o600 });
  try {
    const daemon = new Daemon({ loc, env, pretty: false, onStopped: () => undefined });
    const err = await daemon.start().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(GocondadError);
    expect(err).not.toHaveProperty('status');
    expect((err as GocondadError).exitCode).toBe(EXIT.FAILED);
    expect(formatError(err)).toBe(
      `gocondad: another gocondad daemon (pid ${other.pid}) is already running for this user; use \`gocondad status\`, or \`gocondad stop\` first\n`,
    );
    expect(fs.existsSync(loc.socket)).toBe(false);
    expect(fs.readFileSync(loc.lock, 'utf8')).toBe(`${other.pid}\n`);
  } finally {
    other.kill();
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  }
});
