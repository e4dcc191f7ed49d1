// A reader for the few ELF facts bundling needs: what an object loads (DT_NEEDED), where it looks
// (DT_RPATH / DT_RUNPATH), what it is called (DT_SONAME), whether it is dynamic at all (PT_INTERP,
// PT_DYNAMIC), and which symbols it imports (to notice dlopen). Written here rather than taken from npm:
// it is ~200 lines of fixed-layout reads, and the npm ELF parsers are unmaintained or read whole files.
import * as fs from 'node:fs';

export const DT = { NULL: 0, NEEDED: 1, STRTAB: 5, STRSZ: 10, SONAME: 14, RPATH: 15, RUNPATH: 29 } as const;
const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const PT_INTERP = 3;
const SHT_DYNSYM = 11;

export interface ElfInfo {
  elfClass: 32 | 64;
  littleEndian: boolean;
  /** e_machine: 62 x86-64, 183 aarch64, 21 ppc64, 22 s390, 40 arm, 3 i386. */
  machine: number;
  /** e_type: 2 executable, 3 shared object (also PIE executables). */
  type: number;
  /** The program interpreter (the dynamic loader) an executable names; null: none (static, or a library). */
  interp: string | null;
  /** false for a static executable: no PT_DYNAMIC segment. */
  dynamic: boolean;
  needed: string[];
  /** Split on ':' as the loader does; null when the entry is absent (absent and empty differ). */
  rpath: string[] | null;
  runpath: string[] | null;
  soname: string | null;
  /** Undefined dynamic symbols (what it imports), e.g. `dlopen`. */
  imports: string[];
}

export class NotElfError extends Error {}

/** Positional reads, so that a 300 MB library is not read whole to learn its four dynamic entries. */
export interface ByteSource {
  size: number;
  read(offset: number, length: number): Buffer;
}

export function bufferSource(buf: Buffer): ByteSource {
  return { size: buf.length, read: (o, l) => buf.subarray(o, Math.min(buf.length, o + l)) };
}

class Reader {
  constructor(
    private src: ByteSource,
    readonly is64: boolean,
    readonly le: boolean,
  ) {}
  bytes(off: number, len: number): Buffer {
    // No check for a negative off or len: every offset is a sum of unsigned header fields (and a mapped
    // address is at or past its segment's start), every length a positive constant or the rest of a string
    // table; such a check could never be true (mutation testing showed it: dead code, removed).
    if (off + len > this.src.size) throw new NotElfError(`truncated ELF: wants bytes ${off}..${off + len} of ${this.src.size}`);
    return this.src.read(off, len);
  }
  u16(off: number): number {
    const b = this.bytes(off, 2);
    return this.le ? b.readUInt16LE(0) : b.readUInt16BE(0);
  }
  u32(off: number): number {
    const b = this.bytes(off, 4);
    return this.le ? b.readUInt32LE(0) : b.readUInt32BE(0);
  }
  /** A word (4 or 8 bytes); ELF offsets in real files fit in a double. */
  word(off: number): number {
    if (!this.is64) return this.u32(off);
    const b = this.bytes(off, 8);
    return Number(this.le ? b.readBigUInt64LE(0) : b.readBigUInt64BE(0));
  }
  cstring(off: number, limit: number): string {
    const end = Math.min(limit, this.src.size);
    const chunk = 256;
    const parts: Buffer[] = [];
    for (let at = off; at < end; at += chunk) {
      const b = this.bytes(at, Math.min(chunk, end - at));
      const nul = b.indexOf(0);
      if (nul >= 0) {
        parts.push(b.subarray(0, nul));
        return Buffer.concat(parts).toString('utf8');
      }
      parts.push(b);
    }
    throw new NotElfError(`unterminated string at offset ${off}`);
  }
}

interface Segment {
  type: number;
  offset: number;
  vaddr: number;
  filesz: number;
}

export function parseElf(src: ByteSource): ElfInfo {
  if (src.size < 52) throw new NotElfError('too short to be ELF');
  const ident = src.read(0, 16);
  if (ident[0] !== 0x7f || ident.toString('latin1', 1, 4) !== 'ELF') throw new NotElfError('no ELF magic');
  if (ident[4] !== 1 && ident[4] !== 2) throw new NotElfError(`unknown ELF class ${ident[4]}`);
  if (ident[5] !== 1 && ident[5] !== 2) throw new NotElfError(`unknown ELF byte order ${ident[5]}`);
  const r = new Reader(src, ident[4] === 2, ident[5] === 1);
  const type = r.u16(16);
  const machine = r.u16(18);
  const phoff = r.word(r.is64 ? 32 : 28);
  const shoff = r.word(r.is64 ? 40 : 32);
  const phentsize = r.u16(r.is64 ? 54 : 42);
  const phnum = r.u16(r.is64 ? 56 : 44);
  const shentsize = r.u16(r.is64 ? 58 : 46);
  const shnum = r.u16(r.is64 ? 60 : 48);

  const segments: Segment[] = [];
  for (let i = 0; i < phnum; i += 1) {
    const at = phoff + i * phentsize;
    segments.push(
      r.is64
        ? { type: r.u32(at), offset: r.word(at + 8), vaddr: r.word(at + 16), filesz: r.word(at + 32) }
        : { type: r.u32(at), offset: r.word(at + 4), vaddr: r.word(at + 8), filesz: r.word(at + 16) },
    );
  }
  const interpSeg = segments.find((s) => s.type === PT_INTERP);
  const interp = interpSeg ? r.cstring(interpSeg.offset, interpSeg.offset + interpSeg.filesz) : null;
  const dynSeg = segments.find((s) => s.type === PT_DYNAMIC);
  const info: ElfInfo = {
    elfClass: r.is64 ? 64 : 32,
    littleEndian: r.le,
    machine,
    type,
    interp,
    dynamic: dynSeg !== undefined,
    needed: [],
    rpath: null,
    runpath: null,
    soname: null,
    imports: [],
  };
  if (!dynSeg) return info;

  // String offsets in dynamic entries are relative to DT_STRTAB, an address: map it through PT_LOAD.
  const toOffset = (vaddr: number): number => {
    const seg = segments.find((s) => s.type === PT_LOAD && vaddr >= s.vaddr && vaddr < s.vaddr + s.filesz);
    if (!seg) throw new NotElfError(`address 0x${vaddr.toString(16)} is in no loaded segment`);
    return seg.offset + (vaddr - seg.vaddr);
  };
  const entSize = r.is64 ? 16 : 8;
  const entries: { tag: number; val: number }[] = [];
  for (let at = dynSeg.offset; at + entSize <= dynSeg.offset + dynSeg.filesz; at += entSize) {
    const tag = r.word(at);
    if (tag === DT.NULL) break;
    entries.push({ tag, val: r.word(at + entSize / 2) });
  }
  const strtab = entries.find((e) => e.tag === DT.STRTAB);
  if (!strtab) throw new NotElfError('dynamic section without DT_STRTAB');
  const strOff = toOffset(strtab.val);
  // Stryker disable next-line ArithmeticOperator: the limit only bounds cstring, which clamps it to src.size; src.size + strOff (>= src.size) ends strings at the same byte
  const strSize = entries.find((e) => e.tag === DT.STRSZ)?.val ?? src.size - strOff;
  const str = (v: number) => r.cstring(strOff + v, strOff + strSize);
  for (const e of entries) {
    if (e.tag === DT.NEEDED) info.needed.push(str(e.val));
    else if (e.tag === DT.SONAME) info.soname = str(e.val);
    else if (e.tag === DT.RPATH) info.rpath = splitPath(str(e.val));
    else if (e.tag === DT.RUNPATH) info.runpath = splitPath(str(e.val));
  }
  // e_shoff 0: no section headers. (No separate e_shnum > 0 test: readImports reads nothing when it is 0.)
  if (shoff > 0) info.imports = readImports(r, shoff, shentsize, shnum);
  return info;
}

function splitPath(value: string): string[] {
  return value === '' ? [] : value.split(':');
}

/** Undefined symbols of .dynsym (section headers may be stripped: then none are known). */
function readImports(r: Reader, shoff: number, shentsize: number, shnum: number): string[] {
  const section = (i: number) => {
    const at = shoff + i * shentsize;
    return r.is64
      ? { type: r.u32(at + 4), offset: r.word(at + 24), size: r.word(at + 32), link: r.u32(at + 40), entsize: r.word(at + 56) }
      : { type: r.u32(at + 4), offset: r.word(at + 16), size: r.word(at + 20), link: r.u32(at + 24), entsize: r.word(at + 36) };
  };
  const out: string[] = [];
  for (let i = 0; i < shnum; i += 1) {
    const s = section(i);
    if (s.type !== SHT_DYNSYM || s.entsize === 0) continue;
    const strs = section(s.link);
    for (let at = s.offset + s.entsize; at + s.entsize <= s.offset + s.size; at += s.entsize) {
      const name = r.u32(at);
      const shndx = r.u16(at + (r.is64 ? 6 : 14));
      if (name !== 0 && shndx === 0) out.push(r.cstring(strs.offset + name, strs.offset + strs.size));
    }
  }
  return out;
}

/** Reads an ELF file's facts; null when the file is not ELF (a script, a linker script named .so). */
export function readElfFile(file: string): ElfInfo | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const size = fs.fstatSync(fd).size;
    const src: ByteSource = {
      size,
      read(offset, length) {
        // No clamp to the file's end: Reader.bytes refuses a read past it before asking, and parseElf's first
        // 16 bytes come after its 52-byte check, so min(length, size - offset) was always length (dead code,
        // removed: mutation testing could not tell `size + offset` from it).
        const buf = Buffer.alloc(length);
        fs.readSync(fd, buf, 0, buf.length, offset);
        return buf;
      },
    };
    return parseElf(src);
  } catch (err) {
    if (err instanceof NotElfError) return null;
    throw err;
  } finally {
    fs.closeSync(fd);
  }
}

/** A static executable: nothing for the loader to do, so it runs anywhere with the same kernel ABI. */
export function isStatic(info: ElfInfo): boolean {
  return info.interp === null && info.needed.length === 0;
}
