// The import paths of a project's .go files.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { importsOf, projectImports } from '../../../src/sync/imports';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-sync-'));

describe('imports', () => {
  test('single, grouped, named and dot imports; vendor, testdata and nested modules skipped', () => {
    expect(importsOf('package x\n\nimport "fmt"\nimport p "github.com/google/gopacket/pcap"\nimport (\n\t"os"\n\t_ "embed"\n\t. "strings"\n)\n')).toEqual([
      'fmt',
      'github.com/google/gopacket/pcap',
      'os',
      'embed',
      'strings',
    ]);
    const dir = tmp();
    try {
      fs.mkdirSync(path.join(dir, 'cmd'));
      fs.mkdirSync(path.join(dir, 'vendor', 'v'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'cmd', 'main.go'), 'package main\nimport "github.com/google/gopacket/pcap"\n');
      fs.writeFileSync(path.join(dir, 'vendor', 'v', 'v.go'), 'package v\nimport "a.b/vendored"\n');
      fs.mkdirSync(path.join(dir, 'tools'));
      fs.writeFileSync(path.join(dir, 'tools', 'go.mod'), 'module tools\n');
      fs.writeFileSync(path.join(dir, 'tools', 't.go'), 'package tools\nimport "a.b/nested"\n');
      expect([...projectImports(dir)!]).toEqual(['github.com/google/gopacket/pcap']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    }
  });
});

describe('importsOf: the forms gofmt writes and a few it does not', () => {
  test.each([
    ['import "fmt"\n', ['fmt']],
    ['  import\t"fmt"\n', ['fmt']],
    ['import m "math"\nimport _ "embed"\nimport . "strings"\nimport x.y "no"\nimport two\t\t"spaces"\n', ['math', 'embed', 'strings', 'no', 'spaces']],
    ['import (\n\t"os"\n\n\tc "C"\n\t// "commented"\n)\n', ['os', 'C', 'commented']],
    ['import("a")\nimport()\n', ['a']],
    ['// import "not"\nx := `\nimport "in a string"`\n', ['in a string']],
    ['var s = "import \\"x\\""\n', []],
    ['', []],
  ])('%j', (src, want) => expect(importsOf(src)).toEqual(want));
});

describe('projectImports: which files count', () => {
  const tree = (files: Record<string, string>): string => {
    const dir = tmp();
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    return dir;
  };
  test('hidden, _-prefixed, testdata and vendor dirs and non-.go files skipped; nested dirs walked', () => {
    const dir = tree({
      'main.go': 'package main\nimport "a/top"\n',
      'x/y/z.go': 'package z\nimport "a/deep"\n',
      'x/notes.go.txt': 'import "a/txt"\n',
      '.git/h.go': 'import "a/hidden"\n',
      '_tools/t.go': 'import "a/underscore"\n',
      'testdata/t.go': 'import "a/testdata"\n',
      'vendor/v.go': 'import "a/vendor"\n',
      'sub/go.mod': 'module sub\n',
      'sub/s.go': 'import "a/nested"\n',
      'godir.go/keep.go': 'package k\nimport "a/dirnamed"\n',
    });
    try {
      expect([...projectImports(dir)!].sort()).toEqual(['a/deep', 'a/dirnamed', 'a/top']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    }
  });
  test('no .go file at all, or a missing dir: null (nothing known)', () => {
    const dir = tree({ 'go.mod': 'module x\n', 'README.md': 'import "x"\n' });
    try {
      expect(projectImports(dir)).toBeNull();
      expect(projectImports(path.join(dir, 'missing'))).toBeNull();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    }
  });
  test('a .go file with no imports still counts: an empty set, not null', () => {
    const dir = tree({ 'doc.go': 'package x\n' });
    try {
      expect(projectImports(dir)).toEqual(new Set());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    }
  });
  test('a directory it cannot read is skipped; the files beside it still count', () => {
    // Root reads every mode, so the unreadable directory is one whose path is longer than PATH_MAX (4096
    // bytes): readdir refuses it (ENAMETOOLONG). bash makes it with relative mkdirs and cds, which have no such limit
    // (dash's cd refuses a long path).
    const dir = tree({ 'main.go': 'package main\nimport "a/top"\n', 'deep/d.go': 'package d\nimport "a/shallow"\n' });
    try {
      const made = spawnSync(
        'bash',
        [
          '-c',
          'cd "$1/deep" && i=0 && while [ $i -lt 25 ]; do mkdir "$2" && cd "$2" || exit 1; i=$((i+1)); done && printf \'package x\\nimport "a/unreachable"\\n\' > x.go',
          'bash',
          dir,
          'd'.repeat(200),
        ],
        { encoding: 'utf8' },
      );
      expect([made.status, made.stderr]).toEqual([0, '']);
      expect([...projectImports(dir)!].sort()).toEqual(['a/shallow', 'a/top']);
    } finally {
      // fs.rmSync walks by whole paths and stops at PATH_MAX; rm -rf does not
      spawnSync('rm', ['-rf', dir]);
    }
  });
  test('more than 5000 .go files: too big to scan (null); exactly 5000 is scanned', () => {
    const dir = tmp();
    try {
      fs.mkdirSync(path.join(dir, 'p'));
      for (let i = 0; i < 5000; i++) fs.writeFileSync(path.join(dir, 'p', `f${i}.go`), i === 0 ? 'import "a/one"\n' : '');
      expect(projectImports(dir)).toEqual(new Set(['a/one']));
      fs.writeFileSync(path.join(dir, 'last.go'), '');
      expect(projectImports(dir)).toBeNull();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    }
  });
});
