// The ELF reader against objects the real gcc/ld make (RUNPATH, RPATH, SONAME, static, imports), a
// synthetic 32-bit big-endian object (the other code path), and bytes that are not ELF.
//
// Then objects written byte by byte here, for what gcc on this machine never makes: both classes × both
// byte orders, each header field at its offset, every guard (too short, magic, class, byte order, a
// dynamic section without DT_STRTAB, a string table address in no segment, a string without its NUL, a
// DT_NULL ending the table early), strings longer than one read, .dynsym imports (ending at its sh_size),
// and readElfFile's reads (each stops at the bytes asked; the file closed on every way out).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bufferSource, DT, isStatic, NotElfError, parseElf, readElfFile, type ByteSource, type ElfInfo } from '../../../src/bundle/elf';
import { keptFilesForRun, SANDBOX } from '../../helpers/stryker-memo';

let dir: string;
function gcc(args: string[]): void {
  const r = spawnSync('gcc', args, { encoding: 'utf8', cwd: dir });
  if (r.error || r.status !== 0) throw new Error(`gcc ${args.join(' ')} failed (install gcc: bash scripts/ensure-test-deps): ${r.stderr ?? r.error}`);
}

const SOURCES: Record<string, string> = {
  'a.c': 'int a(void) { return 1; }\n',
  'main.c': '#include <dlfcn.h>\nint a(void);\nint main(void) { return a() + (dlopen("x", 0) != 0); }\n',
  'static.c': 'int main(void) { return 0; }\n',
};
const BUILDS = [
  ['-shared', '-fPIC', '-Wl,-soname,liba.so.1', '-Wl,-rpath,$ORIGIN:/opt/x y', '-o', 'liba.so', 'a.c'],
  ['-shared', '-fPIC', '-Wl,--disable-new-dtags', '-Wl,-rpath,/old/style', '-o', 'libold.so', 'a.c'],
  ['-o', 'main', 'main.c', '-L.', '-la', '-Wl,-rpath,$ORIGIN/../lib'],
  ['-static', '-o', 'static', 'static.c'],
];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-elf-'));
  for (const [name, text] of Object.entries(SOURCES)) fs.writeFileSync(path.join(dir, name), text);
  // Under Stryker the objects of the first run serve every mutant (stryker-memo.ts says why); npm test builds.
  keptFilesForRun(SANDBOX, `elf.test gcc ${JSON.stringify([SOURCES, BUILDS])}`, dir, ['liba.so', 'libold.so', 'main', 'static'], () => {
    for (const args of BUILDS) gcc(args);
  });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

test('a shared library: SONAME and RUNPATH (new dtags, split on colons, spaces kept)', () => {
  const info = readElfFile(path.join(dir, 'liba.so'))!;
  expect(info).toEqual({
    elfClass: 64,
    littleEndian: true,
    machine: 62,
    type: 3,
    interp: null,
    dynamic: true,
    needed: readelf('liba.so').needed,
    soname: 'liba.so.1',
    rpath: null,
    runpath: ['$ORIGIN', '/opt/x y'],
    imports: readelf('liba.so').imports,
  });
});

/**
 * binutils' readelf as the reference for what DT_NEEDED holds (gcc's --as-needed decides what is there)
 * and for the undefined dynamic symbols (which ones the toolchain adds, e.g. __cxa_finalize, varies).
 */
function readelf(file: string): { needed: string[]; imports: string[] } {
  const run = (flag: string) => {
    const r = spawnSync('readelf', ['-W', flag, path.join(dir, file)], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
    if (r.status !== 0) throw new Error(`readelf failed (apt-get install binutils): ${r.stderr}`);
    return r.stdout;
  };
  // "   Num:    Value          Size Type    Bind   Vis      Ndx Name": undefined ones have Ndx UND; the name loses its @version.
  const imports = run('--dyn-syms')
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 8 && f[6] === 'UND' && /^\d+:$/.test(f[0]!))
    .map((f) => f[7]!.replace(/@.*/, ''));
  return { needed: [...run('-d').matchAll(/\(NEEDED\)\s+Shared library: \[(.+)\]/g)].map((m) => m[1]!), imports };
}

test('old dtags: DT_RPATH, no RUNPATH', () => {
  const info = readElfFile(path.join(dir, 'libold.so'))!;
  expect([info.rpath, info.runpath, info.soname, info.needed]).toEqual([['/old/style'], null, null, readelf('libold.so').needed]);
});

test('an executable: its loader, what it needs by SONAME, its imports (dlopen)', () => {
  const info = readElfFile(path.join(dir, 'main'))!;
  expect(info.interp).toMatch(/ld-linux.*\.so/);
  expect(info.needed).toEqual(['liba.so.1', 'libc.so.6']);
  expect(info.needed).toEqual(readelf('main').needed);
  expect(info.runpath).toEqual(['$ORIGIN/../lib']);
  expect(info.imports).toEqual(readelf('main').imports);
  expect(info.imports.filter((s) => s === 'a' || s === 'dlopen').sort()).toEqual(['a', 'dlopen']);
  expect([info.elfClass, info.littleEndian, info.machine, info.type, info.dynamic, info.rpath, info.soname]).toEqual([64, true, 62, 3, true, null, null]);
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

interface Synth {
  is64: boolean;
  le: boolean;
  type?: number;
  machine?: number;
  interp?: string;
  /** Dynamic entries after DT_STRTAB/DT_STRSZ: a string value is put in the string table. */
  dyn?: [number, number | string][];
  noStrtab?: boolean;
  noStrsz?: boolean;
  /** Moves DT_STRTAB's address by this much (past the loaded segment). */
  strtabShift?: number;
  /** The string table without its last NUL (for an unterminated last string). */
  cutLastNul?: boolean;
  /** Extra bytes of PT_DYNAMIC's size beyond its entries (half an entry: not read). */
  dynSlack?: number;
  /** .dynsym entries after the null one: name and section index (0 = undefined, an import). */
  syms?: { name: string; shndx: number }[];
  /** An entsize of 0 for .dynsym (a broken section header: skipped). */
  symEntsize0?: boolean;
  /** .dynsym's sh_size in entries (the null one counted), when it is to end before the symbols written do. */
  dynsymEntries?: number;
}

const VADDR = 0x10000;

/** A small ELF object: header, program headers (LOAD over the whole file, INTERP, DYNAMIC), strings, dynamic, symbols, section headers. */
function synth(o: Synth): Buffer {
  const w = o.is64 ? 8 : 4;
  const ehsize = o.is64 ? 64 : 52;
  const phentsize = o.is64 ? 56 : 32;
  const entSize = 2 * w;
  const symSize = o.is64 ? 24 : 16;
  const shentsize = o.is64 ? 64 : 40;
  const phnum = 2 + (o.interp !== undefined ? 1 : 0);
  // String table: '\0' then every string value.
  let strs = '\0';
  const at = (s: string) => {
    const i = strs.indexOf(`\0${s}\0`);
    if (i >= 0) return i + 1;
    const off = strs.length;
    strs += `${s}\0`;
    return off;
  };
  const dynVals = (o.dyn ?? []).map(([tag, v]) => [tag, typeof v === 'string' ? at(v) : v] as [number, number]);
  const symNames = (o.syms ?? []).map((s) => ({ name: s.name === '' ? 0 : at(s.name), shndx: s.shndx }));
  if (o.cutLastNul) strs = strs.slice(0, -1);
  const interpOff = ehsize + phnum * phentsize;
  const interpLen = o.interp !== undefined ? Buffer.byteLength(o.interp) + 1 : 0;
  const strOff = interpOff + interpLen;
  const strLen = Buffer.byteLength(strs, 'latin1');
  const dynOff = Math.ceil((strOff + strLen) / 8) * 8;
  const entries: [number, number][] = [
    ...(o.noStrtab ? [] : [[DT.STRTAB, VADDR + strOff + (o.strtabShift ?? 0)] as [number, number]]),
    ...(o.noStrsz ? [] : [[DT.STRSZ, strLen] as [number, number]]),
    ...dynVals,
    [DT.NULL, 0],
  ];
  const dynLen = entries.length * entSize;
  const symOff = dynOff + dynLen;
  const symLen = ((o.syms?.length ?? 0) + 1) * symSize;
  const shOff = symOff + symLen;
  const shnum = o.syms ? 3 : 0;
  const total = shOff + shnum * shentsize;
  const buf = Buffer.alloc(total);
  const u16 = (v: number, off: number) => (o.le ? buf.writeUInt16LE(v, off) : buf.writeUInt16BE(v, off));
  const u32 = (v: number, off: number) => (o.le ? buf.writeUInt32LE(v, off) : buf.writeUInt32BE(v, off));
  const word = (v: number, off: number) => (o.is64 ? (o.le ? buf.writeBigUInt64LE(BigInt(v), off) : buf.writeBigUInt64BE(BigInt(v), off)) : u32(v, off));
  buf.write('\x7fELF', 0, 'latin1');
  buf[4] = o.is64 ? 2 : 1;
  buf[5] = o.le ? 1 : 2;
  buf[6] = 1;
  u16(o.type ?? 3, 16);
  u16(o.machine ?? 62, 18);
  word(ehsize, o.is64 ? 32 : 28); // e_phoff
  word(shnum > 0 ? shOff : 0, o.is64 ? 40 : 32); // e_shoff
  u16(phentsize, o.is64 ? 54 : 42);
  u16(phnum, o.is64 ? 56 : 44);
  u16(shentsize, o.is64 ? 58 : 46);
  u16(shnum, o.is64 ? 60 : 48);
  const ph = (i: number, type: number, offset: number, size: number) => {
    const p = ehsize + i * phentsize;
    u32(type, p);
    if (o.is64) {
      word(offset, p + 8);
      word(VADDR + offset, p + 16);
      word(size, p + 32);
    } else {
      word(offset, p + 4);
      word(VADDR + offset, p + 8);
      word(size, p + 16);
    }
  };
  ph(0, 1, 0, total); // PT_LOAD: the whole file at VADDR
  ph(1, 2, dynOff, dynLen + (o.dynSlack ?? 0)); // PT_DYNAMIC
  if (o.interp !== undefined) {
    ph(2, 3, interpOff, interpLen); // PT_INTERP
    buf.write(`${o.interp}\0`, interpOff, 'latin1');
  }
  buf.write(strs, strOff, 'latin1');
  entries.forEach(([tag, val], i) => {
    word(tag, dynOff + i * entSize);
    word(val, dynOff + i * entSize + w);
  });
  symNames.forEach((s, i) => {
    const p = symOff + (i + 1) * symSize;
    u32(s.name, p);
    u16(s.shndx, p + (o.is64 ? 6 : 14));
  });
  if (shnum > 0) {
    const sh = (i: number, type: number, offset: number, size: number, link: number, entsize: number) => {
      const p = shOff + i * shentsize;
      u32(type, p + 4);
      if (o.is64) {
        word(offset, p + 24);
        word(size, p + 32);
        u32(link, p + 40);
        word(entsize, p + 56);
      } else {
        word(offset, p + 16);
        word(size, p + 20);
        u32(link, p + 24);
        word(entsize, p + 36);
      }
    };
    sh(1, 11, symOff, o.dynsymEntries !== undefined ? o.dynsymEntries * symSize : symLen, 2, o.symEntsize0 ? 0 : symSize); // SHT_DYNSYM, its strings in section 2
    sh(2, 3, strOff, strLen, 0, 0); // SHT_STRTAB
  }
  return buf;
}

const parse = (b: Buffer) => parseElf(bufferSource(b));
const BASE: Omit<ElfInfo, 'elfClass' | 'littleEndian'> = {
  machine: 62,
  type: 3,
  interp: null,
  dynamic: true,
  needed: [],
  rpath: null,
  runpath: null,
  soname: null,
  imports: [],
};

describe.each<[string, boolean, boolean]>([
  ['64-bit little-endian', true, true],
  ['64-bit big-endian', true, false],
  ['32-bit little-endian', false, true],
  ['32-bit big-endian', false, false],
])('%s', (_name, is64, le) => {
  const head = { elfClass: is64 ? 64 : 32, littleEndian: le } as const;

  it('every field: type, machine, interp, NEEDED in order, RPATH, RUNPATH, SONAME, imports', () => {
    const b = synth({
      is64,
      le,
      type: 2,
      machine: 183,
      interp: '/lib/ld-linux-aarch64.so.1',
      dyn: [
        [DT.NEEDED, 'libz.so.1'],
        [DT.RPATH, '/old:$ORIGIN/../lib'],
        [DT.NEEDED, 'libc.so.6'],
        [DT.RUNPATH, '$ORIGIN::/x y'],
        [DT.SONAME, 'libself.so.2'],
        [DT.NEEDED, 'libm.so.6'],
      ],
      syms: [
        { name: 'dlopen', shndx: 0 },
        { name: 'defined_here', shndx: 12 },
        { name: '', shndx: 0 },
        { name: 'malloc', shndx: 0 },
      ],
    });
    const info = parse(b);
    expect(info).toEqual({
      ...head,
      machine: 183,
      type: 2,
      interp: '/lib/ld-linux-aarch64.so.1',
      dynamic: true,
      needed: ['libz.so.1', 'libc.so.6', 'libm.so.6'],
      rpath: ['/old', '$ORIGIN/../lib'],
      runpath: ['$ORIGIN', '', '/x y'],
      soname: 'libself.so.2',
      imports: ['dlopen', 'malloc'],
    });
    expect(isStatic(info)).toBe(false);
  });

  it('empty RPATH and RUNPATH are empty lists, not absent', () => {
    expect(
      parse(
        synth({
          is64,
          le,
          dyn: [
            [DT.RPATH, ''],
            [DT.RUNPATH, ''],
          ],
        }),
      ),
    ).toEqual({ ...BASE, ...head, rpath: [], runpath: [] });
  });

  it('entries after DT_NULL, and half an entry at the end of PT_DYNAMIC, are not read', () => {
    const b = synth({
      is64,
      le,
      dyn: [
        [DT.NEEDED, 'liba.so'],
        [DT.NULL, 0],
        [DT.NEEDED, 'libafter.so'],
      ],
      dynSlack: is64 ? 8 : 4,
    });
    expect(parse(b).needed).toEqual(['liba.so']);
  });

  it('without DT_STRSZ the strings run to the end of the file', () => {
    expect(parse(synth({ is64, le, noStrsz: true, dyn: [[DT.SONAME, 'libs.so']] })).soname).toBe('libs.so');
  });

  it('a string longer than one read (256 bytes) is read whole', () => {
    const long = `/opt/${'d'.repeat(300)}:/opt/${'e'.repeat(600)}`;
    expect(parse(synth({ is64, le, dyn: [[DT.RUNPATH, long]] })).runpath).toEqual([`/opt/${'d'.repeat(300)}`, `/opt/${'e'.repeat(600)}`]);
  });

  it('.dynsym with entsize 0, or no section headers: no imports', () => {
    expect(parse(synth({ is64, le, syms: [{ name: 'dlopen', shndx: 0 }], symEntsize0: true })).imports).toEqual([]);
    expect(parse(synth({ is64, le })).imports).toEqual([]);
  });

  it('.dynsym’s size, not what follows it, ends the symbols: its last whole entry is read, the next (and half an entry) not', () => {
    // Symbols: null, defined_here, dlopen | malloc (written, but past sh_size: 3.5 entries). Section headers follow.
    const syms = [
      { name: 'defined_here', shndx: 12 },
      { name: 'dlopen', shndx: 0 },
      { name: 'malloc', shndx: 0 },
    ];
    expect(parse(synth({ is64, le, syms, dynsymEntries: 3.5 })).imports).toEqual(['dlopen']);
    expect(parse(synth({ is64, le, syms, dynsymEntries: 4 })).imports).toEqual(['dlopen', 'malloc']);
  });

  it('a dynamic section without DT_STRTAB', () => {
    expect(() => parse(synth({ is64, le, noStrtab: true }))).toThrow(new NotElfError('dynamic section without DT_STRTAB'));
  });

  it('DT_STRTAB’s address just past the loaded segment is in no segment; at its start it is', () => {
    const b = synth({ is64, le });
    const end = VADDR + b.length;
    const strOff = is64 ? 64 + 2 * 56 : 52 + 2 * 32;
    expect(() => parse(synth({ is64, le, strtabShift: end - (VADDR + strOff) }))).toThrow(
      new NotElfError(`address 0x${end.toString(16)} is in no loaded segment`),
    );
    expect(() => parse(synth({ is64, le, strtabShift: end - 1 - (VADDR + strOff) }))).not.toThrow();
    expect(() => parse(synth({ is64, le, strtabShift: -strOff }))).not.toThrow();
    expect(() => parse(synth({ is64, le, strtabShift: -strOff - 1 }))).toThrow(
      new NotElfError(`address 0x${(VADDR - 1).toString(16)} is in no loaded segment`),
    );
  });

  it('a string without its NUL before the table’s end', () => {
    const b = synth({ is64, le, dyn: [[DT.SONAME, 'libcut.so']], cutLastNul: true });
    const strOff = (is64 ? 64 + 2 * 56 : 52 + 2 * 32) + 1;
    expect(() => parse(b)).toThrow(new NotElfError(`unterminated string at offset ${strOff}`));
  });
});

test('a static executable: no PT_DYNAMIC, so nothing else is read', () => {
  const b = synth({ is64: true, le: true, type: 2 });
  b.writeUInt32LE(6, 64 + 56); // PT_DYNAMIC → PT_PHDR
  const info = parse(b);
  expect(info).toEqual({ ...BASE, elfClass: 64, littleEndian: true, type: 2, dynamic: false });
  expect(isStatic(info)).toBe(true);
  expect(isStatic({ ...info, interp: '/lib/ld.so' })).toBe(false);
  expect(isStatic({ ...info, needed: ['libc.so.6'] })).toBe(false);
});

test('the header alone, 52 bytes, no segments: read; 51 bytes: too short', () => {
  const b = Buffer.alloc(52);
  b.write('\x7fELF\x01\x01\x01', 0, 'latin1');
  b.writeUInt16LE(2, 16);
  b.writeUInt16LE(3, 18);
  expect(parse(b)).toEqual({ ...BASE, elfClass: 32, littleEndian: true, machine: 3, type: 2, dynamic: false });
  expect(() => parse(b.subarray(0, 51))).toThrow(new NotElfError('too short to be ELF'));
});

/** A 52-byte 32-bit little-endian header (EM_386, ET_EXEC) whose program header table is at phoff, phnum × phentsize. */
function header32(phoff: number, phnum: number, phentsize: number): Buffer {
  const b = Buffer.alloc(52);
  b.write('\x7fELF\x01\x01\x01', 0, 'latin1');
  b.writeUInt16LE(2, 16);
  b.writeUInt16LE(3, 18);
  b.writeUInt32LE(phoff, 28);
  b.writeUInt16LE(phentsize, 42);
  b.writeUInt16LE(phnum, 44);
  return b;
}

test.each<[string, number, number, number]>([
  // phnum 0 and the table's offset at the file's end: no program header is read, so nothing past the end.
  ['no program headers, the table at the end of the file', 52, 0, 32],
  // A program header at offset 0 overlaps the ELF header (type 0x464c457f, "\x7fELF": no type we know); offset 0 is a valid place to read.
  ['one program header at offset 0, over the ELF header', 0, 1, 32],
  ['two at offset 0 and 20 (the last ends at byte 40 of 52)', 0, 2, 20],
])('%s: read, not truncated', (_what, phoff, phnum, phentsize) => {
  expect(parse(header32(phoff, phnum, phentsize))).toEqual({ ...BASE, elfClass: 32, littleEndian: true, machine: 3, type: 2, dynamic: false });
});

/** Rewrites program header i of a 64-bit little-endian object: type, offset, vaddr, filesz. */
function setPh64le(b: Buffer, i: number, type: number, offset: number, vaddr: number, filesz: number): void {
  const p = 64 + i * 56;
  b.writeUInt32LE(type, p);
  b.writeBigUInt64LE(BigInt(offset), p + 8);
  b.writeBigUInt64LE(BigInt(vaddr), p + 16);
  b.writeBigUInt64LE(BigInt(filesz), p + 32);
}

test('DT_STRTAB’s address is mapped through PT_LOAD only, not through an earlier segment that also covers it', () => {
  // Headers: [PT_NOTE over the whole address range but 8 bytes further into the file, DYNAMIC, LOAD].
  const b = synth({ is64: true, le: true, interp: '/x', dyn: [[DT.SONAME, 'libs.so']] });
  setPh64le(b, 0, 4, 8, VADDR, b.length - 8);
  setPh64le(b, 2, 1, 0, VADDR, b.length);
  expect(parse(b)).toEqual({ ...BASE, elfClass: 64, littleEndian: true, soname: 'libs.so' });
});

test('PT_DYNAMIC’s size, not DT_NULL, ends the table when it ends first: its last whole entry is read, the next is not', () => {
  // Entries: STRTAB, STRSZ, NEEDED liba.so | NEEDED libb.so, NULL (past PT_DYNAMIC's end: not read).
  const b = synth({
    is64: true,
    le: true,
    dyn: [
      [DT.NEEDED, 'liba.so'],
      [DT.NEEDED, 'libb.so'],
    ],
  });
  b.writeBigUInt64LE(3n * 16n, 64 + 56 + 32); // PT_DYNAMIC's p_filesz: three entries
  expect(parse(b).needed).toEqual(['liba.so']);
});

test('e_shoff 0 means no section headers, whatever e_shnum says: no imports, nothing read at offset 0', () => {
  const b = synth({ is64: true, le: true });
  b.writeUInt16LE(0xffff, 60); // e_shnum
  b.writeUInt16LE(64, 58); // e_shentsize
  expect(parse(b)).toEqual({ ...BASE, elfClass: 64, littleEndian: true });
});

/** A ByteSource over b that logs every read (offset, length). */
function loggingSource(b: Buffer): { src: ByteSource; reads: [number, number][] } {
  const reads: [number, number][] = [];
  const inner = bufferSource(b);
  return { src: { size: inner.size, read: (o, l) => (reads.push([o, l]), inner.read(o, l)) }, reads };
}

test('an unterminated string is read to the table’s end in 256-byte pieces, and no further (no empty read at the end)', () => {
  const b = synth({ is64: true, le: true, dyn: [[DT.SONAME, `lib${'u'.repeat(509)}`]], cutLastNul: true });
  const strOff = 64 + 2 * 56 + 1; // the string table starts after the program headers; the SONAME at its offset 1
  const { src, reads } = loggingSource(b);
  expect(() => parseElf(src)).toThrow(new NotElfError(`unterminated string at offset ${strOff}`));
  // The string is 512 bytes and the table (DT_STRSZ) ends with it: two whole pieces, then nothing.
  expect(reads.slice(-2)).toEqual([
    [strOff, 256],
    [strOff + 256, 256],
  ]);
  expect(reads.filter(([, length]) => length === 0)).toEqual([]);
});

test.each<[string, (b: Buffer) => void, string]>([
  ['a first byte that is not 0x7f', (b) => (b[0] = 0x7e), 'no ELF magic'],
  ['"ELG"', (b) => (b[3] = 0x47), 'no ELF magic'],
  ['"XLF"', (b) => (b[1] = 0x58), 'no ELF magic'],
  ['class 0', (b) => (b[4] = 0), 'unknown ELF class 0'],
  ['class 3', (b) => (b[4] = 3), 'unknown ELF class 3'],
  ['byte order 0', (b) => (b[5] = 0), 'unknown ELF byte order 0'],
  ['byte order 3', (b) => (b[5] = 3), 'unknown ELF byte order 3'],
])('%s: not ELF', (_what, spoil, message) => {
  const b = synth({ is64: true, le: true });
  spoil(b);
  expect(() => parse(b)).toThrow(new NotElfError(message));
});

test('program headers past the end: truncated, with the bytes it wanted', () => {
  const b = synth({ is64: true, le: true });
  const cut = b.subarray(0, 64 + 56 + 10);
  expect(() => parse(cut)).toThrow(new NotElfError(`truncated ELF: wants bytes 128..136 of ${cut.length}`));
});

describe('readElfFile on synthetic files', () => {
  it('reads the file in pieces to the same facts as the buffer', () => {
    const b = synth({
      is64: true,
      le: false,
      interp: '/lib/ld64.so.1',
      dyn: [
        [DT.NEEDED, 'libq.so.1'],
        [DT.RUNPATH, `/${'r'.repeat(700)}`],
      ],
      syms: [{ name: 'dlopen', shndx: 0 }],
    });
    fs.writeFileSync(path.join(dir, 'obj'), b);
    expect(readElfFile(path.join(dir, 'obj'))).toEqual(parse(b));
  });

  it('a cut file is null (not ELF), an empty one too', () => {
    const b = synth({ is64: false, le: true, dyn: [[DT.NEEDED, 'libq.so.1']] });
    fs.writeFileSync(path.join(dir, 'cut'), b.subarray(0, 70));
    fs.writeFileSync(path.join(dir, 'empty'), '');
    expect([readElfFile(path.join(dir, 'cut')), readElfFile(path.join(dir, 'empty'))]).toEqual([null, null]);
  });

  it('an error that is not about the bytes (a directory) is thrown, not taken for "not ELF"', () => {
    expect(() => readElfFile(dir)).toThrow(/EISDIR/);
  });

  it('a string whose NUL lies only past its table’s end: null, as from the buffer (each read stops at the bytes asked, not at the file’s end)', () => {
    // The SONAME is the table's last string, without its NUL; the dynamic table after it starts with a 0 byte in either order.
    const b = synth({ is64: true, le: true, dyn: [[DT.SONAME, 'libcut.so']], cutLastNul: true });
    expect(b.indexOf(0, b.indexOf('libcut.so'))).toBeGreaterThan(-1);
    fs.writeFileSync(path.join(dir, 'nonul'), b);
    expect(() => parse(b)).toThrow(new NotElfError(`unterminated string at offset ${64 + 2 * 56 + 1}`));
    expect(readElfFile(path.join(dir, 'nonul'))).toBeNull();
  });

  it.each<[string, () => void]>([
    ['an ELF file', () => expect(readElfFile(path.join(dir, 'liba.so'))?.soname).toBe('liba.so.1')],
    ['a file that is not ELF', () => expect(readElfFile(path.join(dir, 'notelf'))).toBeNull()],
    ['a directory (the error thrown)', () => expect(() => readElfFile(dir)).toThrow(/EISDIR/)],
  ])('%s: the file is closed again (no descriptor left open)', (_what, read) => {
    fs.writeFileSync(path.join(dir, 'notelf'), '#!/bin/sh\n');
    const open = () => fs.readdirSync('/proc/self/fd');
    const before = open();
    for (let i = 0; i < 3; i += 1) read();
    expect(open()).toEqual(before);
  });
});
