// Mount failures are clear one-line messages, a non-zero exit, and change nothing.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, isMounted, mountQfs, qfs, tempDir, type Mounted } from '../helpers/mount.js';

describe('mount errors', () => {
  const dirs: string[] = [];
  let m: Mounted | undefined;
  afterAll(async () => {
    await m?.stop();
    cleanup(...dirs);
  });
  const fresh = () => {
    const d = tempDir('err');
    dirs.push(d);
    return d;
  };

  it('refuses a missing mount point', () => {
    const d = fresh();
    const r = qfs(['mount', join(d, 'nope'), '--data', join(d, 'data')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/mount point .*nope does not exist/);
  });

  it('refuses a mount point that is not empty', () => {
    const d = fresh();
    mkdirSync(join(d, 'mp'));
    writeFileSync(join(d, 'mp', 'something'), 'x');
    const r = qfs(['mount', join(d, 'mp'), '--data', join(d, 'data')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/is not empty/);
    expect(isMounted(join(d, 'mp'))).toBe(false);
  });

  it('refuses a second mount of a data dir in use, and an already mounted point', async () => {
    m = await mountQfs();
    const d = fresh();
    mkdirSync(join(d, 'mp2'));
    const r = qfs(['mount', join(d, 'mp2'), '--data', m.data]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/in use by qfs process \d+/);
    const again = qfs(['mount', m.mp, '--data', join(d, 'other')]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/already a mount point/);
    await m.stop();
    m = undefined;
  });

  it('reports a corrupt database and leaves it untouched', async () => {
    const d = fresh();
    mkdirSync(join(d, 'mp'));
    expect(qfs(['init', '--data', join(d, 'data')]).code).toBe(0);
    const db = join(d, 'data', 'meta.db');
    const garbage = Buffer.from('this is not an SQLite database, just bytes '.repeat(200));
    writeFileSync(db, garbage);
    const r = qfs(['mount', join(d, 'mp'), '--data', join(d, 'data')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/metadata database .* corrupt/);
    expect(readFileSync(db).equals(garbage)).toBe(true);
    expect(isMounted(join(d, 'mp'))).toBe(false);
    const st = qfs(['status', '--data', join(d, 'data')]);
    expect(st.code).not.toBe(0);
    expect(st.stderr).toMatch(/corrupt/);
  });

  it('refuses init over a directory that holds something else', () => {
    const d = fresh();
    writeFileSync(join(d, 'file'), 'x');
    const r = qfs(['init', '--data', d]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/not empty/);
  });
});
