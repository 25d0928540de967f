#!/usr/bin/env node
// Small-file benchmark helper for scripts/bench.sh.
//   smallfiles.mjs create <dir> <count> [size]  open(O_CREAT|O_EXCL)+write+close each file
//   smallfiles.mjs stat   <dir> <count>         stat(2) each file
// Files are spread over sub-directories of 1,000 entries (d000/f00000 ...),
// named relative to <dir> after a chdir into it, so that each call resolves
// two path components whatever the depth of <dir> (libfuse's passthrough
// caches no names: every component costs it a LOOKUP).
// Prints one line: "<count> <seconds>". Plain synchronous calls, one at a
// time: this measures per-operation latency of the filesystem, as `cp` or
// `tar` of many small files sees it.
import { chdir } from 'node:process';
import { closeSync, mkdirSync, openSync, statSync, writeSync, constants as C } from 'node:fs';
import { randomFillSync } from 'node:crypto';
import { join } from 'node:path';

const [mode, dir, countArg, sizeArg] = process.argv.slice(2);
const count = Number(countArg);
const size = Number(sizeArg ?? 4096);
if (!dir || !Number.isInteger(count) || count <= 0 || !['create', 'stat'].includes(mode ?? '')) {
  process.stderr.write('usage: smallfiles.mjs create|stat <dir> <count> [size]\n');
  process.exit(2);
}

const PER_DIR = 1000;
if (mode === 'create') mkdirSync(dir, { recursive: true });
chdir(dir);
const sub = (i) => `d${String(Math.floor(i / PER_DIR)).padStart(3, '0')}`;
const file = (i) => join(sub(i), `f${String(i).padStart(5, '0')}`);

// Distinct content per file (a counter stamped over random bytes), so a
// deduplicating store cannot fold the files into one chunk.
const buf = Buffer.alloc(size);
randomFillSync(buf);

function run() {
  if (mode === 'create') {
    for (let i = 0; i < count; i++) {
      if (i % PER_DIR === 0) mkdirSync(sub(i));
      if (size >= 8) buf.writeBigUInt64LE(BigInt(i), 0);
      const fd = openSync(file(i), C.O_WRONLY | C.O_CREAT | C.O_EXCL, 0o644);
      let off = 0;
      while (off < size) off += writeSync(fd, buf, off, size - off);
      closeSync(fd);
    }
  } else {
    for (let i = 0; i < count; i++) {
      const st = statSync(file(i));
      if (st.size !== size) throw new Error(`${file(i)}: size ${st.size}, expected ${size}`);
    }
  }
}

const t0 = process.hrtime.bigint();
try {
  run();
} catch (e) {
  process.stderr.write(`smallfiles ${mode}: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
process.stdout.write(`${count} ${secs.toFixed(6)}\n`);
