// The lines `qfs search` prints: each match's path, or its JSON record with
// the path first, in ascending inode order. SQLite builds them, a page of
// matches at a time into one string: handing each match's values to
// JavaScript one by one cost more than finding the matches. JavaScript only
// puts each directory's path (looked up once per directory) before the names.
import type { SqliteMeta } from './sqlite-meta.js';
import type { SearchQuery } from '../trees/circuits/search-query.js';
import { explained, inoList, searchAccess, whereOf, type Access, type SearchPlan } from './circuit-search.js';
import { PathCache } from './path-cache.js';
import { prepared } from './statement-cache.js';

export type LineFormat = 'paths' | 'json';

/** Matches in the first page (the first lines come out early), and in each page after it. */
const PAGES = [64, 16384] as const;

export interface LineOptions {
  /** Directory paths, from the root unless this cache has another top. */
  paths?: PathCache;
  /** Page sizes: the first, and each after it. */
  pages?: readonly [number, number];
}

/**
 * Per match, "<parent inode>/<name>", by the name nameOf() gives (the first
 * by parent, then name; NULL for an inode without one). No name holds '/'
 * or NUL: the first '/' ends the parent, and for JSON another '/' ends the
 * name, which is escaped here only if it needs it (json_quote on every name
 * cost more).
 */
const NAME = `(SELECT d.parent || '/' || CAST(d.name AS TEXT)
    FROM dentries d INDEXED BY dentries_by_ino WHERE d.ino = s.ino ORDER BY d.parent, d.name LIMIT 1)`;

/** The rest of a JSON line: SearchHit's fields in their order. */
const RECORD_JSON = `printf(',"ino":%d,"valid":%s,"format":%s,"qubits":%s,"depth":%s,"twoQubit":%s,"gates":%s,"sha256":%s}',
  s.ino, iif(s.valid = 1, 'true', 'false'), json_quote(s.format), ifnull(s.qubits, 'null'), ifnull(s.depth, 'null'),
  ifnull(s.two_qubit, 'null'), ifnull(s.gates, 'null'), json_quote(s.sha256))`;

/**
 * One page: the lines of the first `limit` matches after inode `after`,
 * joined by NUL (which no name holds, and json_quote escapes), how many
 * matches it read and the last one's inode. Over candidates read
 * beforehand, the lines of the matches among those given (their JSON
 * array, the first argument), with neither bound. Matches without a name
 * add no line (group_concat skips NULL).
 */
function pageSql(a: Access, format: LineFormat): string {
  const line = format === 'json' ? `${NAME} || '/' || ${RECORD_JSON}` : NAME;
  if (a.candidates) return `SELECT group_concat(${line}, char(0)) FROM ${a.from}${whereOf(a)}`;
  return `SELECT group_concat(line, char(0)), count(*), max(ino) FROM (
    SELECT ${a.ino} AS ino, ${line} AS line FROM ${a.from} WHERE ${[...a.where, `${a.ino} > ?`].join(' AND ')} ORDER BY ${a.order} LIMIT ?)`;
}

/** The statement of a search's pages and SQLite's plan of it, for the benchmark and tests. */
export function explainLines(meta: SqliteMeta, q: SearchQuery, format: LineFormat): SearchPlan & { steps: string[] } {
  const a = searchAccess(meta, q, { records: format === 'json' });
  return explained(meta, { driver: a.driver, sql: pageSql(a, format), args: a.candidates ? a.args : [...a.args, -1, PAGES[0]] });
}

/**
 * The output of a search as blocks of whole lines, each ending in a newline,
 * read in one transaction (pages see the same data). A page is the next
 * matches after the last page's, or, when the driver's candidates were read
 * beforehand, the matches among the next slice of them.
 */
export function* searchLines(meta: SqliteMeta, q: SearchQuery, format: LineFormat, opts: LineOptions = {}): Generator<string> {
  const db = meta.db;
  const [first, next] = opts.pages ?? PAGES;
  const a = searchAccess(meta, q, { records: format === 'json' });
  const st = prepared(db, pageSql(a, format)).raw(true);
  const prefix = prefixes(opts.paths ?? new PathCache(meta), format);
  const own = !db.inTransaction;
  if (own) db.exec('BEGIN');
  try {
    const c = a.candidates;
    let after = -1;
    for (let at = 0, size = first; ; at += size, size = next) {
      const args = c ? [inoList(c.subarray(at, at + size)), ...a.args.slice(1)] : [...a.args, after, size];
      const [text, read, last] = st.get(...args) as [string | null, number, number | null];
      if (text !== null) {
        const block = render(text, prefix, format);
        if (block) yield block;
      }
      if (c ? at + size >= c.length : read < size || last === null) return;
      after = last ?? after;
    }
  } finally {
    if (own && db.inTransaction) db.exec('COMMIT');
  }
}

/** What goes before a name, by its parent's inode as the page spells it; undefined when not below the top. */
function prefixes(paths: PathCache, format: LineFormat): (parent: string) => string | undefined {
  const known = new Map<string, string | null>();
  return (parent) => {
    let p = known.get(parent);
    if (p === undefined) {
      const dir = paths.dirText(Number(parent));
      // JSON: `{"path":"<dir>/` escaped; the name follows, then the closing quote.
      p = dir === undefined ? null : format === 'json' ? `{"path":${JSON.stringify(`${dir}/`).slice(0, -1)}` : `${dir}/`;
      known.set(parent, p);
    }
    return p ?? undefined;
  };
}

/** What JSON.stringify escapes in a string (no lone surrogate comes out of UTF-8 decoding). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;

/** A JSON line from `{"path":"<dir>/` and the page's "<name>/<rest of the record>" at [from, end). */
function jsonLine(dir: string, page: string, from: number, end: number): string {
  const close = page.indexOf('/', from);
  const name = page.slice(from, close);
  return `${dir}${NEEDS_ESCAPE.test(name) ? JSON.stringify(name).slice(1, -1) : name}"${page.slice(close + 1, end)}\n`;
}

/** A page's lines with their directories' paths in front, one per line. */
function render(page: string, prefix: (parent: string) => string | undefined, format: LineFormat): string {
  let out = '';
  for (let at = 0; at < page.length;) {
    let end = page.indexOf('\0', at);
    if (end < 0) end = page.length;
    const slash = page.indexOf('/', at);
    const dir = prefix(page.slice(at, slash));
    if (dir !== undefined) out += format === 'paths' ? `${dir}${page.slice(slash + 1, end)}\n` : jsonLine(dir, page, slash + 1, end);
    at = end + 1;
  }
  return out;
}
