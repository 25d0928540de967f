#!/usr/bin/env node
// Search latency. Opens <data dir> read-only as `qfs search` does and, in
// this process, runs each query kind <reps> times (after one untimed run):
//   records  searchCircuits(): every match's record (what the search did
//            before it printed anything);
//   match    searchInos(): only which circuits match (what .search lists);
//   cli      what the CLI does before writing: its output text, paths (or
//            JSON records for 'json'), as searchLines() builds it (a build
//            without it: searchNamed, each path from the per-search directory
//            cache, the lines joined, as the CLI did then);
//   first    the same run up to its first output line: when a reader of
//            `qfs search` sees the first result.
// Then runs the CLI itself, `node bin/qfs.js search --data <dir> <query>`,
// <cliReps> times per kind: wall time to the first byte on its stdout and to
// its exit (node start-up and module loading included).
// Prints a first line "open <ms> <load>": the time openDataDir() took and
// the load average (1 and 5 min) when the run began. Then one line per kind,
// tab-separated (times in ms):
//    1 kind  2 query  3 hits  4 records p50  5 records p95  6 cli p50
//    7 cli p95  8 runs  9 first p50  10 first p95  11 match p50
//   12 match p95  13 process first-byte median  14 process wall median
//   15 driving term
// Writes each kind's driving term, SQL and EXPLAIN QUERY PLAN to <plans file>.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { quantile } from './stats.mjs';

const [qfs, dir, repsArg, plansFile, cliRepsArg] = process.argv.slice(2);
const reps = Number(repsArg ?? 20);
const cliReps = Number(cliRepsArg ?? 5);
if (!qfs || !dir || !Number.isInteger(reps) || reps <= 0 || !plansFile || !Number.isInteger(cliReps) || cliReps < 0) {
  process.stderr.write('usage: searchlat.mjs <qfs checkout> <data dir> <reps> <plans file> [cli runs per kind, default 5]\n');
  process.exit(2);
}
const load = (p) => import(pathToFileURL(join(qfs, 'dist', p)).href);
const { openDataDir } = await load('vfs/data-dir.js');
const { parseQuery } = await load('trees/circuits/search-query.js');
const { explainSearch, searchCircuits, searchInos, searchNamed } = await load('meta/circuit-search.js');
// Where the directory paths come from: their own module, or (older builds) the search's.
const { PathCache } = await load('meta/path-cache.js').catch(() => load('meta/circuit-search.js'));
// Builds before search-lines.js had the CLI build its lines from named hits.
const output = await load('meta/search-lines.js').catch(() => undefined);

// Queries a user would type; the data (populate.mjs) makes them select
// anything from a few hundred rows to a fifth of the table.
const KINDS = [
  ['qubits', 'qubits=4..8'],
  ['exact', 'qubits=12'],
  ['depth', 'depth=100..200'],
  ['gate', 'gate=ccx'],
  ['tag', 'tag=vqe'],
  ['author', 'author=user07'],
  ['text', 'text=grover'],
  ['combined', 'qubits=8..16,tag=vqe,gate=cx'],
  ['invalid', 'valid=0'],
  ['json', 'qubits=20..24,depth=..150'],
];

const [load1, load5] = loadavg();
const o0 = process.hrtime.bigint();
const dd = await openDataDir(dir, { readonly: true });
process.stdout.write(`open\t${(Number(process.hrtime.bigint() - o0) / 1e6).toFixed(1)}\tload ${load1.toFixed(2)} ${load5.toFixed(2)}\n`);

const ns = () => process.hrtime.bigint();
const ms = (s, p) => (quantile(s, p) / 1e6).toFixed(2);

/** The CLI's work for one query, as src/cli/search.ts does it, minus the write: bytes, and ns to the first line. */
function cli(q, json, t0) {
  return output ? cliBlocks(q, json, t0) : cliNamed(q, json, t0);
}

function cliBlocks(q, json, t0) {
  let bytes = 0;
  let first;
  for (const block of output.searchLines(dd.meta, q, json ? 'json' : 'paths')) {
    first ??= ns() - t0;
    bytes += block.length;
  }
  return { bytes, first: first ?? ns() - t0 };
}

function cliNamed(q, json, t0) {
  const paths = new PathCache(dd.meta);
  const lines = [];
  let first = 0n;
  for (const hit of searchNamed(dd.meta, q, { names: 'text', records: json })) {
    const path = paths.joinText(hit.parent, hit.name);
    if (path === undefined) continue;
    lines.push(json ? JSON.stringify({ path, ...hit.record }) : path);
    if (lines.length === 1) first = ns() - t0;
  }
  const text = lines.length ? lines.join('\n') + '\n' : '';
  return { bytes: text.length, first: lines.length ? first : ns() - t0 };
}

/** Runs the qfs CLI once: ms to the first byte of its output and to its exit. */
function cliProcess(query, json) {
  return new Promise((resolve, reject) => {
    const t0 = ns();
    let first;
    const p = spawn(process.execPath, [join(qfs, 'bin', 'qfs.js'), 'search', '--data', dir, ...(json ? ['--json'] : []), query],
      { stdio: ['ignore', 'pipe', 'inherit'] });
    p.stdout.on('data', () => { first ??= ns() - t0; });
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve({ first: Number(first ?? ns() - t0), wall: Number(ns() - t0) }) : reject(new Error(`qfs search exited ${code}`))));
  });
}

const rows = [];
const plans = [];
try {
  for (const [kind, text] of KINDS) {
    const q = parseQuery(text);
    const json = kind === 'json';
    searchCircuits(dd.meta, q); // untimed: warms SQLite's page cache and the JIT
    searchInos(dd.meta, q);
    cli(q, json, ns());
    let hits = 0;
    const records = [], match = [], total = [], first = [];
    const started = Date.now();
    // Slow kinds stop early (after 5 runs and 3 s) so that the section stays short.
    for (let r = 0; r < reps && (r < 5 || Date.now() - started < 3000); r++) {
      let t0 = ns();
      hits = searchCircuits(dd.meta, q).length;
      records.push(Number(ns() - t0));
      t0 = ns();
      searchInos(dd.meta, q);
      match.push(Number(ns() - t0));
      t0 = ns();
      const out = cli(q, json, t0);
      total.push(Number(ns() - t0));
      first.push(Number(out.first));
    }
    const plan = output ? output.explainLines(dd.meta, q, json ? 'json' : 'paths') : explainSearch(dd.meta, q, { records: json, names: 'text' });
    rows.push([kind, text, hits, ms(records, 0.5), ms(records, 0.95), ms(total, 0.5), ms(total, 0.95), records.length,
      ms(first, 0.5), ms(first, 0.95), ms(match, 0.5), ms(match, 0.95), plan.driver]);
    plans.push(`${kind} (${text}): driven by ${plan.driver}\n  ${plan.sql.replace(/\s+/g, ' ')}\n${plan.steps.map((s) => `  plan: ${s}`).join('\n')}\n`);
  }
} finally {
  await dd.close();
}
// The processes after the in-process figures: they compete for the same CPUs.
for (const row of rows) {
  const firsts = [], walls = [];
  for (let r = 0; r < cliReps; r++) {
    const t = await cliProcess(row[1], row[0] === 'json');
    firsts.push(t.first);
    walls.push(t.wall);
  }
  const driver = row.pop();
  row.push(cliReps ? ms(firsts, 0.5) : '-', cliReps ? ms(walls, 0.5) : '-', driver);
  process.stdout.write(row.join('\t') + '\n');
}
writeFileSync(plansFile, plans.join(''));
