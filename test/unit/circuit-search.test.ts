// Circuit search gives the answers the language defines, whichever access
// path it takes: random data and random queries against a plain reading of
// each term (the one the search had before it had indexes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { SqliteMeta, ROOT_INO } from '../../src/meta/sqlite-meta.js';
import { explainSearch, searchCircuits, searchInos, searchNamed } from '../../src/meta/circuit-search.js';
import { PathCache, pathOf } from '../../src/meta/path-cache.js';
import { parseQuery, type SearchQuery } from '../../src/trees/circuits/search-query.js';
import { now } from '../../src/vfs/attr.js';
import { cleanup, tempDir } from '../helpers/mount.js';
import { prng } from '../helpers/prng.js';
import { b, circuitRow, commitCircuit, mkdir, mkfile } from './search-fixtures.js';

interface Model {
  ino: number;
  names: string[];
  row?: { qubits: number | null; depth: number | null; twoQubit: number | null; gates: number | null; format: string | null; valid: boolean; indexedAt: number; gatesByName: Record<string, number> };
  tags?: string;
  author?: string;
  description?: string;
}

const WORDS = ['Grover', 'qft', 'VQE', 'ansatz', 'a_b', 'a%b', 'axb', 'ÉTÉ', 'été', 'chain', 'say"hi"', 'Ket\\x'];
const GATES = ['h', 'cx', 'ccx', 'rz', 'CX', 'ctrl @ x'];
const TAG_WORDS = ['vqe', 'VQE', 'demo', 'Bench', 'x y', ''];
const AUTHORS = ['ada', 'Ada', 'bob'];
const FORMATS = ['qasm2', 'qasm3', 'braket'];
const ONE_VALUE = new Set(['author', 'text', 'format', 'valid', 'since']);

const lowerAscii = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** Each term as its definition reads, over the model. */
function reference(files: Model[], q: SearchQuery): number[] {
  const inRange = (v: number | null | undefined, r?: { min?: number; max?: number }) =>
    !r || (v !== null && v !== undefined && (r.min === undefined || v >= r.min) && (r.max === undefined || v <= r.max));
  return files.filter((f) => {
    const r = f.row;
    if (!r) return false;
    if (!inRange(r.qubits, q.qubits) || !inRange(r.depth, q.depth) || !inRange(r.twoQubit, q.twoQubit) || !inRange(r.gates, q.gates)) return false;
    if (q.since !== undefined && r.indexedAt < q.since) return false;
    if ((q.gate ?? []).some((g) => !(r.valid && (r.gatesByName[g] ?? 0) > 0))) return false;
    const entries = f.tags === undefined ? undefined : f.tags.replace(/ /g, '').split(',');
    if ((q.tag ?? []).some((t) => !entries?.some((e) => lowerAscii(e) === lowerAscii(t)))) return false;
    if (q.author !== undefined && f.author !== q.author) return false;
    if (q.text !== undefined) {
      const t = lowerAscii(q.text);
      if (!(f.description !== undefined && lowerAscii(f.description).includes(t)) && !f.names.some((n) => lowerAscii(n).includes(t))) return false;
    }
    if (q.format !== undefined && r.format !== q.format) return false;
    if (q.valid !== undefined && r.valid !== q.valid) return false;
    if (q.inos !== undefined && !q.inos.includes(f.ino)) return false;
    return true;
  }).map((f) => f.ino).sort((a, c) => a - c);
}

describe('circuit search', () => {
  let dir: string;
  let m: SqliteMeta;
  let circuits: number;
  const files: Model[] = [];
  const rand = prng(3);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

  beforeAll(() => {
    dir = tempDir('search');
    m = new SqliteMeta(join(dir, 'meta.db'));
    m.ensureRoot(0o40755, 0, 0, now());
    circuits = mkdir(m, ROOT_INO, 'circuits');
    const dirs = [circuits, ...[0, 1, 2].map((i) => mkdir(m, circuits, `d${i}`))];
    dirs.push(mkdir(m, dirs[1]!, 'deep'));
    for (let i = 0; i < 400; i++) {
      const parent = pick(dirs);
      const name = `${pick(WORDS)}_${i % 50}.qasm`; // repeated names in different directories
      if (m.lookup(parent, b(name)) !== undefined) continue;
      const ino = mkfile(m, parent, name);
      const f: Model = { ino, names: [name] };
      files.push(f);
      if (i % 25 === 24) continue; // a file that is not a circuit (never indexed)
      const valid = rand() > 0.1;
      const gatesByName = valid ? Object.fromEntries(GATES.filter(() => rand() < 0.5).map((g) => [g, Math.floor(rand() * 3)])) : {};
      const row = {
        qubits: valid ? 2 + Math.floor(rand() * 20) : null, depth: valid ? Math.floor(rand() * 60) : null,
        twoQubit: valid ? Math.floor(rand() * 30) : null, gates: valid ? Math.floor(rand() * 100) : null,
        format: valid ? pick(FORMATS) : null, valid, indexedAt: 1_700_000_000 + Math.floor(rand() * 1000), gatesByName,
      };
      f.row = row;
      commitCircuit(m, ino, circuitRow(ino, gatesByName, {
        ...row, metrics: valid ? JSON.stringify({ gatesByName }) : null, error: valid ? null : '1:1: bad',
      }));
    }
    for (const f of files) {
      const t = now();
      if (rand() < 0.7) {
        f.tags = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(TAG_WORDS)).join(rand() < 0.5 ? ', ' : ',');
        m.setXattr(f.ino, b('user.qfs.tags'), b(f.tags), 0, t);
      }
      if (rand() < 0.6) m.setXattr(f.ino, b('user.qfs.author'), b((f.author = pick(AUTHORS))), 0, t);
      if (rand() < 0.4) m.setXattr(f.ino, b('user.qfs.description'), b((f.description = `${pick(WORDS)} on ${pick(WORDS)}`)), 0, t);
      if (rand() < 0.05) {
        const extra = `link_${pick(WORDS)}_${f.ino}`;
        m.link(f.ino, pick(dirs), b(extra), t);
        f.names.push(extra);
      }
    }
    // Names and descriptions that change after indexing: renames, new and removed descriptions.
    for (const f of files.filter((x) => x.row && x.names.length === 1).slice(0, 40)) {
      const n = m.nameOf(f.ino)!;
      const renamed = `${pick(WORDS)}_renamed_${f.ino}.qasm`;
      m.rename(n.parent, n.name, n.parent, b(renamed), 0, now());
      f.names = [renamed];
      if (f.description === undefined) m.setXattr(f.ino, b('user.qfs.description'), b((f.description = `now ${pick(WORDS)}`)), 0, now());
      else {
        m.removeXattr(f.ino, b('user.qfs.description'), now());
        delete f.description;
      }
    }
    // Tags and authors on a file that later loses its circuit row, and one left without a name.
    const gone = files.find((f) => f.row && f.tags)!;
    commitCircuit(m, gone.ino, null);
    delete gone.row;
    const nameless = files.find((f) => f.row && f.names.length === 1 && f.ino !== gone.ino)!;
    const nn = m.nameOf(nameless.ino)!;
    m.unlink(nn.parent, nn.name, now());
    nameless.names = [];
  });
  afterAll(() => {
    m?.close();
    cleanup(dir);
  });

  const TERMS: (() => string)[] = [
    () => `qubits=${2 + Math.floor(rand() * 20)}`,
    () => `qubits=${2 + Math.floor(rand() * 10)}..${12 + Math.floor(rand() * 10)}`,
    () => `depth=..${Math.floor(rand() * 60)}`,
    () => `depth=${Math.floor(rand() * 60)}..`,
    () => `cx=${Math.floor(rand() * 15)}..${15 + Math.floor(rand() * 15)}`,
    () => `cx=${Math.floor(rand() * 30)}`,
    () => `gates=..${Math.floor(rand() * 100)}`,
    () => `gate=${pick(GATES)}`,
    () => `tag=${pick(['vqe', 'VQE', 'Demo', 'bench', 'xy', 'x y', 'nope'])}`,
    () => `author=${pick(AUTHORS)}`,
    () => `text=${pick(['grover', 'QFT', 'a_b', 'a%b', '_', 'été', 'ÉTÉ', 'on', 'link', 'zzz', '.qasm', 'renamed', 'NOW', 'y"h', '"', 'ket\\', 'qasm\nnow', 'ft_'])}`,
    () => `format=${pick(FORMATS)}`,
    () => `valid=${rand() < 0.5 ? 0 : 1}`,
    () => `since=${1_700_000_000 + Math.floor(rand() * 1000)}`,
  ];

  it('matches the definition of every term, alone and combined, whichever path drives it', () => {
    const drivers = new Set<string>();
    const textPaths = new Set<string>();
    for (let i = 0; i < 600; i++) {
      // Up to three terms; a key a circuit has one value of at most once (twice is EINVAL).
      const terms: string[] = [];
      while (terms.length < 1 + Math.floor(rand() * 3)) {
        const t = pick(TERMS)();
        const key = t.slice(0, t.indexOf('='));
        if (!ONE_VALUE.has(key) || !terms.some((u) => u.startsWith(`${key}=`))) terms.push(t);
      }
      const text = terms.join(',');
      const q = parseQuery(text);
      const want = reference(files, q);
      expect({ text, got: searchCircuits(m, q).map((h) => h.ino) }).toEqual({ text, got: want });
      expect(searchInos(m, q)).toEqual(want);
      const plan = explainSearch(m, q);
      drivers.add(plan.driver.replace(/=[\s\S]*/, ''));
      if (plan.driver.startsWith('text=')) textPaths.add(plan.steps.some((x) => x.includes('circuit_text')) ? 'index' : 'scan');
    }
    // The random queries went through every kind of access path (text both ways).
    expect([...textPaths].sort()).toEqual(['index', 'scan']);
    expect([...drivers].sort()).toEqual(['all circuits', 'author', 'cx', 'depth', 'format', 'gate', 'gates', 'qubits', 'since', 'tag', 'text', 'valid'].sort());
  });

  it('returns the records the index holds', () => {
    const hits = searchCircuits(m, parseQuery('valid=1'));
    expect(hits.length).toBeGreaterThan(100);
    for (const h of hits.slice(0, 50)) {
      const c = m.getCircuit(h.ino)!;
      expect(h).toEqual({ ino: c.ino, valid: c.valid, format: c.format, qubits: c.qubits, depth: c.depth, twoQubit: c.twoQubit, gates: c.gates, sha256: c.sha256 });
    }
    expect(Object.keys(hits[0]!)).toEqual(['ino', 'valid', 'format', 'qubits', 'depth', 'twoQubit', 'gates', 'sha256']);
  });

  it('restricts to given inodes', () => {
    const some = files.filter((f) => f.row).slice(3, 9).map((f) => f.ino);
    expect(searchInos(m, { inos: [...some, 999_999, some[0]!] })).toEqual([...some].sort((a, c) => a - c));
    expect(searchInos(m, { ...parseQuery('valid=1'), inos: some })).toEqual(reference(files, { valid: true, inos: some }));
  });

  it('names each hit once, by the name nameOf gives, with its path', () => {
    for (const text of ['valid=1', 'qubits=3..9', 'tag=vqe', 'text=link']) {
      const q = parseQuery(text);
      const named = [...searchNamed(m, q, { names: 'bytes', records: true })];
      const withName = searchCircuits(m, q).filter((h) => m.nameOf(h.ino));
      expect(named.map((h) => h.ino)).toEqual(withName.map((h) => h.ino));
      expect(named.map((h) => h.record)).toEqual(withName);
      const paths = new PathCache(m);
      const texts = [...searchNamed(m, q, { names: 'text' })];
      for (const [i, h] of named.entries()) {
        const n = m.nameOf(h.ino)!;
        expect({ parent: h.parent, name: h.name }).toEqual({ parent: n.parent, name: n.name });
        expect(paths.join(h.parent, h.name)).toEqual(pathOf(m, h.ino));
        expect(paths.joinText(texts[i]!.parent, texts[i]!.name)).toBe(pathOf(m, h.ino)!.toString('utf8'));
      }
    }
  });

  it('resolves paths below a top directory, and not outside it', () => {
    const below = new PathCache(m, circuits);
    const f = files.find((x) => x.names.length === 1 && x.row)!;
    const full = pathOf(m, f.ino)!.toString();
    expect(full.startsWith('/circuits/')).toBe(true);
    expect(below.of(f.ino)!.toString()).toBe(full.slice('/circuits'.length));
    const outside = mkfile(m, ROOT_INO, 'outside.qasm');
    expect(below.of(outside)).toBeUndefined();
    expect(new PathCache(m).of(outside)!.toString()).toBe('/outside.qasm');
    expect(pathOf(m, ROOT_INO)).toEqual(Buffer.alloc(0));
  });

  it('reads neither the wide circuit rows nor the metrics JSON', () => {
    for (const text of ['qubits=4..8', 'gate=ccx', 'tag=vqe,depth=..20', 'author=ada,text=grover', 'valid=1']) {
      const plan = explainSearch(m, parseQuery(text), { records: true, names: 'text' });
      expect(plan.sql).not.toMatch(/metrics/);
      // Every step on circuits goes through an index holding the columns it needs.
      for (const step of plan.steps.filter((x) => /^(SCAN|SEARCH) (circuits|s)\b/.test(x))) expect(step).toMatch(/USING COVERING INDEX/);
      // Rows come out in inode order as they are found: no sort of the whole result at the end.
      expect(plan.steps.at(-1)).not.toMatch(/TEMP B-TREE/);
    }
  });

  it('sorts unordered candidates once, before SQLite reads them in order, and answers with them when nothing else is checked', () => {
    let ranges = 0;
    for (const text of ['qubits=2..4', 'qubits=3..5', 'depth=..5', 'depth=2..8', 'cx=1..3', 'gates=..10', 'qubits=2..3,valid=1']) {
      const q = parseQuery(text);
      for (const shape of [{ records: false }, { records: true, names: 'text' as const }]) {
        const plan = explainSearch(m, q, shape);
        if (!/^\w+=\d*\.\.\d*$/.test(plan.driver) || /=(\d+)\.\.\1$/.test(plan.driver)) continue;
        ranges++;
        expect(plan.steps.join('\n')).toMatch(/json_each/);
        expect(plan.steps.join('\n')).not.toMatch(/TEMP B-TREE/);
      }
      expect(searchInos(m, q)).toEqual(reference(files, q));
    }
    expect(ranges).toBeGreaterThan(2);
  });

  it('says when a data dir predates the search index', () => {
    const old = new SqliteMeta(':memory:');
    old.db.exec(`DROP TABLE circuit_gate_words`);
    expect(() => searchCircuits(old, {})).toThrow(/predates the search index/);
    old.close();
  });
});
