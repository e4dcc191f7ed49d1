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

test.each([
  ['#!/bin/sh\n# gocondad-shim-version: 1.2.3 format 12\n', { version: '1.2.3', format: 12 }],
  ['# gocondad-shim-version: 1.2.3-rc.1 \t\n', { version: '1.2.3-rc.1', format: 1 }],
  ['# gocondad-shim-version: 1.2.3 format 2\t \n', { version: '1.2.3', format: 2 }],
  ['x# gocondad-shim-version: 1.2.3 format 2\n', null],
  ['# gocondad-shim-version: 1.2.3 format 2 junk\n', null],
  ['# gocondad-shim-version: 1.2.3 format x\n', null],
  ['# gocondad-shim-version:  1.2.3\n', null],
  ['# gocondad-shim-version: \n', null],
  ['## gocondad-shim-version: 1.2.3\n', null],
])('parseStamp(%j) = %j', (text, stamp) => expect(parseStamp(text)).toEqual(stamp));

test('stampLine of another stamp', () => expect(stampLine({ version: '9.9.9', format: 7 })).toBe('# gocondad-shim-version: 9.9.9 format 7'));
