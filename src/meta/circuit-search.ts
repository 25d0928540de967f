// Circuit search over the access paths of schemas v5 to v7. Every term of a query
// that has an index can drive the search; the one matching the fewest rows
// (counted, capped at the best so far) does, and the other terms are checked
// per candidate in circuits_summary and the gate, tag and xattr tables, so
// the wide rows holding the metrics JSON are never read. Results come in
// ascending inode order, as they always did.
import type { Database } from 'better-sqlite3';
import type { SqliteMeta } from './sqlite-meta.js';
import type { Range, SearchQuery } from '../trees/circuits/search-query.js';
import { fsError } from '../vfs/errors.js';
import { prepared } from './statement-cache.js';

export interface SearchHit {
  ino: number;
  valid: boolean;
  format: string | null;
  qubits: number | null;
  depth: number | null;
  twoQubit: number | null;
  gates: number | null;
  sha256: string;
}

/** How a query runs: the term that drives it, the statement, and SQLite's plan of it. */
export interface SearchPlan {
  driver: string;
  sql: string;
  args: unknown[];
}

// xattr names as the partial indexes of schema v5 spell them (queries must
// repeat the literal for SQLite to use those indexes).
const AUTHOR = `X'757365722e7166732e617574686f72'`;
const DESCRIPTION = `X'757365722e7166732e6465736372697074696f6e'`;

/** The range terms: query field, indexed column of circuits, its index, and the term's name in the language. */
const RANGES = [
  ['qubits', 'qubits', 'circuits_by_qubits', 'qubits'],
  ['depth', 'depth', 'circuits_by_depth', 'depth'],
  ['twoQubit', 'two_qubit', 'circuits_by_two_qubit', 'cx'],
  ['gates', 'gates', 'circuits_by_gates', 'gates'],
] as const;

/*
 * Costs, in units of one lookup by inode in circuits_summary (~0.4 us),
 * measured in SQLite on 100,000 circuits: reading one entry of an index in
 * order, one row of circuits_summary in a full scan (its column checks
 * included), one name or description in a text scan; sorting a candidate
 * (SQLite's sorter cost about a lookup; reading candidates as one array and
 * sorting them in JavaScript costs about half as much, but the figure is
 * kept: the plans it gave were measured); checking a term per candidate.
 */
const COST = { entry: 0.08, scanRow: 0.2, textScanRow: 0.35, sort: 0.9, column: 0, lookup: 1, text: 2.5 } as const;
/** The share of the table a text scan is taken to find (it cannot be counted). */
const TEXT_SHARE = 0.05;

interface Sql { sql: string; args: unknown[] }

interface Term {
  label: string;
  /**
   * The inodes matching the term (column ino), when an index or a scan can
   * find them; `ordered` when SQLite reads them in inode order (else they
   * are sorted first), `circuitsOnly` when they are all circuits, `rows`
   * when their number is known without counting.
   */
  source?: Sql & { ordered: boolean; circuitsOnly: boolean; scan?: boolean; rows?: number };
  /** The term as a condition on candidate s; `columns` when it reads circuits_summary's columns. */
  filter: Sql & { cost: number; columns: boolean };
}

const rangeTerm = (key: string, col: string, index: string, r: Range): Term => {
  const conds: string[] = [];
  const args: number[] = [];
  const exact = r.min !== undefined && r.min === r.max;
  if (exact) {
    conds.push(`${col} = ?`);
    args.push(r.min!);
  } else {
    if (r.min !== undefined) { conds.push(`${col} >= ?`); args.push(r.min); }
    if (r.max !== undefined) { conds.push(`${col} <= ?`); args.push(r.max); }
  }
  return {
    label: `${key}=${r.min ?? ''}..${r.max ?? ''}`,
    // An equality walks (value, ino): already in inode order.
    source: { sql: `SELECT ino FROM circuits INDEXED BY ${index} WHERE ${conds.join(' AND ')}`, args, ordered: exact, circuitsOnly: true },
    filter: { sql: conds.map((c) => `s.${c}`).join(' AND '), args, cost: COST.column, columns: true },
  };
};

/** A column of circuits_summary equal to a value, found through the column's own index. */
const columnTerm = (label: string, col: string, index: string, value: unknown): Term => ({
  label,
  source: { sql: `SELECT ino FROM circuits INDEXED BY ${index} WHERE ${col} = ?`, args: [value], ordered: true, circuitsOnly: true },
  filter: { sql: `s.${col} = ?`, args: [value], cost: COST.column, columns: true },
});

/**
 * A gate used by the circuit (schema v7): found through the word index of
 * gate names (each in hex, which case folding leaves exact; FTS5 returns
 * rowids in order), checked in the names circuits_summary carries.
 */
const gateTerm = (gate: string): Term => ({
  label: `gate=${gate}`,
  source: {
    sql: `SELECT rowid AS ino FROM circuit_gate_words WHERE circuit_gate_words MATCH ?`,
    args: [`"${Buffer.from(gate).toString('hex')}"`], ordered: true, circuitsOnly: true,
  },
  filter: { sql: `instr(s.gate_names, ?) > 0`, args: [` ${gate} `], cost: COST.column, columns: true },
});

/**
 * A row of a (key, ino) table, circuit_tags. Checked through the primary key
 * (key, ino), not the (ino, key) index: candidates come in inode order, so
 * successive checks of one key land on the same few pages (a third faster
 * on 100,000 circuits).
 */
const keyTerm = (label: string, table: string, col: string, value: string): Term => ({
  label,
  source: { sql: `SELECT ino FROM ${table} WHERE ${col} = ?`, args: [value], ordered: true, circuitsOnly: false },
  filter: {
    sql: `EXISTS (SELECT 1 FROM ${table} t INDEXED BY sqlite_autoindex_${table}_1 WHERE t.${col} = ? AND t.ino = s.ino)`,
    args: [value], cost: COST.lookup, columns: false,
  },
});

/**
 * Whether the trigram index answers a text term exactly: it needs three
 * characters to look up, and a newline would match across two names.
 */
const indexedText = (text: string): boolean => [...text].length >= 3 && !/[\n\0]/.test(text);

/** `%text%` for LIKE, with its wildcards taken literally. */
const containing = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function termsOf(q: SearchQuery): Term[] {
  const terms: Term[] = [];
  for (const [field, col, index, key] of RANGES) {
    const r = q[field];
    if (r) terms.push(rangeTerm(key, col, index, r));
  }
  if (q.since !== undefined) terms.push(rangeTerm('since', 'indexed_s', 'circuits_by_indexed', { min: q.since }));
  for (const g of q.gate ?? []) terms.push(gateTerm(g));
  // circuit_tags compares without ASCII case, as the LIKE over the xattr did.
  for (const t of q.tag ?? []) terms.push(keyTerm(`tag=${t}`, 'circuit_tags', 'tag', t));
  if (q.author !== undefined) {
    const v = Buffer.from(q.author);
    terms.push({
      label: `author=${q.author}`,
      source: { sql: `SELECT ino FROM xattrs INDEXED BY xattrs_author WHERE name = ${AUTHOR} AND value = ?`, args: [v], ordered: true, circuitsOnly: false },
      filter: { sql: `EXISTS (SELECT 1 FROM xattrs x WHERE x.ino = s.ino AND x.name = ${AUTHOR} AND x.value = ?)`, args: [v], cost: COST.lookup, columns: false },
    });
  }
  if (q.text !== undefined) {
    // LIKE folds ASCII case only, as lower() does: the same matches as
    // instr(lower(..), lower(..)) > 0. (LIKE sees no text in a BLOB: cast it.)
    const p = containing(q.text);
    terms.push({
      label: `text=${q.text}`,
      source: indexedText(q.text) ? {
        // circuit_text (schema v6) holds each circuit's names and description, lower-cased, one per line.
        sql: `SELECT rowid AS ino FROM circuit_text WHERE circuit_text MATCH '"' || replace(lower(?), '"', '""') || '"'`,
        args: [q.text], ordered: true, circuitsOnly: true,
      } : {
        // Both sides are read in inode order and merged: the union comes out in inode order.
        sql: `SELECT ino FROM dentries INDEXED BY dentries_by_ino WHERE CAST(name AS TEXT) LIKE ? ESCAPE '\\'
              UNION SELECT ino FROM xattrs INDEXED BY xattrs_description WHERE name = ${DESCRIPTION} AND CAST(value AS TEXT) LIKE ? ESCAPE '\\'
              ORDER BY 1`,
        args: [p, p], ordered: true, circuitsOnly: false, scan: true,
      },
      filter: {
        sql: `(EXISTS (SELECT 1 FROM dentries n WHERE n.ino = s.ino AND CAST(n.name AS TEXT) LIKE ? ESCAPE '\\')
               OR EXISTS (SELECT 1 FROM xattrs x WHERE x.ino = s.ino AND x.name = ${DESCRIPTION} AND CAST(x.value AS TEXT) LIKE ? ESCAPE '\\'))`,
        args: [p, p], cost: COST.text, columns: false,
      },
    });
  }
  if (q.format !== undefined) terms.push(columnTerm(`format=${q.format}`, 'format', 'circuits_by_format', q.format));
  if (q.valid !== undefined) terms.push(columnTerm(`valid=${q.valid ? 1 : 0}`, 'valid', 'circuits_by_valid', q.valid ? 1 : 0));
  if (q.inos !== undefined) {
    const list = JSON.stringify([...new Set(q.inos)].sort((a, b) => a - b));
    terms.push({
      label: `inos=${list}`,
      source: { sql: `SELECT value AS ino FROM json_each(?)`, args: [list], ordered: false, circuitsOnly: false, rows: q.inos.length },
      filter: { sql: `s.ino IN (SELECT value FROM json_each(?))`, args: [list], cost: COST.column, columns: false },
    });
  }
  return terms;
}

const ready = new WeakSet<Database>();

function requireSearchTables(db: Database): void {
  if (ready.has(db)) return;
  if (!db.prepare(`SELECT 1 FROM sqlite_schema WHERE name = 'circuit_gate_words'`).get()) {
    const v = db.pragma('user_version', { simple: true }) as number;
    throw fsError('EINVAL', `this data dir's metadata (schema v${v}) predates the search index; mount it once (or run 'qfs gc') to upgrade it`);
  }
  ready.add(db);
}

// ---- planning ------------------------------------------------------------

/** Rows of `source`, counted up to `cap` (enough to tell whether it beats the best so far). */
function countUpTo(db: Database, source: Sql, cap: number): number {
  return prepared(db, `SELECT count(*) FROM (${source.sql} LIMIT ?)`).pluck().get(...source.args, cap) as number;
}

/** What a search returns per hit: its record (SearchHit) and/or one name. */
export interface Shape { records: boolean; names?: 'text' | 'bytes' }

interface Chosen { driver?: Term; filters: Term[]; summary: boolean }

/**
 * Whether candidates from `driver` need circuits_summary: for a record, a
 * column, or to tell circuits from other files.
 */
const needsSummary = (driver: Term | undefined, filters: Term[], shape: Shape): boolean =>
  !driver?.source || shape.records || !driver.source.circuitsOnly || filters.some((t) => t.filter.columns);

/** The cap of the first round of counts when several sources are counted; each round after it allows four times more. */
const FIRST_CAP = 1024;

/** The cheapest way in: a scan of circuits_summary in inode order, or the term whose source costs least. */
function choose(db: Database, terms: Term[], shape: Shape): Chosen {
  const total = prepared(db, `SELECT count(*) FROM circuits`).pluck().get() as number;
  const checks = (except?: Term) => terms.reduce((sum, t) => (t === except ? sum : sum + t.filter.cost), 0);
  let driver: Term | undefined;
  let best = total * (COST.scanRow + checks());
  const consider = (t: Term, cost: number) => {
    if (cost < best) {
      best = cost;
      driver = t;
    }
  };
  const counted: { term: Term; source: Sql; per: number; atLeast: number }[] = [];
  // Ordered sources first: of two that cost the same, the one needing no sort wins.
  for (const t of [...terms].sort((a, c) => Number(!a.source?.ordered) - Number(!c.source?.ordered))) {
    const s = t.source;
    if (!s) continue;
    const others = terms.filter((x) => x !== t);
    // Per candidate: its lookup in circuits_summary, if needed, and the checks of the other terms.
    const each = (needsSummary(t, others, shape) ? COST.lookup : 0) + checks(t);
    const per = each + COST.entry + (s.ordered ? 0 : COST.sort);
    if (s.scan) consider(t, total * COST.textScanRow + total * TEXT_SHARE * each);
    else if (s.rows !== undefined) consider(t, s.rows * per);
    else counted.push({ term: t, source: s, per, atLeast: 0 });
  }
  // Counts stop where a source could no longer beat the best so far. Several
  // are counted in rounds of a growing cap, so that none is read much
  // further than the smallest one holds (which then caps the rest). The
  // cheapest per candidate are counted first in each round: the likeliest
  // to set that cap before the others are read far.
  counted.sort((a, c) => a.per - c.per);
  for (let cap = counted.length > 1 ? FIRST_CAP : Infinity; counted.length; cap *= 4) {
    for (const c of [...counted]) {
      const limit = Math.min(cap, Math.ceil(best / c.per) + 1);
      // Counted up to the limit in an earlier round: it cannot win, and need not be counted again.
      const n = c.atLeast >= limit ? limit : countUpTo(db, c.source, limit);
      c.atLeast = n;
      if (n < limit) consider(c.term, n * c.per);
      if (n < limit || limit < cap) counted.splice(counted.indexOf(c), 1);
    }
  }
  const filters = terms.filter((t) => t !== driver);
  return { driver, filters, summary: needsSummary(driver, filters, shape) };
}

/** The record columns of circuits_summary (s), in SearchHit's order. */
export const RECORD = `s.ino, s.valid, s.format, s.qubits, s.depth, s.two_qubit, s.gates, s.sha256`;

/**
 * A search's rows before their columns are chosen: FROM and WHERE, their
 * arguments in order, and the column giving each candidate's inode (s.ino
 * names the candidate in every case, for the columns). Rows come out in
 * inode order when ordered by `order` ('' when they come so as they are
 * read: from sorted candidates, which SQLite cannot know are sorted).
 */
export interface Access {
  driver: string;
  from: string;
  where: string[];
  /** Arguments of `from`, then of `where`; with `candidates`, the first is their JSON array. */
  args: unknown[];
  ino: string;
  order: string;
  /**
   * The driver's candidates when they do not come in inode order: read as
   * they come and sorted here, which costs what SQLite's sorter did, but a
   * slice of them can then be searched alone (a page of output) and, when
   * `bare`, they are the matches themselves.
   */
  candidates?: Float64Array;
  /** Whether every candidate matches: no filter to check, no lookup. */
  bare: boolean;
}

/** A JSON array of inodes, as a driver over candidates reads them. */
export const inoList = (inos: Float64Array): string => `[${inos.join(',')}]`;

function access(db: Database, c: Chosen): Access {
  const args: unknown[] = [];
  const d = c.driver?.source;
  let from = `circuits s INDEXED BY circuits_summary`;
  let ino = 's.ino';
  let candidates: Float64Array | undefined;
  if (d) {
    let source = d.sql;
    if (d.ordered) args.push(...d.args);
    else {
      // As one JSON array: a value per row costs more to hand over.
      const list = prepared(db, `SELECT json_group_array(ino) FROM (${d.sql})`).pluck().get(...d.args) as string;
      candidates = Float64Array.from(JSON.parse(list) as number[]).sort();
      source = `SELECT value AS ino FROM json_each(?)`;
      args.push(inoList(candidates));
    }
    from = c.summary ? `(${source}) k CROSS JOIN ${from} ON s.ino = k.ino` : `(${source}) s`;
    if (c.summary) ino = 'k.ino';
  }
  for (const t of c.filters) args.push(...t.filter.args);
  return {
    // CROSS JOIN keeps the candidates outside, in the order json_each reads them.
    driver: c.driver?.label ?? 'all circuits', from, where: c.filters.map((t) => t.filter.sql), args, ino, order: candidates ? '' : ino, candidates,
    bare: !c.summary && !c.filters.length,
  };
}

/** The WHERE clause of an access, if it has one. */
export const whereOf = (a: Access): string => (a.where.length ? ` WHERE ${a.where.join(' AND ')}` : '');

function compile(a: Access, shape: Shape): SearchPlan {
  let from = a.from;
  let cols = shape.records ? RECORD : 's.ino';
  // CROSS JOIN keeps this order: the driver outside, each candidate's names inside.
  if (shape.names) {
    from += ` CROSS JOIN dentries d INDEXED BY dentries_by_ino ON d.ino = s.ino`;
    cols += shape.names === 'text' ? ', d.parent, CAST(d.name AS TEXT)' : ', d.parent, d.name';
  }
  // A hard-linked file's names follow in dentries_by_ino order (parent, name), the first being nameOf's.
  return {
    driver: a.driver,
    sql: `SELECT ${cols} FROM ${from}${whereOf(a)}${a.order && ` ORDER BY ${a.order}`}`,
    args: a.args,
  };
}

/** How a search of `q` reaches its rows, for a caller choosing its own columns; `records` when they include RECORD. */
export function searchAccess(meta: SqliteMeta, q: SearchQuery, shape: Shape): Access {
  requireSearchTables(meta.db);
  return access(meta.db, choose(meta.db, termsOf(q), shape));
}

function plan(meta: SqliteMeta, q: SearchQuery, shape: Shape): SearchPlan {
  return compile(searchAccess(meta, q, shape), shape);
}

/** The statement a search runs and SQLite's plan of it, for the benchmark and tests. */
export function explainSearch(meta: SqliteMeta, q: SearchQuery, shape: Shape = { records: false, names: 'text' }): SearchPlan & { steps: string[] } {
  return explained(meta, plan(meta, q, shape));
}

/** A plan with SQLite's steps for it. */
export function explained(meta: SqliteMeta, p: SearchPlan): SearchPlan & { steps: string[] } {
  const steps = (meta.db.prepare(`EXPLAIN QUERY PLAN ${p.sql}`).all(...p.args) as { detail: string }[]).map((r) => r.detail);
  return { ...p, steps };
}

type Row = [number, number, string | null, number | null, number | null, number | null, number | null, string];

const hitOf = (r: Row): SearchHit => ({
  ino: r[0], valid: r[1] === 1, format: r[2], qubits: r[3], depth: r[4], twoQubit: r[5], gates: r[6], sha256: r[7],
});

/**
 * `expr` of every match, as one JSON array: SQLite hands over one value much
 * faster than one or more per match. No ORDER BY (an aggregate need not keep
 * a subquery's): the rows come in inode order as they are read (the
 * statement explainSearch shows orders them, and SQLite needs no sort for it).
 */
function allOf<T>(meta: SqliteMeta, a: Access, expr: string): T[] {
  const sql = `SELECT json_group_array(${expr}) FROM ${a.from}${whereOf(a)}`;
  return JSON.parse(prepared(meta.db, sql).pluck().get(...a.args) as string) as T[];
}

/** `xs` in ascending order of `key`: as they come (checked), or sorted should they not. */
const ascending = <T>(xs: T[], key: (x: T) => number): T[] =>
  xs.every((x, i) => i === 0 || key(xs[i - 1]!) < key(x)) ? xs : xs.sort((x, y) => key(x) - key(y));

/** The inode numbers of every match, ascending. */
export function searchInos(meta: SqliteMeta, q: SearchQuery): number[] {
  const a = searchAccess(meta, q, { records: false });
  if (a.candidates && a.bare) return Array.from(a.candidates);
  return ascending(allOf<number>(meta, a, 's.ino'), (x) => x);
}

/** Every match's record, in ascending inode order. */
export function searchCircuits(meta: SqliteMeta, q: SearchQuery): SearchHit[] {
  const a = searchAccess(meta, q, { records: true });
  return ascending(allOf<Row>(meta, a, `json_array(${RECORD})`).map(hitOf), (h) => h.ino);
}

/** A match and one of its names: the one nameOf() gives (the first by parent, then name). */
export interface NamedHit<N extends string | Buffer> {
  ino: number;
  parent: number;
  name: N;
  /** With `records`. */
  record?: SearchHit;
}

/**
 * Every match with a name, streamed in ascending inode order: when the
 * driving index yields inodes in order, the first rows come before the
 * last are found. Inodes without a name (open but unlinked) are left out.
 * Names as 'text' are UTF-8 decoded, as the CLI prints them.
 */
export function searchNamed(meta: SqliteMeta, q: SearchQuery, opts: { names: 'text'; records?: boolean }): Generator<NamedHit<string>>;
export function searchNamed(meta: SqliteMeta, q: SearchQuery, opts: { names: 'bytes'; records?: boolean }): Generator<NamedHit<Buffer>>;
export function* searchNamed(meta: SqliteMeta, q: SearchQuery, opts: { names: 'text' | 'bytes'; records?: boolean }): Generator<NamedHit<string | Buffer>> {
  const records = opts.records ?? false;
  const p = plan(meta, q, { records, names: opts.names });
  const at = records ? 8 : 1;
  let last = -1;
  for (const r of prepared(meta.db, p.sql).raw(true).iterate(...p.args) as IterableIterator<unknown[]>) {
    const ino = r[0] as number;
    if (ino === last) continue; // another name of a hard-linked file
    last = ino;
    yield { ino, parent: r[at] as number, name: r[at + 1] as string | Buffer, record: records ? hitOf(r as Row) : undefined };
  }
}
