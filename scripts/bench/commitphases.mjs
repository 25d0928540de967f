#!/usr/bin/env node
// Where the time of a circuit commit goes, without FUSE: runs the daemon's
// own Vfs in-process on a fresh data dir <data dir> and does <ops> times what
// the kernel asks of it for `open(O_CREAT) + write(<bytes>) + close` of a new
// .qasm (create, write, flush, release, then a getxattr that waits for the
// commit), timing the phases of each commit by wrapping the project's objects
// (nothing in the code is changed):
//   seal      hashing, lz4 and appending the block: the commit up to taking
//             the copies of its records (ChunkStore.takeJournal)
//   describe  the index row, inside the commit (sha256 and parse: on this
//             thread for a circuit up to 16 KiB closed while no other commit
//             was under way, else the wait for the parser thread, which
//             started on it at close)
//   sync      fdatasync of the segment files: in the background, about a
//             second after a commit that carried copies of its records
//   sql       the SQLite transaction (blocks, record copy, circuit row, version)
// and, for comparison, parseCircuit alone on the same text. A commit of a
// small circuit takes seal + describe + sql.
// Prints one line per phase: "<phase> p50 p95 p99 n" in milliseconds.
import { constants as C } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { circuit, seeded } from './qasm-gen.mjs';
import { quantile } from './stats.mjs';

const [qfs, dir, opsArg, bytesArg] = process.argv.slice(2);
const ops = Number(opsArg);
const bytes = Number(bytesArg ?? 10240);
if (!qfs || !dir || !Number.isInteger(ops) || ops <= 0 || !Number.isInteger(bytes) || bytes <= 0) {
  process.stderr.write('usage: commitphases.mjs <qfs checkout> <new data dir> <ops> [bytes]\n');
  process.exit(2);
}
const load = (p) => import(pathToFileURL(join(qfs, 'dist', p)).href);
const { initDataDir, openDataDir } = await load('vfs/data-dir.js');
const { Vfs } = await load('vfs/vfs.js');
const { ROOT_INO } = await load('meta/sqlite-meta.js');
const { silentLogger } = await load('obs/logger.js');
const { parseCircuit } = await load('quantum/parse-circuit.js');
const { ParseWorkerClient } = await load('trees/circuits/circuit-parser.js');

initDataDir(dir);
const dd = await openDataDir(dir);
// Circuits parse as in the daemon: small ones inline, the rest on the parser thread.
const parser = new ParseWorkerClient(silentLogger());
const vfs = new Vfs(dd.meta, dd.chunks, silentLogger(), dir, dd.syncWal,
  { commitDelayMs: dd.config.commitDelayMs, keepVersions: dd.config.keepVersions, parser });

const now = () => process.hrtime.bigint();
const t = { op: [], commit: [], describe: [], sync: [], sql: [], parse: [], seal: [] };
const wrap = (obj, name, into, onStart) => {
  const fn = obj[name].bind(obj);
  obj[name] = (...a) => {
    const t0 = now();
    onStart?.(t0);
    const r = fn(...a);
    if (r instanceof Promise) return r.finally(() => into.push(Number(now() - t0)));
    into.push(Number(now() - t0));
    return r;
  };
};
// TypeScript's private members are ordinary properties at run time.
let commitStart = 0n;
wrap(vfs.committer, 'commit', t.commit, (t0) => { commitStart = t0; });
// seal: from the start of a commit to taking its records' copies (or to its fdatasync, for bulk data).
const sealed = (t0) => {
  if (commitStart) t.seal.push(Number(t0 - commitStart));
  commitStart = 0n;
};
wrap(vfs.committer.hooks, 'describe', t.describe);
wrap(dd.chunks, 'takeJournal', [], sealed);
wrap(dd.chunks, 'sync', t.sync, sealed);
wrap(dd.meta, 'commitContent', t.sql);

const SHA256 = Buffer.from('user.qfs.sha256');
const caller = { uid: process.getuid(), gid: process.getgid(), pid: process.pid };
const rand = seeded(5);
const pool = Array.from({ length: 32 }, () => circuit(rand, rand.int(8, 16), bytes - 24));
try {
  const circuits = dd.meta.lookup(ROOT_INO, Buffer.from('circuits'));
  for (let i = 0; i < ops; i++) {
    const text = `// op ${String(i).padStart(16, '0')}\n${pool[i % pool.length]}`;
    const name = Buffer.from(`p${String(i).padStart(5, '0')}.qasm`);
    const t0 = now();
    const { attr, fh } = await vfs.create(caller, circuits, name, 0o644, C.O_WRONLY | C.O_CREAT | C.O_EXCL);
    await vfs.write(attr.ino, 0, Buffer.from(text));
    await vfs.flush(attr.ino); // close(2): queues a circuit file's commit
    vfs.release(fh);
    await vfs.getxattr(attr.ino, SHA256); // waits for that commit
    t.op.push(Number(now() - t0));
    vfs.forget(attr.ino, 1);
    const p0 = now();
    parseCircuit(text, name.toString());
    t.parse.push(Number(now() - p0));
  }
  await vfs.flushAll();
} finally {
  await dd.close();
  await parser.close();
}
const ms = (s, q) => (quantile(s, q) / 1e6).toFixed(3);
for (const [phase, s] of [['op', t.op], ['commit', t.commit], ['seal', t.seal], ['describe', t.describe], ['parse', t.parse], ['sync', t.sync], ['sql', t.sql]]) {
  process.stdout.write(`${phase} ${ms(s, 0.5)} ${ms(s, 0.95)} ${ms(s, 0.99)} ${s.length}\n`);
}
