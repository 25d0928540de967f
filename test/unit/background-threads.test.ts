// The daemon's helper threads, from the build (a worker thread loads its
// module as JavaScript): the WAL checkpointer and the circuit parser.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, tempDir } from '../helpers/mount.js';
import { SqliteMeta } from '../../dist/meta/sqlite-meta.js';
import { WalCheckpointer, type CheckpointerOptions } from '../../dist/meta/wal-checkpointer.js';
import { ParseWorkerClient } from '../../dist/trees/circuits/circuit-parser.js';
import { describeCircuit } from '../../dist/trees/circuits/circuit-index.js';
import { silentLogger } from '../../dist/obs/logger.js';

const dirs: string[] = [];
afterEach(() => cleanup(...dirs.splice(0)));

describe('WalCheckpointer', () => {
  /** A metadata database with its checkpointer and a scratch table to fill. */
  const scratchDatabase = (opts?: CheckpointerOptions) => {
    const dir = tempDir('wal');
    dirs.push(dir);
    const path = join(dir, 'meta.db');
    const meta = new SqliteMeta(path);
    const ckpt = new WalCheckpointer(meta.db, path, silentLogger(), opts);
    meta.db.exec('CREATE TABLE scratch(x BLOB)');
    const insert = meta.db.prepare('INSERT INTO scratch VALUES (?)');
    // Transactions that read, then write (as a commit does), every millisecond
    // or so, landing while the thread copies.
    const count = meta.db.prepare('SELECT count(*) FROM scratch');
    const commit = meta.db.transaction((i: number) => {
      count.get();
      for (let k = 0; k < 4; k++) insert.run(Buffer.alloc(4096, i + k));
    });
    const commitFor = async (ms: number) => {
      const end = performance.now() + ms;
      for (let i = 0; performance.now() < end; i++) {
        commit(i);
        await new Promise((r) => setTimeout(r, 1));
      }
    };
    return { path, meta, ckpt, insert, commitFor };
  };

  it('copies the WAL into the database in the background, never on a commit', async () => {
    const { path, meta, ckpt, insert } = scratchDatabase();
    expect(meta.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    for (let i = 0; i < 2000; i++) insert.run(Buffer.alloc(4096, i)); // ~8 MiB of WAL, far past 1000 pages
    const before = statSync(path).size;
    expect(before).toBeLessThan(1 << 20); // nothing was copied on those commits
    // A round ends with the writer's own checkpoint, after which the WAL can start over.
    for (let i = 0; i < 100 && ckpt.rounds === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(statSync(path).size).toBeGreaterThan(8 << 20);
    // The WAL starts over once it is copied: more commits do not grow it.
    insert.run(Buffer.alloc(16));
    const wal = statSync(`${path}-wal`).size;
    for (let i = 0; i < 100; i++) insert.run(Buffer.alloc(4096, i));
    expect(statSync(`${path}-wal`).size).toBeLessThanOrEqual(wal);
    await ckpt.stop();
    meta.close();
    expect(existsSync(`${path}-wal`)).toBe(false); // the last connection closed cleanly
  });

  it('waits for a pause in the commits to copy a WAL below the busy size', async () => {
    const { meta, ckpt, commitFor } = scratchDatabase();
    await commitFor(1200); // about 16 MB of WAL, far below BUSY_WAL
    expect(ckpt.rounds).toBe(0);
    for (let i = 0; i < 30 && ckpt.rounds === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(ckpt.rounds).toBeGreaterThan(0);
    await ckpt.stop();
    meta.close();
  });

  it('lets the WAL start over under a steady stream of commits past the busy size', async () => {
    const { path, meta, ckpt, commitFor } = scratchDatabase({ busyWalBytes: 4 << 20 });
    await commitFor(1500); // past the first checkpoint: the WAL's high-water mark
    const first = statSync(`${path}-wal`).size;
    await commitFor(3500); // a WAL that never restarts would more than double
    expect(statSync(`${path}-wal`).size).toBeLessThan(first * 1.5);
    await ckpt.stop();
    meta.close();
  });
});

describe('ParseWorkerClient', () => {
  it('describes circuits on its thread exactly as this thread does', async () => {
    const parser = new ParseWorkerClient(silentLogger());
    try {
      const cases = [
        ['bell.qasm', 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncreg c[2];\nh q[0];\ncx q[0],q[1];\nmeasure q -> c;\n'],
        ['loop.qasm', 'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[4] q;\nfor int i in [0:2] { cx q[i], q[i + 1]; }\n'],
        ['bad.qasm', 'OPENQASM 2.0;\nqreg q[1];\nnope q[0];\n'],
      ];
      // Each circuit as it is, and past the size the daemon would parse inline.
      const padding = `// ${'padding '.repeat(2500)}\n`;
      expect(parser.inline(padding.length)).toBe(false);
      for (const [name, text] of cases) {
        for (const content of [Buffer.from(text!), Buffer.from(text! + padding)]) {
          const here = describeCircuit(7, Buffer.from(name!), content);
          const there = await parser.describe(7, Buffer.from(name!), content);
          expect({ ...there, indexedAt: 0 }).toEqual({ ...here, indexedAt: 0 });
        }
      }
      const bad = Buffer.from('OPENQASM 2.0;\nqreg q[1];\nnope q[0];\n' + padding);
      expect((await parser.describe(1, Buffer.from('bad.qasm'), bad)).error).toMatch(/^3:1: /);
    } finally {
      await parser.close();
    }
  });
});
