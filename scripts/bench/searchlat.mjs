#!/usr/bin/env node
// Search latency in-process: opens <data dir> read-only as `qfs search` does
// and runs each query kind <reps> times (after one untimed run) with the
// function the CLI runs, searchCircuits() of <qfs>. Also times what the CLI
// does next, without printing: the path of every hit (and, for the JSON
// kind, its record). Node start-up and module loading are not included.
// Prints one line per kind, tab-separated:
//   kind  query  hits  search p50  search p95  search+paths p50  search+paths p95  runs
// (times in ms).
// after a first line "open <ms>": the time openDataDir() took, as the CLI
// opens the data dir before each search. Writes each query's SQL and
// EXPLAIN QUERY PLAN to <plans file>.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { quantile } from './stats.mjs';

const [qfs, dir, repsArg, plansFile] = process.argv.slice(2);
const reps = Number(repsArg ?? 20);
if (!qfs || !dir || !Number.isInteger(reps) || reps <= 0 || !plansFile) {
  process.stderr.write('usage: searchlat.mjs <qfs checkout> <data dir> <reps> <plans file>\n');
  process.exit(2);
}
const load = (p) => import(pathToFileURL(join(qfs, 'dist', p)).href);
const { openDataDir } = await load('vfs/data-dir.js');
const { parseQuery } = await load('trees/circuits/search-query.js');
const { pathOf, searchCircuits } = await load('meta/circuit-search.js');

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

const o0 = process.hrtime.bigint();
const dd = await openDataDir(dir, { readonly: true });
process.stdout.write(`open\t${(Number(process.hrtime.bigint() - o0) / 1e6).toFixed(1)}\n`);
// Remember the SQL and arguments searchCircuits runs, to explain them below.
const db = dd.meta.db;
const prepare = db.prepare.bind(db);
let last;
db.prepare = (sql) => {
  const st = prepare(sql);
  const all = st.all.bind(st);
  st.all = (...args) => { last = { sql, args }; return all(...args); };
  return st;
};

const ns = () => process.hrtime.bigint();
const plans = [];
try {
  for (const [kind, text] of KINDS) {
    const q = parseQuery(text);
    const cli = (hits) => {
      let out = 0;
      for (const hit of hits) {
        const path = pathOf(dd.meta, hit.ino)?.toString('utf8');
        if (path === undefined) continue;
        out += (kind === 'json' ? JSON.stringify({ path, ...hit }) + '\n' : path + '\n').length;
      }
      return out;
    };
    cli(searchCircuits(dd.meta, q)); // untimed: warms SQLite's page cache and the JIT
    let hits = 0;
    const search = [], total = [];
    const started = Date.now();
    // Slow kinds stop early (after 5 runs and 3 s) so that the section stays short.
    for (let r = 0; r < reps && (r < 5 || Date.now() - started < 3000); r++) {
      const t0 = ns();
      const found = searchCircuits(dd.meta, q);
      const t1 = ns();
      cli(found);
      const t2 = ns();
      search.push(Number(t1 - t0));
      total.push(Number(t2 - t0));
      hits = found.length;
    }
    const ms = (s, p) => (quantile(s, p) / 1e6).toFixed(2);
    process.stdout.write([kind, text, hits, ms(search, 0.5), ms(search, 0.95), ms(total, 0.5), ms(total, 0.95), search.length].join('\t') + '\n');
    const plan = prepare(`EXPLAIN QUERY PLAN ${last.sql}`).all(...last.args);
    plans.push(`${kind} (${text}):\n  ${last.sql.replace(/\s+/g, ' ')}\n${plan.map((p) => `  plan: ${p.detail}`).join('\n')}\n`);
  }
} finally {
  await dd.close();
}
writeFileSync(plansFile, plans.join(''));
