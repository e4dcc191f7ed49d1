// Mount points as the bundle's staging and sync's writes see them: the kernel's mountinfo read back (its escapes undone),
// and real mounts made here (the tests run as root; `.ci/run` does).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isMountPoint, mountPoints } from '../../../src/core/mounts';
import { mounted } from '../../helpers/mount';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-mounts-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

describe('mountPoints', () => {
  test('the 5th field of each line, octal escapes of space, tab, newline and backslash undone', () => {
    const text = [
      '22 1 252:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw',
      '98 22 0:45 / /mnt/my\\040vol rw,relatime shared:50 - tmpfs tmpfs rw',
      '99 22 0:46 / /mnt/a\\011b\\012c\\134d rw - tmpfs tmpfs rw',
      '100 22 252:1 /src/data /srv/bind rw,relatime shared:1 - ext4 /dev/vda1 rw',
      '',
    ].join('\n');
    expect([...mountPoints(text)]).toEqual(['/', '/mnt/my vol', '/mnt/a\tb\nc\\d', '/srv/bind']);
  });

  test('no text, a line too short to have a 5th field: nothing', () => {
    expect([...mountPoints('')]).toEqual([]);
    expect([...mountPoints('1 2 3 4\n\n')]).toEqual([]);
  });

  test('this machine’s own: / and /proc are listed', () => {
    const points = mountPoints(fs.readFileSync('/proc/self/mountinfo', 'utf8'));
    expect([points.has('/'), points.has('/proc')]).toEqual([true, true]);
  });
});

describe('isMountPoint', () => {
  const none = () => '';

  test('a plain dir, a file, a dir that is not there: no', () => {
    fs.writeFileSync(path.join(dir, 'file'), 'x');
    expect([isMountPoint(dir, none), isMountPoint(path.join(dir, 'file'), none), isMountPoint(path.join(dir, 'gone'), none)]).toEqual([false, false, false]);
  });

  test('a tmpfs mounted on a dir: yes, by its device number alone', () => {
    const at = path.join(dir, 'vol');
    fs.mkdirSync(at);
    mounted(['-t', 'tmpfs', 'tmpfs', at], () => {
      expect(isMountPoint(at, none)).toBe(true);
      fs.mkdirSync(path.join(at, 'sub'));
      expect(isMountPoint(path.join(at, 'sub'), none)).toBe(false);
    });
  });

  test('a bind mount of a dir on the same file system: the device number is the same, mountinfo names it', () => {
    const src = path.join(dir, 'src');
    const at = path.join(dir, 'bound');
    fs.mkdirSync(src);
    fs.mkdirSync(at);
    mounted(['--bind', src, at], () => {
      expect(fs.statSync(at).dev).toBe(fs.statSync(dir).dev);
      expect(isMountPoint(at, none)).toBe(false);
      expect(isMountPoint(at)).toBe(true);
      // and the rename that staging beside it would need fails: what this guards against
      fs.writeFileSync(path.join(dir, 'f'), 'x');
      expect(() => fs.renameSync(path.join(dir, 'f'), path.join(at, 'f'))).toThrow(expect.objectContaining({ code: 'EXDEV' }));
    });
  });

  test('a file bind-mounted on its own (docker -v ./environment.yml:/app/environment.yml): yes, by mountinfo', () => {
    const host = path.join(dir, 'host.yml');
    const file = path.join(dir, 'environment.yml');
    fs.writeFileSync(host, 'x');
    fs.writeFileSync(file, 'y');
    expect(isMountPoint(file)).toBe(false);
    mounted(['--bind', host, file], () => {
      expect([isMountPoint(file, none), isMountPoint(file)]).toEqual([false, true]);
      expect(isMountPoint(host)).toBe(false); // the file it shows is no mount point where it lives
    });
  });
});
