import * as fs from 'node:fs';
import * as path from 'node:path';
import { OURS, parseStamp, SHIM_FORMAT, stampLine } from '../../../src/core/shim-stamp';
import { VERSION } from '../../../src/pkg';

test('the stamp every shim carries; 0.1.0 shims (no format) are format 1', () => {
  expect(stampLine()).toBe(`# gocondad-shim-version: ${VERSION} format ${SHIM_FORMAT}`);
  expect(parseStamp(`#!/bin/sh\n${stampLine()}\nx=1\n`)).toEqual(OURS);
  const old = fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'shims-0.1.0-30e2f26', 'activate.d', 'zzz-gocondad.sh'), 'utf8');
  expect(parseStamp(old)).toEqual({ version: '0.1.0', format: 1 });
  expect(parseStamp('# gocondad-shim-version: 2.0.0 format 3\n')).toEqual({ version: '2.0.0', format: 3 });
  expect(parseStamp('no stamp here')).toBeNull();
});
