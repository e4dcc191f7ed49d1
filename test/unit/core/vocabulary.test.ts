// The published schemas (docs/schemas/vocabulary.schema.json) say what core/vocabulary.ts says.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CHOICE_SOURCES, CHOICE_SOURCE_TEXT, CONFLICT_KINDS, SHADOWED_GO } from '../../../src/core/vocabulary';

const defs = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'schemas', 'vocabulary.schema.json'), 'utf8')).$defs;

test('chosenBy: the schema enum is CHOICE_SOURCES (and null), each with a label for people', () => {
  expect(defs.chosenBy.enum).toEqual([...CHOICE_SOURCES, null]);
  expect(Object.keys(CHOICE_SOURCE_TEXT).sort()).toEqual([...CHOICE_SOURCES].sort());
});
test('conflict kinds: the schema enum is CONFLICT_KINDS, shadowed-go among them', () => {
  expect(defs.conflictKind.enum).toEqual([...CONFLICT_KINDS]);
  expect(CONFLICT_KINDS).toContain(SHADOWED_GO);
});
