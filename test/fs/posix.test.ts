// POSIX behaviour ordinary tools rely on, checked on a real mount.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { cleanup, mountQfs, type Mounted } from '../helpers/mount.js';

const py = (code: string, ...args: string[]) => {
  const r = spawnSync('python3', ['-c', code, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
};
const asUser = (uid: number, cmd: string[]) =>
  spawnSync('setpriv', [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', ...cmd], { encoding: 'utf8' });

describe('POSIX semantics on the mount', () => {
  let m: Mounted;
  let d: string;
  beforeAll(async () => {
    m = await mountQfs({ extra: ['--allow-other'] });
    d = m.circuits;
    fs.chmodSync(d, 0o1777);
  });
  afterAll(async () => {
    await m?.stop();
    cleanup(m?.mp ?? '', m?.data ?? '');
  });

  it('creates files and dirs owned by the caller, and enforces permissions', () => {
    expect(asUser(1234, ['touch', join(d, 'theirs')]).status).toBe(0);
    expect(asUser(1234, ['mkdir', join(d, 'theirdir')]).status).toBe(0);
    expect(fs.statSync(join(d, 'theirs')).uid).toBe(1234);
    expect(fs.statSync(join(d, 'theirs')).gid).toBe(1234);
    expect(fs.statSync(join(d, 'theirdir')).uid).toBe(1234);
    fs.writeFileSync(join(d, 'rootonly'), 'x', { mode: 0o600 });
    const r = asUser(1234, ['cat', join(d, 'rootonly')]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/Permission denied/);
    // chown is root's; chmod the owner's
    expect(asUser(1234, ['chown', '0', join(d, 'theirs')]).status).not.toBe(0);
    fs.chownSync(join(d, 'theirs'), 4321, 4321);
    expect(fs.statSync(join(d, 'theirs')).uid).toBe(4321);
  });

  it('inherits the group of a set-group-ID directory', () => {
    fs.mkdirSync(join(d, 'sgid'));
    fs.chownSync(join(d, 'sgid'), 0, 777);
    fs.chmodSync(join(d, 'sgid'), 0o2777);
    fs.writeFileSync(join(d, 'sgid', 'f'), '');
    fs.mkdirSync(join(d, 'sgid', 'sub'));
    expect(fs.statSync(join(d, 'sgid', 'f')).gid).toBe(777);
    expect(fs.statSync(join(d, 'sgid', 'sub')).mode & 0o2000).toBe(0o2000);
  });

  it('keeps nanosecond times, UTIME_OMIT and UTIME_NOW', () => {
    const f = join(d, 'times');
    fs.writeFileSync(f, 'x');
    spawnSync('touch', ['-m', '-d', '2001-02-03 04:05:06.123456789', f]);
    const st = fs.statSync(f, { bigint: true });
    expect(st.mtimeNs).toBe(981173106123456789n);
    spawnSync('touch', ['-a', '-d', '2010-01-01 00:00:00.000000001', f]);
    const st2 = fs.statSync(f, { bigint: true });
    expect(st2.mtimeNs).toBe(981173106123456789n); // mtime omitted
    expect(st2.atimeNs).toBe(1262304000000000001n);
    const before = BigInt(Date.now() - 5000) * 1_000_000n;
    spawnSync('touch', [f]);
    expect(fs.statSync(f, { bigint: true }).mtimeNs > before).toBe(true);
  });

  it('O_EXCL, O_APPEND, O_TRUNC', () => {
    const f = join(d, 'flags');
    fs.writeFileSync(f, 'abc');
    expect(() => fs.openSync(f, 'wx')).toThrow(/EEXIST/);
    fs.appendFileSync(f, 'def');
    const fd = fs.openSync(f, 'a');
    fs.writeSync(fd, 'ghi', 0);
    fs.closeSync(fd);
    expect(fs.readFileSync(f, 'utf8')).toBe('abcdefghi');
    fs.writeFileSync(f, 'z');
    expect(fs.readFileSync(f, 'utf8')).toBe('z');
  });

  it('keeps an unlinked file readable until its last close', () => {
    const f = join(d, 'doomed');
    fs.writeFileSync(f, 'still here');
    const fd = fs.openSync(f, 'r+');
    fs.unlinkSync(f);
    expect(fs.existsSync(f)).toBe(false);
    fs.writeSync(fd, '!', 10);
    const buf = Buffer.alloc(11);
    fs.readSync(fd, buf, 0, 11, 0);
    expect(buf.toString()).toBe('still here!');
    fs.closeSync(fd);
  });

  it('renames atomically over files and empty dirs, with NOREPLACE and EXCHANGE', () => {
    fs.writeFileSync(join(d, 'r1'), 'one');
    fs.writeFileSync(join(d, 'r2'), 'two');
    fs.renameSync(join(d, 'r1'), join(d, 'r2'));
    expect(fs.readFileSync(join(d, 'r2'), 'utf8')).toBe('one');
    fs.mkdirSync(join(d, 'da'));
    fs.mkdirSync(join(d, 'db'));
    fs.writeFileSync(join(d, 'db', 'x'), '');
    expect(() => fs.renameSync(join(d, 'da'), join(d, 'db'))).toThrow(/ENOTEMPTY|EEXIST/);
    fs.unlinkSync(join(d, 'db', 'x'));
    fs.renameSync(join(d, 'da'), join(d, 'db'));
    expect(fs.existsSync(join(d, 'da'))).toBe(false);
    fs.writeFileSync(join(d, 'x1'), '1');
    fs.writeFileSync(join(d, 'x2'), '2');
    const renameat2 = `
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
AT = -100
r = libc.renameat2(AT, sys.argv[1].encode(), AT, sys.argv[2].encode(), int(sys.argv[3]))
print(0 if r == 0 else ctypes.get_errno())`;
    expect(py(renameat2, join(d, 'x1'), join(d, 'x2'), '1').out).toBe('17'); // NOREPLACE: EEXIST
    expect(py(renameat2, join(d, 'x1'), join(d, 'x2'), '2').out).toBe('0'); // EXCHANGE
    expect(fs.readFileSync(join(d, 'x1'), 'utf8')).toBe('2');
    expect(fs.readFileSync(join(d, 'x2'), 'utf8')).toBe('1');
  });

  it('groups hard links under one inode with the right nlink', () => {
    const a = join(d, 'ha');
    fs.writeFileSync(a, 'h');
    fs.linkSync(a, join(d, 'hb'));
    fs.mkdirSync(join(d, 'hdir'));
    fs.linkSync(a, join(d, 'hdir', 'hc'));
    const st = fs.statSync(a);
    expect(st.nlink).toBe(3);
    expect(fs.statSync(join(d, 'hdir', 'hc')).ino).toBe(st.ino);
    fs.unlinkSync(join(d, 'hb'));
    expect(fs.statSync(a).nlink).toBe(2);
    expect(fs.statSync(join(d, 'hdir')).nlink).toBe(2);
    fs.mkdirSync(join(d, 'hdir', 'sub'));
    expect(fs.statSync(join(d, 'hdir')).nlink).toBe(3);
  });

  it('makes fifos and device nodes', () => {
    expect(spawnSync('mkfifo', [join(d, 'fifo')]).status).toBe(0);
    expect(fs.statSync(join(d, 'fifo')).isFIFO()).toBe(true);
    expect(spawnSync('mknod', [join(d, 'chr'), 'c', '1', '3']).status).toBe(0);
    const st = fs.statSync(join(d, 'chr'));
    expect(st.isCharacterDevice()).toBe(true);
    expect(st.rdev).toBe(0x103);
  });

  it('takes names as exact bytes up to 255, non-UTF-8 included', () => {
    const odd = Buffer.from([0x66, 0xff, 0xfe, 0x0a, 0x20, 0x80]);
    const long = Buffer.alloc(255, 0x61);
    const dirB = Buffer.from(d);
    for (const n of [odd, long]) fs.writeFileSync(Buffer.concat([dirB, Buffer.from('/'), n]), 'named');
    const names = fs.readdirSync(Buffer.from(d), { encoding: 'buffer' });
    expect(names.some((n) => n.equals(odd))).toBe(true);
    expect(names.some((n) => n.equals(long))).toBe(true);
    expect(() => fs.writeFileSync(join(d, 'b'.repeat(256)), '')).toThrow(/ENAMETOOLONG/);
    for (const op of [fs.statSync, fs.unlinkSync, fs.rmdirSync]) expect(() => op(join(d, 'c'.repeat(256)))).toThrow(/ENAMETOOLONG/);
  });

  it('stores binary xattr values and lists, replaces and removes them', () => {
    const f = join(d, 'xa');
    fs.writeFileSync(f, '');
    const val = '0x00ff00fe7f80';
    expect(spawnSync('setfattr', ['-n', 'user.bin', '-v', val, f]).status).toBe(0);
    const got = spawnSync('getfattr', ['-n', 'user.bin', '-e', 'hex', '--only-values', f]);
    expect(got.stdout.toString('hex')).toBe('00ff00fe7f80');
    expect(spawnSync('setfattr', ['-x', 'user.bin', f]).status).toBe(0);
    expect(spawnSync('getfattr', ['-n', 'user.bin', f]).status).not.toBe(0);
  });

  it('handles sparse files of 4 GiB and more', () => {
    const f = join(d, 'huge');
    const fd = fs.openSync(f, 'w+');
    const off = 5 * 1024 ** 3 + 12345;
    fs.writeSync(fd, Buffer.from('beyond 4 GiB'), 0, 12, off);
    fs.closeSync(fd);
    expect(fs.statSync(f).size).toBe(off + 12);
    const r = fs.openSync(f, 'r');
    const buf = Buffer.alloc(16);
    fs.readSync(r, buf, 0, 16, off - 4);
    expect(buf.toString('latin1')).toBe('\0\0\0\0beyond 4 GiB');
    fs.readSync(r, buf, 0, 16, 4 * 1024 ** 3);
    expect(buf.equals(Buffer.alloc(16))).toBe(true);
    fs.closeSync(r);
    expect(fs.statSync(f).blocks * 512).toBeLessThan(4 << 20);
  });

  it('truncates, fallocates and copies ranges', () => {
    const f = join(d, 'tr');
    fs.writeFileSync(f, 'hello world');
    fs.truncateSync(f, 5);
    expect(fs.readFileSync(f, 'utf8')).toBe('hello');
    fs.truncateSync(f, 8);
    expect(fs.readFileSync(f)).toEqual(Buffer.from('hello\0\0\0'));
    expect(spawnSync('fallocate', ['-l', '1M', f]).status).toBe(0);
    expect(fs.statSync(f).size).toBe(1 << 20);
    expect(spawnSync('fallocate', ['-p', '-o', '1', '-l', '2', f]).status).toBe(0);
    expect(fs.readFileSync(f).subarray(0, 5).toString('latin1')).toBe('h\0\0lo');
    const copy = py(`import os,sys
a=os.open(sys.argv[1],os.O_RDONLY); b=os.open(sys.argv[2],os.O_WRONLY|os.O_CREAT,0o644)
print(os.copy_file_range(a,b,5,0,0))`, f, join(d, 'tr-copy'));
    expect(copy.out).toBe('5');
    expect(fs.readFileSync(join(d, 'tr-copy')).toString('latin1')).toBe('h\0\0lo');
  });

  it('reports statfs and refuses to change the root', () => {
    const r = spawnSync('stat', ['-f', '-c', '%l %b', m.mp], { encoding: 'utf8' });
    const [namemax, blocks] = r.stdout.trim().split(' ').map(Number);
    expect(namemax).toBe(255);
    expect(blocks).toBeGreaterThan(0);
    expect(() => fs.mkdirSync(join(m.mp, 'extra'))).toThrow(/EPERM|EACCES/);
    expect(() => fs.rmdirSync(join(m.mp, 'states'))).toThrow();
    expect(fs.readdirSync(m.mp).sort()).toEqual(['circuits', 'qubits', 'states']);
  });

  it('finds damaged data (fsck --deep while mounted, EIO on read) and keeps serving', async () => {
    const f = join(d, 'victim');
    const data = Buffer.alloc(200_000, 7);
    data.write('unique victim payload');
    fs.writeFileSync(f, data);
    const fd = fs.openSync(f, 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    // Flip bytes in every segment file where the payload sits (stored raw or lz4).
    const segDir = join(m.data, 'segments');
    for (const s of fs.readdirSync(segDir)) {
      const p = join(segDir, s);
      const buf = fs.readFileSync(p);
      const at = buf.indexOf('unique victim payload');
      if (at >= 0) {
        buf[at] ^= 0xff;
        fs.writeFileSync(p, buf);
      }
    }
    spawnSync('sh', ['-c', 'echo 3 > /proc/sys/vm/drop_caches']);
    // The chunk cache of the daemon may still hold it; a remount-free check
    // is the scrub path: fsck --deep through the daemon reports the damage.
    const r = spawnSync(process.execPath, [join(import.meta.dirname, '..', '..', 'bin', 'qfs.js'), 'fsck', '--deep', '--data', m.data], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/checksum/);
    fs.writeFileSync(join(d, 'after-damage'), 'fine');
    expect(fs.readFileSync(join(d, 'after-damage'), 'utf8')).toBe('fine');
    // With a cold cache the damaged chunk is read from disk: EIO, nothing else breaks.
    await m.stop();
    m = await mountQfs({ data: m.data, mp: m.mp, extra: ['--allow-other'] });
    expect(() => fs.readFileSync(join(m.circuits, 'victim'))).toThrow(/EIO/);
    expect(fs.readFileSync(join(m.circuits, 'after-damage'), 'utf8')).toBe('fine');
    expect(m.log()).toMatch(/fails its checksum/);
  });
});

// security.capability: the kernel asks for it before every write(2) and
// removes it then (a written file loses its capabilities). While no file has
// one, the binding answers that question in C; a setxattr of it, or a
// data dir that holds one at mount, sends the question to the store again.
describe('file capabilities', () => {
  // A VFS_CAP_REVISION_2 value: cap_net_raw, permitted and effective.
  const CAP = '0x0100000200200000000000000000000000000000';
  const getCap = (p: string) => {
    const r = spawnSync('getfattr', ['-n', 'security.capability', '-e', 'hex', '--absolute-names', p], { encoding: 'utf8' });
    return { stdout: /security\.capability=(\S+)/.exec(r.stdout)?.[1] ?? '', stderr: r.stderr };
  };
  const setCap = (p: string) => spawnSync('setfattr', ['-n', 'security.capability', '-v', CAP, p], { encoding: 'utf8' });
  const mounts: Mounted[] = [];
  afterAll(async () => {
    for (const m of mounts) await m.stop();
    cleanup(...mounts.map((m) => m.mp), ...mounts.map((m) => m.data));
  });

  it('are kept, read, and removed by a write, before and after a remount', async () => {
    const m = await mountQfs();
    mounts.push(m);
    const a = join(m.circuits, 'tool');
    const b = join(m.circuits, 'other');
    fs.writeFileSync(a, 'x');
    fs.writeFileSync(b, 'y');
    expect(getCap(a).stderr).toMatch(/No such attribute/);
    expect(setCap(a).status).toBe(0);
    expect(getCap(a).stdout).toBe(CAP);
    fs.appendFileSync(a, 'more');
    expect(getCap(a).stderr).toMatch(/No such attribute/);

    // A data dir that holds a capability at mount.
    expect(setCap(b).status).toBe(0);
    await m.stop();
    const again = await mountQfs({ data: m.data, mp: m.mp });
    mounts.push(again);
    expect(getCap(b).stdout).toBe(CAP);
    fs.appendFileSync(b, 'more');
    expect(getCap(b).stderr).toMatch(/No such attribute/);
    expect(fs.readFileSync(b, 'utf8')).toBe('ymore');
  });
});
