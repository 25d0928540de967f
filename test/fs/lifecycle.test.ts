// mount --daemon, qfs umount, status and a remount: what a user does daily.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, forceUnmount, isMounted, qfs, tempDir } from '../helpers/mount.js';

describe('daemon lifecycle', () => {
  const base = tempDir('life');
  const mp = join(base, 'mnt');
  const data = join(base, 'data');
  afterAll(() => {
    forceUnmount(mp);
    cleanup(base);
  });

  it('mounts in the background, unmounts with qfs umount, keeps the data', async () => {
    mkdirSync(mp);
    const m = qfs(['mount', mp, '--daemon', '--data', data]);
    expect(m.code, m.stderr).toBe(0);
    expect(m.stdout).toMatch(/mounted .* in the background/);
    expect(isMounted(mp)).toBe(true);
    writeFileSync(join(mp, 'circuits', 'bell.qasm'), 'OPENQASM 2.0;\nqreg q[2];\nh q[0];\ncx q[0],q[1];\n');
    const st = JSON.parse(qfs(['status', '--json', '--data', data]).stdout);
    expect(st.mounted).toBe(true);
    expect(st.mountpoint).toBe(mp);
    const pid = Number(readFileSync(join(data, 'daemon.pid'), 'utf8'));
    const u = qfs(['umount', mp]);
    expect(u.code, u.stderr).toBe(0);
    for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
    expect(isAlive(pid)).toBe(false);
    expect(isMounted(mp)).toBe(false);
    expect(qfs(['umount', mp]).stderr).toMatch(/not mounted/);
    const st2 = JSON.parse(qfs(['status', '--json', '--data', data]).stdout);
    expect(st2.mounted).toBe(false);
    expect(st2.logicalBytes).toBeGreaterThan(40);
    expect(qfs(['fsck', '--data', data]).code).toBe(0);
    expect(qfs(['mount', mp, '--daemon', '--data', data]).code).toBe(0);
    expect(readFileSync(join(mp, 'circuits', 'bell.qasm'), 'utf8')).toMatch(/cx q\[0\],q\[1\]/);
    expect(qfs(['umount', mp]).code).toBe(0);
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
