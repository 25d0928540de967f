// Prepared statements kept per database and SQL text: a search's statement
// depends on its query's shape (which terms, which driver), not its values,
// so a few dozen texts cover every search a process makes.
import type { Database, Statement } from 'better-sqlite3';

const statements = new WeakMap<Database, Map<string, Statement>>();

/** The statement for `sql` on `db`, prepared on first use. */
export function prepared(db: Database, sql: string): Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let st = cache.get(sql);
  if (!st) {
    if (cache.size >= 256) cache.clear();
    cache.set(sql, (st = db.prepare(sql)));
  }
  return st;
}
