#!/usr/bin/env node
// Listing latency of a directory: readdir (open, getdents, close) of <dir>,
// <reps> times after one untimed listing, timed with hrtime in this process.
// Meant for /circuits/.search/<query>/, which QFS computes at each listing.
// Then what `ls -l` adds per entry: lstat of up to 200 of the entries
// (spread over the listing), each a lookup the kernel sends to QFS.
// Prints "p50 p95 p99 n entries lstat-p50 lstat-p95 lstat-n" in milliseconds.
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { quantile, timed } from './stats.mjs';

const [dir, repsArg] = process.argv.slice(2);
const reps = Number(repsArg ?? 10);
if (!dir || !Number.isInteger(reps) || reps <= 0) {
  process.stderr.write('usage: listlat.mjs <dir> [reps]\n');
  process.exit(2);
}
const names = readdirSync(dir);
const samples = Array.from({ length: reps }, () => timed(() => readdirSync(dir)));
const ms = (s, q) => (quantile(s, q) / 1e6).toFixed(2);
const step = Math.max(1, Math.floor(names.length / 200));
const stats = names.filter((_, i) => i % step === 0).slice(0, 200).map((n) => timed(() => lstatSync(join(dir, n))));
process.stdout.write(`${ms(samples, 0.5)} ${ms(samples, 0.95)} ${ms(samples, 0.99)} ${reps} ${names.length} `
  + `${stats.length ? `${ms(stats, 0.5)} ${ms(stats, 0.95)}` : '- -'} ${stats.length}\n`);
