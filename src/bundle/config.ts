// The bundle's config: a `bundle:` key in the env's pin file ($PREFIX/etc/gocondad.yml), next to
// `go:`/`cgo:`. The Dockerfile generator bakes it into stage two's command line, so an image built from a
// fresh env (no pin file there) bundles the same libraries.
//
//   bundle:
//     extra_libs: [libfoo_plugin.so, libbar.so.2]   # dlopen'ed by the program, named by no DT_NEEDED
import * as fs from 'node:fs';
import { pinFilePath, type Problem } from '../core/config';
import { parseYaml } from '../core/yaml';

export interface BundleConfig {
  extraLibs: string[];
}

/** A library name the loader can look up: a file name, no directory part, nothing a shell or glob would expand. */
export function isLibName(name: string): boolean {
  return /^[A-Za-z0-9_][A-Za-z0-9_.+-]*$/.test(name);
}

export function parseBundleConfig(text: string, file: string): { config: BundleConfig; problems: Problem[] } {
  const problems: Problem[] = [];
  const config: BundleConfig = { extraLibs: [] };
  const raw = parseYaml(text, file, problems) as { bundle?: unknown } | null | undefined;
  // Only an empty file or a YAML error (null, undefined) has no properties to read; a scalar or a list
  // document has no `bundle` either, so reading it gives undefined as for a mapping without the key.
  const bundle = raw?.bundle;
  if (bundle === undefined || bundle === null) return { config, problems };
  if (typeof bundle !== 'object' || Array.isArray(bundle)) {
    problems.push({ file, message: '`bundle` must be a mapping, e.g. `bundle: {extra_libs: [libfoo.so.1]}`' });
    return { config, problems };
  }
  for (const [key, value] of Object.entries(bundle)) {
    if (key !== 'extra_libs') {
      problems.push({ file, message: `unknown key \`bundle.${key}\` ignored (known: extra_libs)` });
      continue;
    }
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
      problems.push({ file, message: '`bundle.extra_libs` must be a list of library file names, e.g. [libfoo.so.1]' });
      continue;
    }
    for (const name of value as string[]) {
      if (isLibName(name)) config.extraLibs.push(name);
      else problems.push({ file, message: `\`bundle.extra_libs\`: ${JSON.stringify(name)} is not a library file name (no directories, e.g. libfoo.so.1)` });
    }
  }
  return { config, problems };
}

export function loadBundleConfig(prefix: string): { config: BundleConfig; problems: Problem[] } {
  const file = pinFilePath(prefix);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return { config: { extraLibs: [] }, problems: [] };
  }
  return parseBundleConfig(text, file);
}
