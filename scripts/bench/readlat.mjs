#!/usr/bin/env node
// Warm `cat` latency: open+read to EOF+close of a file picked at random
// among <dir>/c00000.qasm ... (<count> files), <ops> times, each timed with
// hrtime inside this one process (spawning `cat` alone costs more than the
// target). Every file is read once first, untimed, so the figure is warm.
// Prints "p50 p95 p99 n" in milliseconds.
import { chdir } from 'node:process';
import { closeSync, openSync, readSync } from 'node:fs';
import { percentileLine, timed } from './stats.mjs';
import { seeded } from './qasm-gen.mjs';

const [dir, countArg, opsArg] = process.argv.slice(2);
const count = Number(countArg);
const ops = Number(opsArg ?? 2000);
if (!dir || !Number.isInteger(count) || count <= 0 || !Number.isInteger(ops) || ops <= 0) {
  process.stderr.write('usage: readlat.mjs <dir> <count> [ops]\n');
  process.exit(2);
}
chdir(dir); // relative names: each open resolves one component, as `cat name` in the directory does
const names = Array.from({ length: count }, (_, i) => `c${String(i).padStart(5, '0')}.qasm`);
const buf = Buffer.alloc(1 << 16);
const cat = (name) => {
  const fd = openSync(name, 'r');
  try {
    while (readSync(fd, buf, 0, buf.length, null) > 0);
  } finally {
    closeSync(fd);
  }
};
for (const n of names) cat(n);
const rand = seeded(7);
const samples = [];
for (let i = 0; i < ops; i++) {
  const name = names[rand.int(0, count - 1)];
  samples.push(timed(() => cat(name)));
}
process.stdout.write(percentileLine(samples));
