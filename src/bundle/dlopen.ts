// Libraries a program opens with dlopen are named by no DT_NEEDED, so the resolver cannot see them.
// What can be seen: the program imports `dlopen`, and library names sit in its read-only data. The env
// libraries named there and not bundled are what the user most likely has to list in `bundle.extra_libs`.

export interface DlopenFinding {
  /** The executable imports dlopen (directly: Go's own runtime does not). */
  callsDlopen: boolean;
  /** Env libraries whose names occur in the executable and that the bundle does not carry. */
  named: string[];
}

/** Library-looking names in a binary's bytes: `libX.so`, `libX.so.1.2` (Go packs strings without NULs). */
export function libNamesIn(bytes: Buffer): string[] {
  const text = bytes.toString('latin1');
  const found = new Set<string>();
  for (const m of text.matchAll(/lib[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*?\.so(?:\.[0-9]+)*/g)) found.add(m[0]);
  return [...found];
}

export function findDlopen(input: { imports: string[]; namesInBinary: string[]; envLibNames: string[]; bundled: string[] }): DlopenFinding {
  const callsDlopen = input.imports.some((s) => s === 'dlopen' || s.startsWith('dlopen@') || s === 'dlmopen');
  const env = new Set(input.envLibNames);
  const bundled = new Set(input.bundled);
  const named = input.namesInBinary.filter((n) => env.has(n) && !bundled.has(n)).sort();
  return { callsDlopen, named };
}
