// The ELF reader against objects the real gcc/ld make (RUNPATH, RPATH, SONAME, static, imports), a
// synthetic 32-bit big-endian object (the other code path), and bytes that are not ELF.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bufferSource, isStatic, NotElfError, parseElf, readElfFile } from '../../../src/bundle/elf';

let dir: string;
function gcc(args: string[]): void {
  const r = spawnSync('gcc', args, { encoding: 'utf8', cwd: dir });
  if (r.error || r.status !== 0) throw new Error(`gcc ${args.join(' ')} failed (install gcc: bash scripts/ensure-test-deps): ${r.stderr ?? r.error}`);
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-elf-'));
  fs.writeFileSync(path.join(dir, 'a.c'), 'int a(void) { return 1; }\n');
  fs.writeFileSync(path.join(dir, 'main.c'), '#include <dlfcn.h>\nint a(void);\nint main(void) { return a() + (dlopen("x", 0) != 0); }\n');
  gcc(['-shared', '-fPIC', '-Wl,-soname,liba.so.1', '-Wl,-rpath,$ORIGIN:/opt/x y', '-o', 'liba.so', 'a.c']);
  gcc(['-shared', '-fPIC', '-Wl,--disable-new-dtags', '-Wl,-rpath,/old/style', '-o', 'libold.so', 'a.c']);
  gcc(['-o', 'main', 'main.c', '-L.', '-la', '-Wl,-rpath,$ORIGIN/../lib']);
  fs.writeFileSync(path.join(dir, 'static.c'), 'int main(void) { return 0; }\n');
  gcc(['-static', '-o', 'static', 'static.c']);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('a shared library: SONAME and RUNPATH (new dtags, split on colons, spaces kept)', () => {
  const info = readElfFile(path.join(dir, 'liba.so'))!;
  expect(info).toMatchObject({
    elfClass: 64,
    littleEndian: true,
    machine: 62,
    type: 3,
    interp: null,
    dynamic: true,
    soname: 'liba.so.1',
    rpath: null,
    runpath: ['$ORIGIN', '/opt/x y'],
  });
  expect(info.needed).toEqual(readelf('liba.so').needed);
});

/** binutils' readelf as the reference for what DT_NEEDED holds (gcc's --as-needed decides what is there). */
function readelf(file: string): { needed: string[] } {
  const r = spawnSync('readelf', ['-d', path.join(dir, file)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`readelf failed (apt-get install binutils): ${r.stderr}`);
  return { needed: [...r.stdout.matchAll(/\(NEEDED\)\s+Shared library: \[(.+)\]/g)].map((m) => m[1]!) };
}

test('old dtags: DT_RPATH, no RUNPATH', () => {
  expect(readElfFile(path.join(dir, 'libold.so'))).toMatchObject({ rpath: ['/old/style'], runpath: null, soname: null });
});

test('an executable: its loader, what it needs by SONAME, its imports (dlopen)', () => {
  const info = readElfFile(path.join(dir, 'main'))!;
  expect(info.interp).toMatch(/ld-linux.*\.so/);
  expect(info.needed).toEqual(['liba.so.1', 'libc.so.6']);
  expect(info.needed).toEqual(readelf('main').needed);
  expect(info.runpath).toEqual(['$ORIGIN/../lib']);
  expect(info.imports).toEqual(expect.arrayContaining(['a', 'dlopen']));
  expect(isStatic(info)).toBe(false);
});

test('a static executable has no loader and needs nothing', () => {
  const info = readElfFile(path.join(dir, 'static'))!;
  expect([info.interp, info.needed, info.dynamic]).toEqual([null, [], false]);
  expect(isStatic(info)).toBe(true);
});

/** A minimal 32-bit big-endian shared object: one PT_LOAD, one PT_DYNAMIC, a string table. */
function synthetic32be(): Buffer {
  const strs = '\0libfoo.so.2\0$ORIGIN/lib\0libsyn.so.1\0';
  const at = (s: string) => strs.indexOf(`\0${s}\0`) + 1;
  const ehsize = 52;
  const phoff = ehsize;
  const dynOff = phoff + 2 * 32;
  const dyn = [
    [1, at('libfoo.so.2')],
    [29, at('$ORIGIN/lib')],
    [14, at('libsyn.so.1')],
    [5, 0x10000 + dynOff + 6 * 8],
    [10, strs.length],
    [0, 0],
  ];
  const strOff = dynOff + dyn.length * 8;
  const buf = Buffer.alloc(strOff + strs.length);
  buf.write('\x7fELF', 0, 'latin1');
  buf[4] = 1; // ELFCLASS32
  buf[5] = 2; // big endian
  buf[6] = 1;
  buf.writeUInt16BE(3, 16); // ET_DYN
  buf.writeUInt16BE(20, 18); // EM_PPC
  buf.writeUInt32BE(phoff, 28);
  buf.writeUInt16BE(32, 42);
  buf.writeUInt16BE(2, 44);
  const ph = (i: number, type: number, offset: number, vaddr: number, size: number) => {
    const o = phoff + i * 32;
    buf.writeUInt32BE(type, o);
    buf.writeUInt32BE(offset, o + 4);
    buf.writeUInt32BE(vaddr, o + 8);
    buf.writeUInt32BE(size, o + 16);
  };
  ph(0, 1, 0, 0x10000, buf.length);
  ph(1, 2, dynOff, 0x10000 + dynOff, dyn.length * 8);
  dyn.forEach(([tag, val], i) => {
    buf.writeUInt32BE(tag!, dynOff + i * 8);
    buf.writeUInt32BE(val!, dynOff + i * 8 + 4);
  });
  buf.write(strs, strOff, 'latin1');
  return buf;
}

test('32-bit big-endian: strings found through DT_STRTAB’s address mapped by PT_LOAD', () => {
  expect(parseElf(bufferSource(synthetic32be()))).toEqual({
    elfClass: 32,
    littleEndian: false,
    machine: 20,
    type: 3,
    interp: null,
    dynamic: true,
    needed: ['libfoo.so.2'],
    rpath: null,
    runpath: ['$ORIGIN/lib'],
    soname: 'libsyn.so.1',
    imports: [],
  });
});

test('not ELF, or cut short: NotElfError from the parser, null from the file reader', () => {
  expect(() => parseElf(bufferSource(Buffer.from('#!/bin/sh\necho this is a script, not a library at all\n')))).toThrow(NotElfError);
  const cut = synthetic32be().subarray(0, 100);
  expect(() => parseElf(bufferSource(cut))).toThrow(/truncated ELF/);
  fs.writeFileSync(path.join(dir, 'libscript.so'), 'GROUP ( libc.so.6 )\n'); // a linker script named .so
  expect(readElfFile(path.join(dir, 'libscript.so'))).toBeNull();
  expect(readElfFile(path.join(dir, 'nonexistent.so'))).toBeNull();
});
