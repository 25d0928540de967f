// kill -9 of the daemon in the middle of a stream of writes: after a remount
// fsck is clean, every fsynced file is byte-identical, and gc leaves no
// chunk that nothing refers to.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { cleanup, mountQfs, qfs, type Mounted } from '../helpers/mount.js';

// A writer in its own process: writes files of varying size, fsyncs each,
// then prints "<name> <sha256>" — a promise that the file is durable.
const WRITER = `
const fs = require('fs'), crypto = require('crypto'), path = require('path');
const dir = process.argv[1];
let i = 0;
for (;;) {
  const name = 'f' + (i++) + '.bin';
  const len = 1 + Math.floor(Math.random() * (i % 7 === 0 ? 3 << 20 : 64 << 10));
  const data = crypto.randomBytes(len);
  const fd = fs.openSync(path.join(dir, name), 'w');
  fs.writeSync(fd, data);
  // an unsynced sibling that may or may not survive
  fs.writeFileSync(path.join(dir, 'unsynced-' + name), data.subarray(0, len >> 1));
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  process.stdout.write(name + ' ' + crypto.createHash('sha256').update(data).digest('hex') + '\\n');
}
`;

describe('crash consistency', () => {
  let m: Mounted | undefined;
  afterAll(async () => {
    await m?.stop();
    if (m) cleanup(m.mp, m.data);
  });

  it('survives kill -9 mid-stream', async () => {
    m = await mountQfs();
    const dir = join(m.circuits, 'stream');
    qfs(['status', '--data', m.data]);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir);
    const writer = spawn(process.execPath, ['-e', WRITER, dir], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    writer.stdout!.on('data', (d) => { out += d; });
    await new Promise((r) => setTimeout(r, 2500));
    await m.kill9();
    writer.kill('SIGKILL');
    await new Promise((r) => writer.once('exit', r));
    const synced = out.split('\n').filter((l) => / [0-9a-f]{64}$/.test(l)).map((l) => l.split(' ') as [string, string]);
    expect(synced.length).toBeGreaterThan(5);

    const fsck = qfs(['fsck', '--data', m.data]);
    expect(fsck.stdout + fsck.stderr).toMatch(/clean/);
    expect(fsck.code).toBe(0);

    m = await mountQfs({ data: m.data, mp: m.mp });
    for (const [name, sha] of synced) {
      const got = createHash('sha256').update(readFileSync(join(m.circuits, 'stream', name))).digest('hex');
      expect(got, name).toBe(sha);
    }
    await m.stop();

    const deep = qfs(['fsck', '--deep', '--data', m.data]);
    expect(deep.code, deep.stdout + deep.stderr).toBe(0);
    const gc = qfs(['gc', '--data', m.data]);
    expect(gc.code, gc.stderr).toBe(0);
    // No orphan chunk: every chunk row is referenced, every segment byte is live.
    const db = new Database(join(m.data, 'meta.db'), { readonly: true });
    const orphans = db.prepare(`SELECT COUNT(*) AS n FROM chunks c WHERE NOT EXISTS (SELECT 1 FROM blocks b WHERE b.hash = c.hash) AND NOT EXISTS (SELECT 1 FROM version_blocks v WHERE v.hash = c.hash)`).get() as { n: number };
    db.close();
    expect(orphans.n).toBe(0);
    const after = qfs(['fsck', '--deep', '--data', m.data]);
    expect(after.code, after.stdout).toBe(0);
  }, 120_000);
});
