// Random writes, truncates, reads and fsyncs at random offsets against a
// mirror file on the local disk, in the spirit of fsx: zero mismatches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, mountQfs, tempDir, type Mounted } from '../helpers/mount.js';
import { prng } from '../helpers/prng.js';

const OPS = Number(process.env.QFS_FSX_OPS ?? 20_000);
const MAX_LEN = 3 * 1024 * 1024 + 12345; // spans several 1 MiB blocks, unaligned
const MAX_IO = 256 * 1024;

describe('fsx-style random operations', () => {
  let m: Mounted;
  let local: string;
  beforeAll(async () => {
    m = await mountQfs();
    local = tempDir('fsx');
  });
  afterAll(async () => {
    await m?.stop();
    cleanup(local, m?.mp ?? '', m?.data ?? '');
  });

  it(`${OPS} ops match a local mirror`, () => {
    const seed = Number(process.env.QFS_FSX_SEED ?? Date.now() % 1_000_000);
    const rnd = prng(seed);
    const int = (n: number) => Math.floor(rnd() * n);
    const path = join(m.circuits, 'fsx.bin');
    let fd = openSync(path, 'w+');
    const mirror = openSync(join(local, 'mirror.bin'), 'w+');
    const counts: Record<string, number> = {};
    const recent: string[] = [];
    const note = (s: string) => { recent.push(s); if (recent.length > 8) recent.shift(); };
    const fail = (i: number, what: string) => {
      throw new Error(`fsx mismatch at op ${i} (${what}); replay with QFS_FSX_SEED=${seed} (ops so far: ${JSON.stringify(counts)}; last: ${recent.join(' | ')})`);
    };
    try {
      for (let i = 0; i < OPS; i++) {
        const size = fstatSync(mirror).size;
        const r = rnd();
        const op = r < 0.4 ? 'write' : r < 0.75 ? 'read' : r < 0.85 ? 'truncate' : r < 0.95 ? 'fsync' : 'reopen';
        counts[op] = (counts[op] ?? 0) + 1;
        if (op === 'write') {
          const off = int(MAX_LEN);
          const len = 1 + int(Math.min(MAX_IO, MAX_LEN - off));
          const data = Buffer.alloc(len);
          for (let k = 0; k < len; k++) data[k] = (i * 31 + k * 7 + (k >> 8)) & 0xff; // op-specific pattern
          note(`write ${len}@${off}`);
          if (writeSync(fd, data, 0, len, off) !== len) fail(i, 'short write');
          writeSync(mirror, data, 0, len, off);
        } else if (op === 'read') {
          const off = int(Math.max(1, size + 1000));
          const len = 1 + int(MAX_IO);
          const a = Buffer.alloc(len);
          const b = Buffer.alloc(len);
          const na = readSync(fd, a, 0, len, off);
          const nb = readSync(mirror, b, 0, len, off);
          if (na !== nb || !a.subarray(0, na).equals(b.subarray(0, nb))) fail(i, `read ${len}@${off}: got ${na} bytes, want ${nb}`);
        } else if (op === 'truncate') {
          const to = int(MAX_LEN);
          note(`truncate ${to} (from ${size})`);
          ftruncateSync(fd, to);
          ftruncateSync(mirror, to);
        } else if (op === 'fsync') {
          note('fsync');
          fsyncSync(fd);
        } else {
          note('reopen');
          closeSync(fd);
          fd = openSync(path, 'r+');
        }
        if (fstatSync(fd).size !== fstatSync(mirror).size) fail(i, `size ${fstatSync(fd).size} != ${fstatSync(mirror).size}`);
      }
      // Whole-file comparison at the end.
      const size = fstatSync(mirror).size;
      const a = Buffer.alloc(size);
      const b = Buffer.alloc(size);
      readSync(fd, a, 0, size, 0);
      readSync(mirror, b, 0, size, 0);
      expect(a.equals(b)).toBe(true);
    } finally {
      closeSync(fd);
      closeSync(mirror);
    }
    console.log(`fsx: seed ${seed}, ${OPS} ops ${JSON.stringify(counts)}, 0 mismatches`);
  }, 600_000);
});
