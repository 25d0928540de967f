#!/usr/bin/env node
// Parse throughput in-process: parses every circuit file of <corpus> with
// the parser QFS runs at commit (dist/quantum/parse-circuit.js of <qfs>),
// over and over until at least <seconds> have passed. Files that do not
// parse (the corpus has deliberately invalid ones) count too: QFS parses
// them at commit all the same. Reading the files is not timed.
// Prints "<MB/s> <files/s> <files> <bytes> <invalid>", then the three files
// that took longest in the last round: "<ms> <bytes> <path in corpus>".
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const [qfs, corpus, secondsArg] = process.argv.slice(2);
const seconds = Number(secondsArg ?? 2);
if (!qfs || !corpus || !(seconds > 0)) {
  process.stderr.write('usage: parserate.mjs <qfs checkout> <corpus dir> [seconds]\n');
  process.exit(2);
}
const { isCircuitFile, parseCircuit, CircuitParseError } = await import(pathToFileURL(join(qfs, 'dist/quantum/parse-circuit.js')).href);

const files = [];
for (const e of readdirSync(corpus, { recursive: true, withFileTypes: true })) {
  if (!e.isFile()) continue;
  const path = join(e.parentPath ?? e.path, e.name);
  const text = readFileSync(path, 'utf8');
  if (isCircuitFile(e.name, text)) files.push({ path: relative(corpus, path), name: e.name, text, bytes: Buffer.byteLength(text), ns: 0 });
}
if (!files.length) {
  process.stderr.write(`parserate: no circuit files in ${corpus}\n`);
  process.exit(1);
}

let invalid = 0;
const parseAll = () => {
  invalid = 0;
  for (const f of files) {
    const t0 = process.hrtime.bigint();
    try {
      parseCircuit(f.text, f.name);
    } catch (e) {
      if (!(e instanceof CircuitParseError)) throw e;
      invalid++;
    }
    f.ns = Number(process.hrtime.bigint() - t0);
  }
};
// Warm-up, untimed: compile the parser's hot paths first (a bounded part of
// a round, as one round of a large corpus takes seconds).
const w0 = Date.now();
for (const f of files) {
  if (Date.now() - w0 > 500) break;
  if (f.bytes < 100_000) try { parseCircuit(f.text, f.name); } catch { /* counted in the timed rounds */ }
}
const bytes = files.reduce((n, f) => n + f.bytes, 0);
let rounds = 0;
const t0 = process.hrtime.bigint();
let secs = 0;
do {
  parseAll();
  rounds++;
  secs = Number(process.hrtime.bigint() - t0) / 1e9;
} while (secs < seconds);
process.stdout.write(`${(bytes * rounds / 1e6 / secs).toFixed(2)} ${(files.length * rounds / secs).toFixed(0)} ${files.length} ${bytes} ${invalid}\n`);
for (const f of [...files].sort((a, b) => b.ns - a.ns).slice(0, 3)) process.stdout.write(`${(f.ns / 1e6).toFixed(1)} ${f.bytes} ${f.path}\n`);
