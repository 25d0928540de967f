#!/usr/bin/env node
// Listing latency of a directory: readdir (open, getdents, close) of <dir>,
// <reps> times after one untimed listing, timed with hrtime in this process.
// Meant for /circuits/.search/<query>/, which QFS computes at each listing.
// Prints "p50 p95 p99 n entries" in milliseconds.
import { readdirSync } from 'node:fs';
import { quantile, timed } from './stats.mjs';

const [dir, repsArg] = process.argv.slice(2);
const reps = Number(repsArg ?? 10);
if (!dir || !Number.isInteger(reps) || reps <= 0) {
  process.stderr.write('usage: listlat.mjs <dir> [reps]\n');
  process.exit(2);
}
const entries = readdirSync(dir).length;
const samples = Array.from({ length: reps }, () => timed(() => readdirSync(dir)));
const ms = (q) => (quantile(samples, q) / 1e6).toFixed(2);
process.stdout.write(`${ms(0.5)} ${ms(0.95)} ${ms(0.99)} ${reps} ${entries}\n`);
