import * as path from 'node:path';
import { goModcache } from '../../src/paths';

test('goModcache: GOMODCACHE, else the first GOPATH entry, else ~/go', () => {
  expect(goModcache({ GOMODCACHE: '/x' }, '/h')).toBe('/x');
  expect(goModcache({ GOPATH: `/a${path.delimiter}/b` }, '/h')).toBe('/a/pkg/mod');
  expect(goModcache({ GOPATH: '' }, '/h')).toBe('/h/go/pkg/mod');
  expect(goModcache({}, '/h')).toBe('/h/go/pkg/mod');
});
