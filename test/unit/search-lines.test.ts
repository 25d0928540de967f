// What `qfs search` prints, built by SQLite a page at a time: the same text
// as naming each hit, joining its path and JSON.stringify-ing its record,
// whatever the names hold, however the pages fall and whichever path drives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteMeta, ROOT_INO } from '../../src/meta/sqlite-meta.js';
import { searchNamed } from '../../src/meta/circuit-search.js';
import { PathCache } from '../../src/meta/path-cache.js';
import { explainLines, searchLines, type LineFormat } from '../../src/meta/search-lines.js';
import { parseQuery, type SearchQuery } from '../../src/trees/circuits/search-query.js';
import { now } from '../../src/vfs/attr.js';
import { prng } from '../helpers/prng.js';
import { b, circuitRow, commitCircuit, mkdir, mkfile } from './search-fixtures.js';

/** Names that JSON must escape, that are not UTF-8, or that look like the page's own separators. */
const ODD = ['say"hi"', 'back\\slash', 'tab\there', 'nl\nline', 'bell\u0007', 'del\u007f', 'été', '😀', '\u2028', '12', '0'];
const INVALID = [Buffer.from([0x61, 0xff, 0x62]), Buffer.from([0xc3]), Buffer.from([0xe2, 0x82]), Buffer.from([0xed, 0xa0, 0x80])];

/** The output as the CLI built it before: each named hit's path, or its record with the path first. */
function reference(m: SqliteMeta, q: SearchQuery, format: LineFormat): string {
  const paths = new PathCache(m);
  let out = '';
  for (const hit of searchNamed(m, q, { names: 'text', records: format === 'json' })) {
    const path = paths.joinText(hit.parent, hit.name);
    if (path !== undefined) out += `${format === 'json' ? JSON.stringify({ path, ...hit.record }) : path}\n`;
  }
  return out;
}

const text = (m: SqliteMeta, q: SearchQuery, format: LineFormat, pages?: readonly [number, number]) =>
  [...searchLines(m, q, format, { pages })].join('');

describe('search lines', () => {
  let m: SqliteMeta;
  const rand = prng(11);

  beforeAll(() => {
    m = new SqliteMeta(':memory:');
    m.ensureRoot(0o40755, 0, 0, now());
    const circuits = mkdir(m, ROOT_INO, 'circuits');
    const dirs = [circuits, mkdir(m, circuits, 'a"b'), mkdir(m, circuits, 'ümlaut\\dir')];
    dirs.push(mkdir(m, dirs[1]!, 'deep'));
    for (let i = 0; i < 300; i++) {
      const parent = dirs[i % dirs.length]!;
      const odd = i % 7 === 0;
      const name = odd ? Buffer.concat([b(`${i}_`), i % 14 === 0 ? INVALID[(i / 14) % INVALID.length]! : b(ODD[(i / 7) % ODD.length]!)]) : b(`c${i}.qasm`);
      const ino = mkfile(m, parent, name);
      const valid = rand() > 0.15;
      commitCircuit(m, ino, circuitRow(ino, valid ? { h: 1, cx: Math.floor(rand() * 3) } : {}, valid
        ? { qubits: 2 + Math.floor(rand() * 10), depth: Math.floor(rand() * 40), format: rand() < 0.5 ? 'qasm2' : 'qasm3' }
        : { valid: false, qubits: null, depth: null, twoQubit: null, gates: null, format: null, error: 'bad', metrics: null }));
      if (rand() < 0.5) m.setXattr(ino, b('user.qfs.tags'), b(rand() < 0.5 ? 'vqe' : 'demo'), 0, now());
      if (rand() < 0.1) m.link(ino, dirs[(i + 1) % dirs.length]!, b(`0link${i}`), now()); // a second name, sorting first in its directory
    }
    // A circuit without a name, and one in a directory that lost its own.
    const gone = mkfile(m, circuits, 'gone.qasm');
    commitCircuit(m, gone, circuitRow(gone, { h: 1 }));
    m.unlink(circuits, b('gone.qasm'), now());
    const orphanDir = mkdir(m, circuits, 'orphan');
    const orphan = mkfile(m, orphanDir, 'o.qasm');
    commitCircuit(m, orphan, circuitRow(orphan, { h: 1 }));
    m.db.prepare(`DELETE FROM dentries WHERE ino = ?`).run(orphanDir);
  });
  afterAll(() => m?.close());

  it('prints what naming each hit printed, for every driver, in pages of any size', () => {
    const queries = ['valid=1', 'qubits=3..7', 'qubits=4', 'depth=..20', 'depth=5', 'gate=cx', 'tag=vqe', 'text=qasm', 'text=é', 'valid=0', 'qubits=2..9,tag=demo,gate=h', ''];
    const drivers = new Set<string>();
    for (const t of queries) {
      const q = parseQuery(t);
      for (const format of ['paths', 'json'] as const) {
        const want = reference(m, q, format);
        expect(want.length).toBeGreaterThan(0);
        for (const pages of [undefined, [1, 1], [3, 50]] as const) expect({ t, format, pages, got: text(m, q, format, pages) }).toEqual({ t, format, pages, got: want });
        drivers.add(explainLines(m, q, format).driver.replace(/=.*/, ''));
      }
    }
    expect([...drivers].sort()).toEqual(['all circuits', 'depth', 'gate', 'qubits', 'tag', 'text', 'valid']);
  });

  it('gives the first page as its own block, and ends its transaction when the reader stops', () => {
    const it = searchLines(m, parseQuery('gate=h'), 'paths', { pages: [2, 100] });
    const first = it.next().value as string;
    expect(first.split('\n')).toHaveLength(3); // two lines
    expect(m.db.inTransaction).toBe(true);
    it.return(undefined);
    expect(m.db.inTransaction).toBe(false);
  });

  it('reads every page in one snapshot of a caller\'s transaction without ending it', () => {
    m.db.exec('BEGIN');
    try {
      expect(text(m, parseQuery('valid=1'), 'paths', [5, 5])).toBe(reference(m, parseQuery('valid=1'), 'paths'));
      expect(m.db.inTransaction).toBe(true);
    } finally {
      m.db.exec('COMMIT');
    }
  });
});
