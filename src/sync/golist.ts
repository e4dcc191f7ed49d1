// The packages a module's build really imports, from the go command: `go list -deps` over ./..., offline
// (GOPROXY=off) and on a copy of go.mod (-modfile with -mod=mod may rewrite the file it reads; the
// user's go.mod and go.sum stay untouched). null when it cannot answer (no go, a module not in the
// cache, a go line the toolchain refuses): then the project's own .go files are read instead (imports.ts).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export function listDeps(dir: string, goBin: string, tags: string[], env: NodeJS.ProcessEnv): Set<string> | null {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-golist-'));
  try {
    fs.copyFileSync(path.join(dir, 'go.mod'), path.join(tmp, 'go.mod'));
    if (fs.existsSync(path.join(dir, 'go.sum'))) fs.copyFileSync(path.join(dir, 'go.sum'), path.join(tmp, 'go.sum'));
    const args = ['list', '-deps', `-modfile=${path.join(tmp, 'go.mod')}`, '-mod=mod', '-f', '{{.ImportPath}}'];
    if (tags.length > 0) args.push(`-tags=${tags.join(',')}`);
    const r = spawnSync(goBin, [...args, './...'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 30000,
      env: { ...env, GOFLAGS: '', GOPROXY: 'off', GOTOOLCHAIN: 'local', GOWORK: 'off', GOTELEMETRY: 'off' },
    });
    if (r.error || r.status !== 0) return null;
    const found = new Set(r.stdout.split('\n').filter(Boolean));
    // "./..." matched no packages (a go.mod alone): no answer, not "imports nothing"
    return found.size > 0 ? found : null;
  } catch {
    return null;
  } finally {
    fs.rmSync(tmp, {
      recursive: true,
      // Stryker disable next-line BooleanLiteral: the temp dir was made above and nothing else removes it, so `force` (a missing path is no error) never matters
      force: true,
    });
  }
}
