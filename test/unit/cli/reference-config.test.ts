// docs/config.md is generated from the key tables the parser reads (core/config-keys.ts): it must be
// current, and must name every key the parsers take with its default.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PIN_FOREIGN_KEYS, PIN_KEYS, USER_CONFIG_KEYS } from '../../../src/core/config-keys';
import { configReference, yamlDefault } from '../../../src/cli/reference-config';

const FILE = path.join(__dirname, '..', '..', '..', 'docs', 'config.md');

test('docs/config.md is what the key table says (else: npm run docs:gen)', () => {
  const have = fs.existsSync(FILE) ? fs.readFileSync(FILE, 'utf8') : '';
  if (have !== configReference()) throw new Error('docs/config.md is stale: run `npm run docs:gen` and commit it');
});

test('every key of config.yml has a row with its default, and a line in the example file', () => {
  const text = configReference();
  for (const spec of Object.values(USER_CONFIG_KEYS)) {
    expect(text).toContain(`| \`${spec.key}\` | `);
    expect(text).toContain(`\n${spec.key}: ${spec.example} `);
    expect(text).toContain(` | ${yamlDefault(spec.key, spec.default)} | `);
  }
  for (const spec of [...Object.values(PIN_KEYS), ...PIN_FOREIGN_KEYS]) expect(text).toContain(`| \`${spec.key}\` | `);
});

test('defaults as YAML', () => {
  expect(yamlDefault('toolchains', [])).toBe('`[]`');
  expect(yamlDefault('default', null)).toBe('none');
  expect(yamlDefault('gopath', { kind: 'per-env' })).toBe('`per-env`');
  expect(yamlDefault('modcache', false)).toBe('`shared`');
  expect(yamlDefault('modcache', true)).toBe('`per-env`');
  expect(yamlDefault('launchers', true)).toBe('`true`');
  expect(yamlDefault('x', ['a'])).toBe('`["a"]`');
});
