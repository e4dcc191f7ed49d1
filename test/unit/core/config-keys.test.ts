// The one key table: what docs/config.md shows is what the parsers do, because both read it.
import YAML from 'yaml';
import { DEFAULT_CONFIG, PIN_KEYS, USER_CONFIG_KEYS } from '../../../src/core/config-keys';
import { parsePinFile, parseUserConfig } from '../../../src/core/config';

test('the defaults are the table’s, one per field', () => {
  expect(Object.keys(DEFAULT_CONFIG)).toEqual(Object.keys(USER_CONFIG_KEYS));
  for (const [field, spec] of Object.entries(USER_CONFIG_KEYS)) expect(DEFAULT_CONFIG[field as keyof typeof DEFAULT_CONFIG]).toEqual(spec.default);
});

test.each(Object.entries(USER_CONFIG_KEYS))('config.yml %s: the documented example parses into that field, with no problem', (field, spec) => {
  const { config, problems } = parseUserConfig(`${spec.key}: ${spec.example}\n`, 'c.yml', '/h');
  expect(problems).toEqual([]);
  expect(config[field as keyof typeof config]).toEqual(spec.read(YAML.parse(spec.example), '/h').value);
});

test.each(Object.entries(PIN_KEYS))('pin file %s: the documented example parses into that field, with no problem', (field, spec) => {
  const { pin, problems } = parsePinFile(`${spec.key}: ${spec.example}\n`, 'p.yml');
  expect(problems).toEqual([]);
  expect(pin[field as keyof typeof pin]).toBeDefined();
});

test('a key the table does not have is reported in config.yml, left alone in a pin file (bundle: is read by bundle/)', () => {
  expect(parseUserConfig('colour: blue\n', 'c.yml', '/h').problems).toEqual([{ file: 'c.yml', message: 'unknown key `colour` ignored' }]);
  expect(parsePinFile('bundle: {extra_libs: [libx.so]}\n', 'p.yml')).toEqual({ pin: {}, problems: [] });
});

test('YAML names are the table’s: a field name is not a key', () => {
  expect(parseUserConfig('autoInstall: false\n', 'c.yml', '/h').problems).toHaveLength(1);
  expect(parseUserConfig('auto_install: false\n', 'c.yml', '/h').config.autoInstall).toBe(false);
  expect(parsePinFile('goOffline: true\n', 'p.yml').pin).toEqual({});
});
