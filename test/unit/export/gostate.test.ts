// src/export/gostate.ts: reading `go version -m DIR` (real output of Go 1.23 over a dir holding a tool, Go's
// own commands and a file that is no Go binary) and the command that rebuilds a tool.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseVersionM, toolRestoreCommand } from '../../../src/export/gostate';

const GO = '/usr/lib/go-1.23/bin/go';

test("parseVersionM keeps tools with their main package and module, drops Go's own commands", () => {
  const text = [
    '/p/bin/go: go1.23.5',
    '\tpath\tcmd/go',
    '\tbuild\t-compiler=gc',
    '/p/bin/hello: go1.23.5',
    '\tpath\texample.com/hello/cmd/hello',
    '\tmod\texample.com/hello\tv1.2.3\th1:abc=',
    '\tdep\tgolang.org/x/text\tv0.3.0\th1:def=',
    '/p/bin/local: go1.22.12',
    '\tpath\texample.com/local',
    '\tmod\texample.com/local\t(devel)\t',
    '',
  ].join('\n');
  expect(parseVersionM(text, '/p/bin')).toEqual([
    { name: 'hello', path: 'example.com/hello/cmd/hello', module: 'example.com/hello', version: 'v1.2.3', go: 'go1.23.5' },
    { name: 'local', path: 'example.com/local', module: 'example.com/local', version: '(devel)', go: 'go1.22.12' },
  ]);
});

test('a tool installed as module@version is rebuilt by go install path@version; one built from a checkout cannot be', () => {
  expect(
    toolRestoreCommand({ name: 'hello', path: 'example.com/hello/cmd/hello', module: 'example.com/hello', version: 'v1.2.3', go: 'go1.23.5' }, '/envs/x'),
  ).toBe('conda run -p /envs/x go install example.com/hello/cmd/hello@v1.2.3');
  expect(
    toolRestoreCommand({ name: 'local', path: 'example.com/local', module: 'example.com/local', version: '(devel)', go: 'go1.22.12' }, '/envs/x'),
  ).toBeNull();
});

test("real `go version -m` over a bin dir: a locally built tool is found, Go's own binaries and other files are not", () => {
  if (!fs.existsSync(GO)) throw new Error(`${GO} missing: run bash scripts/ensure-test-deps`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-vm-'));
  try {
    const src = path.join(dir, 'src');
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(src);
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(src, 'go.mod'), 'module example.com/tool\n\ngo 1.21\n');
    fs.writeFileSync(path.join(src, 'main.go'), 'package main\n\nfunc main() {}\n');
    const env = { ...process.env, HOME: dir, GOCACHE: path.join(dir, 'cache'), GOTOOLCHAIN: 'local', GOFLAGS: '', GOPROXY: 'off', GOTELEMETRY: 'off' };
    const b = spawnSync(GO, ['build', '-o', path.join(bin, 'tool'), '.'], { cwd: src, env, encoding: 'utf8' });
    expect(b.stderr).toBe('');
    fs.symlinkSync('/usr/lib/go-1.23/bin/gofmt', path.join(bin, 'gofmt'));
    fs.writeFileSync(path.join(bin, 'script'), '#!/bin/sh\n', { mode: 0o755 });
    const r = spawnSync(GO, ['version', '-m', bin], { env, encoding: 'utf8' });
    expect(parseVersionM(r.stdout, bin)).toEqual([{ name: 'tool', path: 'example.com/tool', module: 'example.com/tool', version: '(devel)', go: 'go1.23.5' }]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
