#!/usr/bin/env node
// Writes <count> distinct valid OpenQASM 2 circuits of about <bytes> bytes
// (qelib1 gates on 8..16 qubits) to <dir>/c00000.qasm ...: the files of the
// warm-read latency figure. Seeded: every filesystem gets the same files.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { circuit, seeded } from './qasm-gen.mjs';

const [dir, countArg, bytesArg] = process.argv.slice(2);
const count = Number(countArg);
const bytes = Number(bytesArg ?? 10240);
if (!dir || !Number.isInteger(count) || count <= 0 || !Number.isInteger(bytes) || bytes <= 0) {
  process.stderr.write('usage: mkcircuits.mjs <dir> <count> [bytes]\n');
  process.exit(2);
}
mkdirSync(dir, { recursive: true });
const rand = seeded(42);
for (let i = 0; i < count; i++) {
  const name = `c${String(i).padStart(5, '0')}`;
  const text = Buffer.from(circuit(rand, rand.int(8, 16), bytes, { header: name }));
  const fd = openSync(join(dir, `${name}.qasm`), 'w');
  let off = 0;
  while (off < text.length) off += writeSync(fd, text, off);
  closeSync(fd);
}
