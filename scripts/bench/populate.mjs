#!/usr/bin/env node
// Fills a QFS data dir with <count> indexed circuits for the search figure,
// in-process, through the project's own write path: the Vfs of <qfs> (the
// daemon's create/write/release, the group Committer, the circuit parser and
// index, versions, the user's xattrs), without FUSE. The database ends up as
// the daemon leaves it; only the commits are grouped (many files per
// transaction) instead of one per close, which changes no row.
//
// Circuits vary so that queries select different fractions: qubits 2..64
// (small ones more common), sizes 0.4..8 KiB (so depths vary), some with
// three-qubit gates, 1% invalid; names by family (qft_n8_00042.qasm ...),
// user.qfs.tags (the family plus extras), user.qfs.author (40 people),
// user.qfs.description on a third of them. Files go to
// /circuits/gen/dNNN/ (1,000 per directory).
// Prints "<count> <seconds>".
import { constants as C } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { circuit, seeded } from './qasm-gen.mjs';

const [qfs, dir, countArg] = process.argv.slice(2);
const count = Number(countArg);
if (!qfs || !dir || !Number.isInteger(count) || count <= 0) {
  process.stderr.write('usage: populate.mjs <qfs checkout> <data dir> <count>\n');
  process.exit(2);
}
const load = (p) => import(pathToFileURL(join(qfs, 'dist', p)).href);
const { acquireLock, initDataDir, isInitialized, openDataDir } = await load('vfs/data-dir.js');
const { Vfs } = await load('vfs/vfs.js');
const { ROOT_INO } = await load('meta/sqlite-meta.js');
const { silentLogger } = await load('obs/logger.js');

const FAMILIES = ['qft', 'grover', 'vqe', 'qaoa', 'adder', 'bv', 'ghz', 'ising', 'hhl', 'random'];
const EXTRAS = ['demo', 'bench', 'hw', 'sim', 'paper', 'draft', 'verified'];
const AUTHORS = Array.from({ length: 40 }, (_, i) => `user${String(i).padStart(2, '0')}`);

if (!isInitialized(dir)) initDataDir(dir);
const unlock = acquireLock(dir); // no daemon may share it meanwhile
const dd = await openDataDir(dir);
const vfs = new Vfs(dd.meta, dd.chunks, silentLogger(), dir, dd.syncWal,
  { commitDelayMs: dd.config.commitDelayMs, keepVersions: dd.config.keepVersions });
const caller = { uid: process.getuid(), gid: process.getgid(), pid: process.pid };
const b = (s) => Buffer.from(s);
const rand = seeded(2024);

const t0 = process.hrtime.bigint();
try {
  const circuits = dd.meta.lookup(ROOT_INO, b('circuits'));
  const gen = vfs.mkdir(caller, circuits, b('gen'), 0o755).ino;
  let sub = 0;
  for (let i = 0; i < count; i++) {
    if (i % 1000 === 0) {
      sub = vfs.mkdir(caller, gen, b(`d${String(i / 1000).padStart(3, '0')}`), 0o755).ino;
      await vfs.committer.flushAll(); // bound the overlays held in memory
    }
    const family = rand.pick(FAMILIES);
    const qubits = 2 + Math.floor(62 * rand() ** 2);
    const name = `${family}_n${qubits}_${String(i).padStart(6, '0')}.qasm`;
    let text = circuit(rand, qubits, Math.round(400 * 20 ** rand()), {
      header: name, twoQubit: 0.1 + 0.4 * rand(), threeQubit: rand() < 0.3 ? 0.03 : 0,
    });
    if (rand() < 0.01) text = text.replace('barrier q;', 'barrier q[;'); // a syntax error, flagged valid=0

    const { attr, fh } = await vfs.create(caller, sub, b(name), 0o644, C.O_WRONLY | C.O_CREAT | C.O_EXCL);
    await vfs.write(attr.ino, 0, b(text));
    vfs.release(fh); // queues the commit, as close does
    const tags = [family, ...EXTRAS.filter(() => rand() < 0.15)];
    await vfs.setxattr(attr.ino, b('user.qfs.tags'), b(tags.join(',')), 0);
    await vfs.setxattr(attr.ino, b('user.qfs.author'), b(rand.pick(AUTHORS)), 0);
    if (rand() < 0.33) {
      const desc = `${family} circuit on ${qubits} qubits, ${rand.pick(['ansatz', 'benchmark', 'transpiled', 'textbook', 'noisy run'])}`;
      await vfs.setxattr(attr.ino, b('user.qfs.description'), b(desc), 0);
    }
    vfs.forget(attr.ino, 1); // the kernel's reference from create
  }
  await vfs.flushAll();
} finally {
  await dd.close();
  unlock();
}
process.stdout.write(`${count} ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(3)}\n`);
