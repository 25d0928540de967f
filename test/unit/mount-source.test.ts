// Which QFS mount (and so which data dir) a path is on, from mountinfo.
import { describe, expect, it } from 'vitest';
import { parseMountinfo, type MountEntry } from '../../src/fuse/mount-checks.js';
import { mountSourceOption, qfsMountOf } from '../../src/fuse/mount-source.js';

// Paths below a directory that does not exist, so realpath leaves them as given.
const NOWHERE = '/nonexistent-qfs-test';

const entry = (mountpoint: string, fstype: string, source: string): MountEntry => ({ mountpoint, minor: 0, fstype, source });

describe('parseMountinfo', () => {
  it('reads the type and source after the optional fields, decoding octal escapes', () => {
    const text = [
      '22 1 0:21 / / rw,relatime shared:1 - ext4 /dev/vda rw',
      `45 22 0:40 / ${NOWHERE}/my\\040mnt rw,nosuid,nodev,relatime shared:7 master:2 - fuse.qfs qfs:/data/a,\\040b\\134c rw,user_id=0`,
      '',
    ].join('\n');
    expect(parseMountinfo(text)).toEqual([
      { mountpoint: '/', minor: 21, fstype: 'ext4', source: '/dev/vda' },
      { mountpoint: `${NOWHERE}/my mnt`, minor: 40, fstype: 'fuse.qfs', source: 'qfs:/data/a, b\\c' },
    ]);
  });
});

describe('mountSourceOption', () => {
  it("escapes what libfuse's option parser would split at", () => {
    expect(mountSourceOption('/data/a,b\\c')).toBe('fsname=qfs:/data/a\\,b\\\\c');
  });
});

describe('qfsMountOf', () => {
  const mounts = [
    entry('/', 'ext4', '/dev/vda'),
    entry(`${NOWHERE}/q`, 'fuse.qfs', 'qfs:/data/one'),
    entry(`${NOWHERE}/q/circuits/tmp`, 'tmpfs', 'tmpfs'),
    entry(`${NOWHERE}/qq`, 'fuse.qfs', 'qfs:/data/two'),
    entry(`${NOWHERE}/other`, 'fuse.sshfs', 'qfs:/not/ours'),
  ];

  it('finds the mount a path is on, its data dir and the path inside QFS', () => {
    expect(qfsMountOf(`${NOWHERE}/q/circuits/a.qasm`, mounts)).toEqual({
      mountpoint: `${NOWHERE}/q`, dataDir: '/data/one', inside: '/circuits/a.qasm',
    });
    expect(qfsMountOf(`${NOWHERE}/q`, mounts)?.inside).toBe('/');
    // A mount point that merely starts with another's name is another mount.
    expect(qfsMountOf(`${NOWHERE}/qq/states/x.npy`, mounts)?.dataDir).toBe('/data/two');
  });

  it('finds none for a path on another filesystem, even one mounted over a directory of QFS', () => {
    expect(qfsMountOf(`${NOWHERE}/q/circuits/tmp/a.qasm`, mounts)).toBeUndefined();
    expect(qfsMountOf(`${NOWHERE}/other/a.qasm`, mounts)).toBeUndefined();
    expect(qfsMountOf('/circuits/a.qasm', mounts)).toBeUndefined();
  });

  it('takes the latest of two mounts on one mount point', () => {
    const stacked = [...mounts, entry(`${NOWHERE}/q`, 'fuse.qfs', 'qfs:/data/three')];
    expect(qfsMountOf(`${NOWHERE}/q/circuits/a.qasm`, stacked)?.dataDir).toBe('/data/three');
  });
});
