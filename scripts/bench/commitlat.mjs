#!/usr/bin/env node
// Commit latency of a circuit file: open + write(<bytes>) + close, each op
// timed with hrtime inside this process. On QFS close queues the file as a
// version and returns; the commit (parse, index, fdatasync) follows at once.
//   new      creates a new file each time (n00000.qasm ...)
//   rewrite  opens one of 50 existing files with O_TRUNC and writes new content
// With "fsync", fsync(2) runs before close (the durable reference for a
// filesystem whose close does not commit). With "after=<path>", each op ends
// with a stat(2) of <path>: on QFS, stat of /circuits/.search waits until
// every closed circuit is committed and indexed, so the op then spans the
// whole commit as a search would see it. Content differs at every op (a
// counter in a first comment line), so no store can deduplicate it.
// Prints "p50 p95 p99 n" in milliseconds.
import { chdir } from 'node:process';
import { closeSync, fsyncSync, mkdirSync, openSync, statSync, writeSync, constants as C } from 'node:fs';
import { circuit, seeded } from './qasm-gen.mjs';
import { percentileLine, timed } from './stats.mjs';

const [dir, mode, opsArg, bytesArg, sync] = process.argv.slice(2);
const ops = Number(opsArg);
const bytes = Number(bytesArg ?? 10240);
if (!dir || !['new', 'rewrite'].includes(mode ?? '') || !Number.isInteger(ops) || ops <= 0 ||
    !Number.isInteger(bytes) || bytes <= 0 || !(sync === undefined || sync === 'fsync' || sync.startsWith('after='))) {
  process.stderr.write('usage: commitlat.mjs <dir> new|rewrite <ops> [bytes] [fsync|after=<path>]\n');
  process.exit(2);
}
const after = sync?.startsWith('after=') ? sync.slice('after='.length) : undefined;
mkdirSync(dir, { recursive: true });
chdir(dir);

const rand = seeded(11);
const stamp = (i) => `// op ${mode} ${String(i).padStart(8, '0')}\n`;
const pool = Array.from({ length: 32 }, () => circuit(rand, rand.int(8, 16), bytes - stamp(0).length));
const content = (i) => Buffer.from(stamp(i) + pool[i % pool.length]);

function put(name, data, flags) {
  const fd = openSync(name, flags, 0o644);
  let off = 0;
  while (off < data.length) off += writeSync(fd, data, off);
  if (sync === 'fsync') fsyncSync(fd);
  closeSync(fd);
  if (after) statSync(after);
}

const REWRITTEN = 50;
const fileName = (i) => `${mode === 'new' ? 'n' : 'r'}${String(i).padStart(5, '0')}.qasm`;
if (mode === 'rewrite') for (let i = 0; i < REWRITTEN; i++) put(fileName(i), content(ops + i), C.O_WRONLY | C.O_CREAT | C.O_EXCL);

const samples = [];
for (let i = 0; i < ops; i++) {
  const data = content(i);
  if (mode === 'new') samples.push(timed(() => put(fileName(i), data, C.O_WRONLY | C.O_CREAT | C.O_EXCL)));
  else samples.push(timed(() => put(fileName(rand.int(0, REWRITTEN - 1)), data, C.O_WRONLY | C.O_TRUNC)));
}
process.stdout.write(percentileLine(samples));
