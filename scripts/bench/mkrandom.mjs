#!/usr/bin/env node
// Writes <MiB> MiB of random bytes to <file> (the source of the sequential
// write test, generated once so that the timed write does not measure the
// random generator). Random, hence neither compressible nor deduplicable.
import { closeSync, openSync, writeSync } from 'node:fs';
import { randomFillSync } from 'node:crypto';

const [file, mibArg] = process.argv.slice(2);
const mib = Number(mibArg);
if (!file || !Number.isInteger(mib) || mib <= 0) {
  process.stderr.write('usage: mkrandom.mjs <file> <MiB>\n');
  process.exit(2);
}
const block = Buffer.alloc(8 << 20);
const fd = openSync(file, 'w');
for (let left = mib << 20; left > 0;) {
  const n = Math.min(left, block.length);
  randomFillSync(block, 0, n);
  let off = 0;
  while (off < n) off += writeSync(fd, block, off, n - off);
  left -= n;
}
closeSync(fd);
