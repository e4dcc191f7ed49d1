// docs/config.md, rendered from the key tables the config parser reads (core/config-keys.ts), so every
// key the parser takes is documented with its values and default, and nothing else is.
// scripts/docs-gen.js writes the file; test/unit/cli/reference-config.test.ts fails when it is stale.
import { PIN_FOREIGN_KEYS, PIN_KEYS, USER_CONFIG_KEYS, type KeySpec, type UserKeySpec } from '../core/config-keys';
import { cell, code, GENERATED_NOTE } from './reference-commands';

/** A default as the YAML that gives it. */
export function yamlDefault(key: string, value: unknown): string {
  if (value === null) return 'none';
  if (Array.isArray(value)) return value.length === 0 ? '`[]`' : code(JSON.stringify(value));
  if (typeof value === 'object') return code(String((value as { kind: string }).kind));
  // modcache is stored as a boolean (isolate) but written as a word
  if (key === 'modcache') return code(value ? 'per-env' : 'shared');
  return code(String(value));
}

/** The whole of docs/config.md. */
export function configReference(): string {
  const user = Object.values(USER_CONFIG_KEYS) as UserKeySpec<unknown>[];
  const pin = Object.values(PIN_KEYS) as KeySpec<unknown>[];
  const width = Math.max(...user.map((k) => `${k.key}: ${k.example}`.length)) + 1;
  const out = [
    '# Configuration',
    '',
    GENERATED_NOTE('the key tables in src/core/config-keys.ts, which the config parser reads'),
    '',
    'Two files, both optional, both YAML. A malformed file or value is reported with its file (and line, for',
    "YAML errors) in the daemon's log, by `gocondad shims install` and by `gocondad doctor`; the defaults are",
    "used for what could not be read. A file is read only when you (or, for a pin file, the env's owner) or",
    'root own it and neither its group nor others can write it, and only when it is a regular file of at most',
    '64 KiB.',
    '',
    '## The user config: `$XDG_CONFIG_HOME/gocondad/config.yml`',
    '',
    '(`~/.config/gocondad/config.yml`.) An unknown key is reported and ignored. Every key, with an example value:',
    '',
    '```yaml',
    ...user.map((k) => `${`${k.key}: ${k.example}`.padEnd(width)}# ${k.values.replace(/`/g, '')}`),
    '```',
    '',
    '| key | takes | default | what it does |',
    '| --- | --- | --- | --- |',
    ...user.map((k) => `| ${code(k.key)} | ${cell(k.values)} | ${yamlDefault(k.key, k.default)} | ${cell(k.doc)} |`),
    '',
    "## An env's pin file: `$PREFIX/etc/gocondad.yml`",
    '',
    'Per env; what it says wins over the user config for that env. A pin file that is not valid YAML gives the',
    'env no toolchain at all (it may exclude what gocondad would otherwise choose) until it is fixed.',
    '',
    '| key | takes | example | what it does |',
    '| --- | --- | --- | --- |',
    ...pin.map((k) => `| ${code(k.key)} | ${cell(k.values)} | ${code(`${k.key}: ${k.example}`)} | ${cell(k.doc)} |`),
    ...PIN_FOREIGN_KEYS.map((k) => `| ${code(k.key)} | ${cell(k.values)} | ${code(`${k.key}: ${k.example}`)} | ${cell(k.doc)}; read by \`${k.readBy}\` |`),
    '',
  ];
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
