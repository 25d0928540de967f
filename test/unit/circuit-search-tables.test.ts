// The search tables (circuit_tags of schema v5, circuit_text of v6, the gate
// names and circuit_gate_words of v7) follow what they index: circuit
// commits, user.qfs.tags set/replaced/removed, names, inode deletion, and an
// old data dir's upgrade fills them from what it stored.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { SqliteMeta, ROOT_INO } from '../../src/meta/sqlite-meta.js';
import { MIGRATIONS } from '../../src/meta/schema.js';
import { searchCircuits } from '../../src/meta/circuit-search.js';
import { now } from '../../src/vfs/attr.js';
import { cleanup, tempDir } from '../helpers/mount.js';
import { b, circuitRow, commitCircuit, mkdir, mkfile } from './search-fixtures.js';

const TAGS = b('user.qfs.tags');

/** The circuits whose indexed names or description contain `text` (lower-cased), per circuit_text. */
const textHits = (m: SqliteMeta, text: string) =>
  m.db.prepare(`SELECT rowid FROM circuit_text WHERE circuit_text MATCH ? ORDER BY rowid`).pluck().all(`"${text}"`) as number[];
/** The gates a circuit uses as both places hold them: its row's gate_names, and the words that find it. */
const gatesOf = (m: SqliteMeta, ino: number) => {
  const names = m.db.prepare(`SELECT gate_names FROM circuits WHERE ino = ?`).pluck().get(ino) as string | null | undefined;
  const listed = (names ?? '').split(' ').filter(Boolean).sort();
  const found = listed.filter((g) => gateHits(m, g).includes(ino));
  expect(found).toEqual(listed);
  return listed;
};
/** The circuits circuit_gate_words finds for `gate`. */
const gateHits = (m: SqliteMeta, gate: string) =>
  m.db.prepare(`SELECT rowid FROM circuit_gate_words WHERE circuit_gate_words MATCH ? ORDER BY rowid`)
    .pluck().all(`"${Buffer.from(gate).toString('hex')}"`) as number[];
const tagsOf = (m: SqliteMeta, ino: number) =>
  (m.db.prepare(`SELECT tag FROM circuit_tags WHERE ino = ? ORDER BY tag`).pluck().all(ino) as string[]);

describe('search tables', () => {
  let dir: string;
  let m: SqliteMeta;
  const file = (name: string) => mkfile(m, ROOT_INO, name);

  beforeEach(() => {
    dir = tempDir('search-tables');
    m = new SqliteMeta(join(dir, 'meta.db'));
    m.ensureRoot(0o40755, 0, 0, now());
  });
  afterEach(() => {
    m.close();
    cleanup(dir);
  });

  it('keeps the gates used with the circuit row on commit, recommit and un-indexing', () => {
    const f = file('a.qasm');
    const g = file('b.qasm');
    commitCircuit(m, f, circuitRow(f, { h: 2, cx: 3, ccx: 0 }));
    commitCircuit(m, g, circuitRow(g, { U: 1, cx: 1 }));
    expect(gatesOf(m, f)).toEqual(['cx', 'h']);
    expect(gateHits(m, 'ccx')).toEqual([]);
    // Names are exact: OpenQASM's U is not u.
    expect(gateHits(m, 'U')).toEqual([g]);
    expect(gateHits(m, 'u')).toEqual([]);
    expect(gateHits(m, 'cx')).toEqual([f, g]);
    commitCircuit(m, f, circuitRow(f, { rz: 1 }));
    expect(gatesOf(m, f)).toEqual(['rz']);
    expect(gateHits(m, 'cx')).toEqual([g]);
    // Invalid content: no metrics, no gates.
    commitCircuit(m, f, circuitRow(f, {}, { valid: false, error: '1:1: nope', metrics: null }));
    expect(gatesOf(m, f)).toEqual([]);
    expect(gateHits(m, 'rz')).toEqual([]);
    // No gate at all (only measurements): nothing to find.
    commitCircuit(m, f, circuitRow(f, {}));
    expect(gatesOf(m, f)).toEqual([]);
    commitCircuit(m, f, circuitRow(f, { x: 1 }));
    commitCircuit(m, f, null);
    expect(gatesOf(m, f)).toEqual([]);
    expect(gateHits(m, 'x')).toEqual([]);
    expect(m.getCircuit(f)).toBeUndefined();
  });

  it('leaves gates alone on a commit that does not touch the circuit row', () => {
    const f = file('a.qasm');
    commitCircuit(m, f, circuitRow(f, { h: 1 }));
    const t = now();
    m.commitContent([{ ino: f, size: 0, mtime: t, ctime: t, dropFrom: 0, blocks: [] }]);
    expect(gatesOf(m, f)).toEqual(['h']);
  });

  it('splits user.qfs.tags into entries as search reads them, on set, replace and remove', () => {
    const f = file('a.qasm');
    m.setXattr(f, TAGS, b('vqe, Demo,,x y'), 0, now());
    expect(tagsOf(m, f)).toEqual(['', 'Demo', 'vqe', 'xy']);
    m.setXattr(f, TAGS, b('qaoa'), 0, now());
    expect(tagsOf(m, f)).toEqual(['qaoa']);
    // Entries differing only in ASCII case are one entry to a search.
    m.setXattr(f, TAGS, b('VQE,vqe'), 0, now());
    expect(tagsOf(m, f)).toHaveLength(1);
    m.removeXattr(f, TAGS, now());
    expect(tagsOf(m, f)).toEqual([]);
    // Other attributes do not touch the table; a failed set changes nothing.
    m.setXattr(f, TAGS, b('keep'), 0, now());
    m.setXattr(f, b('user.other'), b('a,b'), 0, now());
    expect(() => m.setXattr(f, TAGS, b('lost'), 1 /* XATTR_CREATE */, now())).toThrow(/EEXIST/);
    expect(tagsOf(m, f)).toEqual(['keep']);
  });

  it('indexes the names and description of circuits as they change', () => {
    const DESC = b('user.qfs.description');
    const sub = mkdir(m, ROOT_INO, 'sub');
    const f = file('Grover_8.qasm');
    const other = file('grover_notes.txt'); // never a circuit: never indexed
    expect(textHits(m, 'grover')).toEqual([]);
    commitCircuit(m, f, circuitRow(f, { h: 1 }));
    expect(textHits(m, 'grover')).toEqual([f]); // lower-cased
    expect(textHits(m, 'Grover')).toEqual([]);
    m.setXattr(f, DESC, b('A QAOA Ansatz'), 0, now());
    expect(textHits(m, 'qaoa ansatz')).toEqual([f]);
    m.setXattr(f, DESC, b('textbook'), 0, now());
    expect(textHits(m, 'ansatz')).toEqual([]);
    expect(textHits(m, 'textbook')).toEqual([f]);
    m.removeXattr(f, DESC, now());
    expect(textHits(m, 'textbook')).toEqual([]);
    // Renamed, linked, unlinked, exchanged: the current names only.
    m.rename(ROOT_INO, b('Grover_8.qasm'), sub, b('qft_8.qasm'), 0, now());
    expect(textHits(m, 'grover')).toEqual([]);
    expect(textHits(m, 'qft_8')).toEqual([f]);
    m.link(f, ROOT_INO, b('alias.qasm'), now());
    expect(textHits(m, 'alias')).toEqual([f]);
    expect(textHits(m, 'qft_8')).toEqual([f]);
    m.unlink(sub, b('qft_8.qasm'), now());
    expect(textHits(m, 'qft_8')).toEqual([]);
    const g = file('bell.qasm');
    commitCircuit(m, g, circuitRow(g, { h: 1 }));
    m.rename(ROOT_INO, b('alias.qasm'), ROOT_INO, b('bell.qasm'), 2 /* RENAME_EXCHANGE */, now());
    expect(textHits(m, 'bell')).toEqual([f]);
    expect(textHits(m, 'alias')).toEqual([g]);
    // A re-commit keeps the row; un-indexing and deletion drop it.
    commitCircuit(m, f, circuitRow(f, { x: 1 }));
    expect(textHits(m, 'bell')).toEqual([f]);
    commitCircuit(m, f, null);
    expect(textHits(m, 'bell')).toEqual([]);
    m.unlink(ROOT_INO, b('alias.qasm'), now());
    m.deleteInode(g);
    expect(textHits(m, 'alias')).toEqual([]);
    expect(textHits(m, 'notes')).toEqual([]);
    expect(other).toBeGreaterThan(0);
  });

  it('forgets a deleted inode', () => {
    const f = file('a.qasm');
    commitCircuit(m, f, circuitRow(f, { h: 1 }));
    m.setXattr(f, TAGS, b('vqe'), 0, now());
    m.unlink(ROOT_INO, b('a.qasm'), now());
    m.deleteInode(f);
    expect(gatesOf(m, f)).toEqual([]);
    expect(gateHits(m, 'h')).toEqual([]);
    expect(tagsOf(m, f)).toEqual([]);
  });

  it('fills them when an older data dir is upgraded', () => {
    const inos = Array.from({ length: 40 }, (_, i) => file(`c${i}.qasm`));
    for (const [i, ino] of inos.entries()) {
      if (i % 7 === 3) commitCircuit(m, ino, circuitRow(ino, {}, { valid: false, error: '1:1: bad', metrics: null }));
      else commitCircuit(m, ino, circuitRow(ino, { h: i % 3, cx: i, [`g${i % 5}`]: 1 }));
      if (i % 4 !== 0) m.setXattr(ino, TAGS, b(i % 2 ? `vqe, t${i % 3}` : `Bench,,t${i % 3},`), 0, now());
    }
    m.setXattr(inos[5]!, b('user.qfs.description'), b('Described'), 0, now());
    m.rename(ROOT_INO, b('c6.qasm'), ROOT_INO, b('renamed.qasm'), 0, now());
    const snapshot = () => ({
      gates: inos.map((ino) => gatesOf(m, ino)),
      gateHits: ['h', 'cx', 'g0', 'g4'].map((g) => gateHits(m, g)),
      tags: m.db.prepare(`SELECT tag, ino FROM circuit_tags ORDER BY tag, ino`).all(),
      text: ['c1', 'c2', 'qasm', 'described', 'renamed', 'c6.'].map((t) => textHits(m, t)),
    });
    const maintained = snapshot();
    expect(maintained.gates.flat().length).toBeGreaterThan(60);
    expect(maintained.gateHits[0]!.length).toBeGreaterThan(15);
    expect(maintained.tags.length).toBeGreaterThan(50);
    expect(maintained.text[2]).toHaveLength(40); // every circuit, valid or not, has a name ending in .qasm
    expect(maintained.text.slice(3)).toEqual([[inos[5]], [inos[6]], []]);

    // Back to v4: drop what v5 and later created, as a data dir of that release
    // has none of it; the summary index and the gate rows as v5 wrote them.
    const v5 = MIGRATIONS.findIndex((sql) => sql.includes('CREATE TABLE circuit_gates'));
    expect(v5).toBeGreaterThan(0);
    const created = MIGRATIONS.slice(v5).flatMap((sql) => [...sql.matchAll(/CREATE (TABLE|INDEX|VIEW|TRIGGER|VIRTUAL TABLE) (\w+)/g)]);
    for (const [, kind, name] of created.reverse()) m.db.exec(`DROP ${kind === 'VIRTUAL TABLE' ? 'TABLE' : kind} IF EXISTS ${name}`);
    const added = MIGRATIONS.slice(v5).flatMap((sql) => [...sql.matchAll(/ALTER TABLE (\w+) ADD COLUMN (\w+)/g)]);
    for (const [, table, column] of added) m.db.exec(`ALTER TABLE ${table} DROP COLUMN ${column}`);
    m.db.pragma(`user_version = ${v5}`);
    m.close();

    // Read-only (qfs status, search before the upgrade): opens, and search says what to do.
    const old = new SqliteMeta(join(dir, 'meta.db'), { readonly: true });
    expect(old.schemaVersion).toBe(v5);
    expect(() => searchCircuits(old, { tag: ['vqe'] })).toThrow(/predates the search index/);
    old.close();

    m = new SqliteMeta(join(dir, 'meta.db'));
    expect(m.schemaVersion).toBe(MIGRATIONS.length);
    expect(snapshot()).toEqual(maintained);
  });
});
