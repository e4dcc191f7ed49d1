import { describeNewer, judgeStamp, OURS, readable } from '../../../src/core/shim-version';
import { VERSION } from '../../../src/pkg';

test('judge: format first, then the release; an unparsable version counts as the same release', () => {
  const ours = { version: '1.2.0', format: 2 };
  expect(judgeStamp({ version: '1.2.0', format: 2 }, ours)).toBe('current');
  expect(judgeStamp({ version: '1.1.9', format: 2 }, ours)).toBe('older');
  expect(judgeStamp({ version: '0.1.0', format: 1 }, ours)).toBe('older');
  expect(judgeStamp({ version: '1.3.0', format: 2 }, ours)).toBe('newer');
  // A newer format is newer whatever its version says.
  expect(judgeStamp({ version: '1.0.0', format: 3 }, ours)).toBe('newer');
  expect(judgeStamp({ version: 'dev', format: 2 }, ours)).toBe('current');
  expect(readable({ version: '9.0.0', format: 2 }, ours)).toBe(true);
  expect(readable({ version: '9.0.0', format: 3 }, ours)).toBe(false);
});

test('what status and doctor say about newer shims: which version, whether it is read, what to do', () => {
  const ours = { version: '1.2.0', format: 2 };
  expect(describeNewer('/e', { version: '1.3.0', format: 2 }, ours)).toMatch(
    /^\/e has shims of gocondad 1\.3\.0, newer than this gocondad 1\.2\.0: this daemon still reads them\. Upgrade gocondad .*gocondad shims install \/e$/,
  );
  expect(describeNewer("/a b'", { version: '2.0.0', format: 3 }, ours)).toMatch(
    /cannot read what they write \(format 3; it reads up to 2\), so activations there are not seen.*shims install '\/a b'\\''/,
  );
});

test("this gocondad's own stamp by default, and what it says about a newer one, whole", () => {
  expect(judgeStamp(OURS)).toBe('current');
  expect(judgeStamp({ version: '0.0.1', format: OURS.format })).toBe('older');
  expect(judgeStamp({ version: '99.0.0', format: OURS.format })).toBe('newer');
  expect(readable(OURS)).toBe(true);
  expect(readable({ version: '0.0.1', format: OURS.format + 1 })).toBe(false);
  expect(describeNewer('/e', { version: '99.0.0', format: OURS.format })).toBe(
    `/e has shims of gocondad 99.0.0, newer than this gocondad ${VERSION}: this daemon still reads them. Upgrade gocondad (npm install -g <the newer tarball>), or rewrite them with this version: gocondad shims install /e`,
  );
  const ours = { version: '1.2.0', format: 2 };
  expect(describeNewer('/w/@%+=:,./-x', { version: '2.0.0', format: 3 }, ours)).toBe(
    '/w/@%+=:,./-x has shims of gocondad 2.0.0, newer than this gocondad 1.2.0: this daemon cannot read what they write (format 3; it reads up to 2), so activations there are not seen. Upgrade gocondad (npm install -g <the newer tarball>), or rewrite them with this version: gocondad shims install /w/@%+=:,./-x',
  );
  expect(describeNewer('/a b', { version: '2.0.0', format: 2 }, ours)).toMatch(/ install '\/a b'$/);
  expect(describeNewer('x/a$b', { version: '2.0.0', format: 2 }, ours)).toMatch(/ install 'x\/a\$b'$/);
  // A version semver cannot read on either side: the same release.
  expect(judgeStamp({ version: '1.3.0', format: 2 }, { version: 'dev', format: 2 })).toBe('current');
  expect(judgeStamp({ version: '1.1.0', format: 1 }, ours)).toBe('older');
});
