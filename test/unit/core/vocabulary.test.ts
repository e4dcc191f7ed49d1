// The published schemas (docs/schemas/vocabulary.schema.json) say what core/vocabulary.ts says.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CHOICE_SOURCES, CHOICE_SOURCE_TEXT, CONFLICT_KINDS, SEVERITIES, SHADOWED_GO } from '../../../src/core/vocabulary';
import { FINDING_KINDS } from '../../../src/sync/checker';

const defs = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'schemas', 'vocabulary.schema.json'), 'utf8')).$defs;

test('chosenBy: the schema enum is CHOICE_SOURCES (and null), each with a label for people', () => {
  expect(defs.chosenBy.enum).toEqual([...CHOICE_SOURCES, null]);
  expect(Object.keys(CHOICE_SOURCE_TEXT).sort()).toEqual([...CHOICE_SOURCES].sort());
});
test('conflict kinds: the schema enum is CONFLICT_KINDS, shadowed-go among them', () => {
  expect(defs.conflictKind.enum).toEqual([...CONFLICT_KINDS]);
  expect(CONFLICT_KINDS).toContain(SHADOWED_GO);
});
test('severity: one set of words, in the schema, for sync and doctor alike', () => {
  expect(defs.severity.enum).toEqual([...SEVERITIES]);
  expect(SEVERITIES).not.toContain('error');
});
test('the sync schema names every sync finding kind and takes its severity from the vocabulary', () => {
  const sync = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'schemas', 'sync.schema.json'), 'utf8'));
  expect(sync.$defs.finding.properties.kind.enum).toEqual([...FINDING_KINDS]);
  expect(sync.$defs.finding.properties.severity).toEqual({ $ref: 'vocabulary.schema.json#/$defs/severity' });
});
