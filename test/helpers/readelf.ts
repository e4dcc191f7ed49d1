// What binutils' readelf says of an ELF file: the independent view that bundle tests check the bundle
// with, so that an expectation is never computed by the ELF reader under test (src/bundle/elf.ts).
import { execFileSync } from 'node:child_process';

export interface ReadelfView {
  needed: string[];
  runpath: string[];
  rpath: string[];
  interp: string | null;
}

export function readelf(file: string): ReadelfView {
  const run = (flag: string) => execFileSync('readelf', [flag, '-W', file], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  const dynamic = run('-d');
  const tag = (name: string) => [...dynamic.matchAll(new RegExp(`\\(${name}\\)\\s+[^\\[]*\\[([^\\]]*)\\]`, 'g'))].map((m) => m[1]!);
  const interp = /\[Requesting program interpreter: ([^\]]+)\]/.exec(run('-l'))?.[1] ?? null;
  return { needed: tag('NEEDED'), runpath: tag('RUNPATH').flatMap((p) => p.split(':')), rpath: tag('RPATH').flatMap((p) => p.split(':')), interp };
}
