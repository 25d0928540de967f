// SQL behind circuit search: the index joined with the user's xattrs.
import type { SqliteMeta } from './sqlite-meta.js';
import type { MetaStore } from './meta-store.js';
import type { Range, SearchQuery } from '../trees/circuits/search-query.js';

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

export function searchCircuits(meta: SqliteMeta, q: SearchQuery, limit = 100_000): SearchHit[] {
  const where: string[] = [];
  const args: unknown[] = [];
  const range = (col: string, r?: Range) => {
    if (r?.min !== undefined) { where.push(`${col} >= ?`); args.push(r.min); }
    if (r?.max !== undefined) { where.push(`${col} <= ?`); args.push(r.max); }
  };
  range('c.qubits', q.qubits);
  range('c.depth', q.depth);
  range('c.two_qubit', q.twoQubit);
  range('c.gates', q.gates);
  for (const g of q.gate ?? []) {
    where.push(`json_extract(c.metrics, '$.gatesByName.' || json_quote(?)) > 0`);
    args.push(g);
  }
  const xattr = (name: string) => `(SELECT CAST(value AS TEXT) FROM xattrs x WHERE x.ino = c.ino AND x.name = CAST('${name}' AS BLOB))`;
  for (const t of q.tag ?? []) {
    where.push(`(',' || REPLACE(${xattr('user.qfs.tags')}, ' ', '') || ',') LIKE ?`);
    args.push(`%,${t},%`);
  }
  if (q.author !== undefined) { where.push(`${xattr('user.qfs.author')} = ?`); args.push(q.author); }
  if (q.text !== undefined) {
    where.push(`(instr(lower(${xattr('user.qfs.description')}), lower(?)) > 0 OR EXISTS (SELECT 1 FROM dentries d WHERE d.ino = c.ino AND instr(lower(CAST(d.name AS TEXT)), lower(?)) > 0))`);
    args.push(q.text, q.text);
  }
  if (q.format !== undefined) { where.push(`c.format = ?`); args.push(q.format); }
  if (q.valid !== undefined) { where.push(`c.valid = ?`); args.push(q.valid ? 1 : 0); }
  if (q.since !== undefined) { where.push(`c.indexed_s >= ?`); args.push(q.since); }
  const sql = `SELECT c.ino, c.valid, c.format, c.qubits, c.depth, c.two_qubit AS twoQubit, c.gates, c.sha256
               FROM circuits c ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY c.ino LIMIT ?`;
  return (meta.db.prepare(sql).all(...args, limit) as (Omit<SearchHit, 'valid'> & { valid: number })[])
    .map((r) => ({ ...r, valid: r.valid === 1 }));
}

/** A path of an inode from the filesystem root, as bytes joined by '/'. */
export function pathOf(meta: Pick<MetaStore, 'nameOf'>, ino: number): Buffer | undefined {
  const parts: Buffer[] = [];
  let at = ino;
  for (let hops = 0; at !== 1 && hops < 4096; hops++) {
    const n = meta.nameOf(at);
    if (!n) return undefined;
    parts.unshift(n.name);
    at = n.parent;
  }
  return Buffer.concat(parts.flatMap((p) => [Buffer.from('/'), p]));
}
