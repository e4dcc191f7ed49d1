// The import paths of a project's .go files.
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
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
