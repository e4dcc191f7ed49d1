// `conda export --format gocondad` and the round trip through `conda env create --file`, with the plugin
// in a real conda (main), offline: a local channel for conda's `go`, a file:// GOPROXY for a Go tool.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { describeWithPluginConda, ourLines, pluginConda, type PluginConda } from '../helpers/pluginconda';
import { requireReal, World } from '../helpers/world';

let world: World;
let pc: PluginConda;
let modcache: string;

/** A file:// module proxy serving example.com/hello v1.0.0, a main package (written with Python's zipfile). */
function moduleProxy(dir: string): string {
  const v = path.join(dir, 'example.com', 'hello', '@v');
  fs.mkdirSync(v, { recursive: true });
  fs.writeFileSync(path.join(v, 'list'), 'v1.0.0\n');
  fs.writeFileSync(path.join(v, 'v1.0.0.info'), '{"Version":"v1.0.0","Time":"2024-01-01T00:00:00Z"}\n');
  const mod = 'module example.com/hello\n\ngo 1.21\n';
  fs.writeFileSync(path.join(v, 'v1.0.0.mod'), mod);
  const main = 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello") }\n';
  const py = `import zipfile, sys\nz = zipfile.ZipFile(sys.argv[1], "w")\nz.writestr("example.com/hello@v1.0.0/go.mod", ${JSON.stringify(mod)})\nz.writestr("example.com/hello@v1.0.0/main.go", ${JSON.stringify(main)})\nz.close()\n`;
  const r = spawnSync('/usr/bin/python3', ['-c', py, path.join(v, 'v1.0.0.zip')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return `file://${dir}`;
}

function explain(prefix: string): { goVersion: string; chosenBy: string } {
  const r = world.cli(['explain', prefix, '--json']);
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout).result;
}

describeWithPluginConda('conda export with the plugin', 'main', () => {
  beforeAll(() => {
    requireReal();
    world = new World();
    world.config('system_toolchains: false\ntoolchains: [/usr/lib/go-1.21, /usr/lib/go-1.22]\n');
    pc = pluginConda(world, 'main');
    modcache = path.join(world.dir, 'modcache');
  }, 300000);
  afterAll(() => {
    spawnSync('chmod', ['-R', 'u+w', modcache]); // Go writes its module cache read-only
    world.cleanup();
  });

  test('an env with conda-forge go and a go-installed tool: the file has the packages and the Go state', () => {
    const a = path.join(pc.envsDir, 'src-go');
    expect(pc.run(['create', '-p', a, '-c', `file://${pc.channel}`, '--override-channels', 'go=1.23.5', '--yes', '-q']).status).toBe(0);
    const proxy = moduleProxy(path.join(world.dir, 'proxy'));
    const inst = spawnSync(path.join(a, 'go', 'bin', 'go'), ['install', 'example.com/hello@v1.0.0'], {
      encoding: 'utf8',
      env: {
        ...world.env,
        GOROOT: path.join(a, 'go'),
        GOBIN: path.join(a, 'bin'),
        GOPROXY: proxy,
        GOSUMDB: 'off',
        GOFLAGS: '',
        GOMODCACHE: modcache,
        GOTOOLCHAIN: 'local',
        GOPATH: path.join(world.dir, 'gopath'),
      },
    });
    expect(inst.status).toBe(0);
    const file = path.join(world.dir, 'src-go.gocondad.yml');
    const r = pc.run(['export', '-p', a, '--format', 'gocondad', '--file', file]);
    expect(r.status).toBe(0);
    expect(ourLines(r.stderr)).toEqual([]);
    const doc = YAML.parse(fs.readFileSync(file, 'utf8'));
    expect(doc.dependencies).toEqual(['go=1.23.5=0']);
    expect(doc.channels).toContain(`file://${pc.channel}`); // (and the CONDARC's defaults)
    expect(doc.gocondad).toMatchObject({
      version: 1,
      toolchain: { ok: true, goVersion: 'go1.23.5', chosenBy: 'in-env', goroot: path.join(a, 'go') },
      pin: null,
      gopath: { policy: 'per-env', value: path.join(a, 'share', 'gopath') },
      gobin: path.join(a, 'bin'),
      cgo: { policy: 'auto', from: 'config' },
      tools: [{ name: 'hello', path: 'example.com/hello', module: 'example.com/hello', version: 'v1.0.0', go: 'go1.23.5' }],
      restore: [{ what: 'hello: example.com/hello@v1.0.0 (built by go1.23.5)', command: `conda run -p ${a} go install example.com/hello@v1.0.0` }],
    });
    // Round trip, offline: conda's go from the local channel, the tool from the module cache.
    const b = path.join(pc.envsDir, 'copy-go');
    const c = pc.run(['env', 'create', '-p', b, '--file', file], { env: { GOMODCACHE: modcache } });
    expect(c.status).toBe(0);
    expect(c.stdout + c.stderr).not.toContain('EnvironmentSectionNotValid'); // read by the plugin's specifier
    expect(ourLines(c.stderr)).toEqual([]);
    expect(explain(b)).toMatchObject({ goVersion: 'go1.23.5', chosenBy: 'in-env' });
    expect(fs.existsSync(path.join(b, 'etc', 'conda', 'activate.d', 'zzz-gocondad.sh'))).toBe(true);
    expect(spawnSync(path.join(b, 'bin', 'hello'), { encoding: 'utf8' }).stdout).toBe('hello\n');
    // Without the module in the cache the tool cannot come back offline: listed with its command.
    const d = path.join(pc.envsDir, 'copy-nocache');
    const e = pc.run(['env', 'create', '-p', d, '--file', file], { env: { GOMODCACHE: path.join(world.dir, 'empty-cache') } });
    expect(e.status).toBe(0);
    expect(ourLines(e.stderr)).toEqual([
      `gocondad: not restored offline: hello: example.com/hello@v1.0.0; restore with: conda run -p ${d} go install example.com/hello@v1.0.0`,
    ]);
    expect(fs.existsSync(path.join(d, 'bin', 'hello'))).toBe(false);
  }, 240000);

  test('an env pinned to a system toolchain: the pin comes back, and with it the same choice', () => {
    const a = path.join(pc.envsDir, 'src-pin');
    expect(pc.run(['create', '-p', a, '--yes', '-q']).status).toBe(0);
    fs.writeFileSync(path.join(a, 'etc', 'gocondad.yml'), '# keep 1.21 for this project\ngo: "1.21"\ncgo: off\n');
    expect(explain(a)).toMatchObject({ goVersion: 'go1.21.13', chosenBy: 'pin' });
    const file = path.join(world.dir, 'src-pin.gocondad.yml');
    expect(pc.run(['export', '-p', a, '--format', 'gocondad', '--file', file]).status).toBe(0);
    const doc = YAML.parse(fs.readFileSync(file, 'utf8'));
    expect(doc.gocondad).toMatchObject({
      toolchain: { goVersion: 'go1.21.13', chosenBy: 'pin', goroot: '/usr/lib/go-1.21' },
      pin: { go: '1.21', cgo: 'off' },
      cgo: { policy: 'off', from: 'pin' },
      tools: [],
    });
    const b = path.join(pc.envsDir, 'copy-pin');
    const c = pc.run(['env', 'create', '-p', b, '--file', file]);
    expect(c.status).toBe(0);
    expect(ourLines(c.stderr)).toEqual([]);
    expect(fs.readFileSync(path.join(b, 'etc', 'gocondad.yml'), 'utf8')).toBe('# keep 1.21 for this project\ngo: "1.21"\ncgo: off\n');
    expect(explain(b)).toMatchObject({ goVersion: 'go1.21.13', chosenBy: 'pin' });
  }, 240000);

  test("a plain environment.yml is still conda's business: no Go section, no notice, no restore", () => {
    const a = path.join(pc.envsDir, 'plain');
    expect(pc.run(['create', '-p', a, '--yes', '-q']).status).toBe(0);
    const file = path.join(world.dir, 'environment.yml');
    expect(pc.run(['export', '-p', a, '--file', file]).status).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).not.toContain('gocondad:');
    const b = path.join(pc.envsDir, 'plain-copy');
    const c = pc.run(['env', 'create', '-p', b, '--file', file]);
    expect(c.status).toBe(0);
    expect(ourLines(c.stderr)).toEqual([]);
  }, 120000);
});
