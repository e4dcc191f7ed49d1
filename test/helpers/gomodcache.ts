// A Go module cache written by the tests themselves, in the layout `go` reads offline
// (GOMODCACHE/cache/download/MODULE/@v/{list,VERSION.info,VERSION.mod,VERSION.zip}), holding one main
// package that prints "hi"; and the one build cache the unit tests share across runs (a cold one compiles
// the runtime: half a minute per test, which under Stryker turned kills into timeouts).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const GOCACHE = path.join(os.tmpdir(), `gocondad-unit-gocache-${process.getuid?.() ?? 0}`);

export function writeModuleCache(cache: string, mod: string, version: string): void {
  const v = path.join(cache, 'cache', 'download', mod, '@v');
  fs.mkdirSync(v, { recursive: true });
  const gomod = `module ${mod}\n\ngo 1.19\n`;
  fs.writeFileSync(path.join(v, 'list'), `${version}\n`);
  fs.writeFileSync(path.join(v, `${version}.info`), `{"Version":"${version}","Time":"2024-01-02T03:04:05Z"}\n`);
  fs.writeFileSync(path.join(v, `${version}.mod`), gomod);
  const zip = [
    'import sys, zipfile',
    'z = zipfile.ZipFile(sys.argv[1], "w")',
    'z.writestr(sys.argv[2] + "/go.mod", sys.argv[3])',
    `z.writestr(sys.argv[2] + "/main.go", 'package main\\n\\nimport "fmt"\\n\\nfunc main() { fmt.Println("hi") }\\n')`,
    'z.close()',
  ].join('\n');
  const r = spawnSync('/usr/bin/python3', ['-c', zip, path.join(v, `${version}.zip`), `${mod}@${version}`, gomod], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`writing the module zip failed (needs /usr/bin/python3): ${r.stderr}`);
}
