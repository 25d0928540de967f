// A tree goes into /circuits with cp -a, tar and rsync -aHAX and must come
// back identical: content, mode, nanosecond mtimes, nlink, hard links, xattrs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { cleanup, mountQfs, tempDir, type Mounted } from '../helpers/mount.js';
import { buildTree, compareTrees, describeTree } from '../helpers/tree.js';

const sh = (cmd: string, args: string[]) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
};

describe('lossless round trip with ordinary tools', () => {
  let m: Mounted;
  let src: string;
  let expected: ReturnType<typeof describeTree>;

  beforeAll(async () => {
    src = join(tempDir('src'), 'tree');
    mkdirSync(src);
    buildTree(src, 100);
    expected = describeTree(src);
    m = await mountQfs();
  });
  afterAll(async () => {
    await m?.stop();
    cleanup(src, m?.mp ?? '', m?.data ?? '');
  });

  const check = (dst: string) => {
    expect(compareTrees(expected, describeTree(dst))).toEqual([]);
    sh('diff', ['-r', '--no-dereference', src, dst]);
  };

  it('cp -a', () => {
    const dst = join(m.circuits, 'by-cp');
    sh('cp', ['-a', src, dst]);
    check(dst);
  });

  it('tar -c | tar -x', () => {
    const dst = join(m.circuits, 'by-tar');
    mkdirSync(dst);
    const r = spawnSync('bash', ['-c', `tar -C "${src}" --xattrs --xattrs-include='*' -cf - . | tar -C "${dst}" --xattrs --xattrs-include='*' -xpf -`], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    check(dst);
  });

  it('rsync -aHAX, and a second run transfers nothing', () => {
    const dst = join(m.circuits, 'by-rsync');
    sh('rsync', ['-aHAX', `${src}/`, `${dst}/`]);
    check(dst);
    const again = sh('rsync', ['-aHAX', '--itemize-changes', `${src}/`, `${dst}/`]);
    expect(again.split('\n').filter((l) => /^[<>ch]f/.test(l))).toEqual([]);
  });

  it('copies come back out identical after a remount', async () => {
    await m.stop();
    m = await mountQfs({ data: m.data, mp: m.mp });
    for (const d of ['by-cp', 'by-tar', 'by-rsync']) check(join(m.circuits, d));
    const out = join(tempDir('out'), 'tree');
    sh('rsync', ['-aHAX', `${join(m.circuits, 'by-rsync')}/`, `${out}/`]);
    check(out);
    // The backup carries the derived user.qfs.* attributes; restoring it is accepted.
    expect(sh('getfattr', ['-d', join(out, 'name with spaces.qasm')])).toMatch(/user\.qfs\.valid="1"/);
    const back = join(m.circuits, 'restored');
    sh('rsync', ['-aHAX', `${out}/`, `${back}/`]);
    check(back);
    cleanup(out);
  });
});
