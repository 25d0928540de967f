// Circuit rows and commits for the search tests, without parsing any file.
import type { CircuitRow } from '../../src/meta/meta-store.js';
import type { SqliteMeta } from '../../src/meta/sqlite-meta.js';
import { S_IFDIR, S_IFREG, now } from '../../src/vfs/attr.js';

export const b = (s: string): Buffer => Buffer.from(s);

export function circuitRow(ino: number, gatesByName: Record<string, number>, extra: Partial<CircuitRow> = {}): CircuitRow {
  const gates = Object.values(gatesByName).reduce((a, n) => a + n, 0);
  return {
    ino, format: 'qasm2', valid: true, error: null, sha256: 'ab'.repeat(32),
    qubits: 3, clbits: 0, gates, twoQubit: 0, measure: 0, depth: 2,
    metrics: JSON.stringify({ format: 'qasm2', qubits: 3, gates, gatesByName }), indexedAt: 1_700_000_000, ...extra,
  };
}

/** Commits a file's circuit row as the committer does (no content blocks). */
export function commitCircuit(m: SqliteMeta, ino: number, circuit: CircuitRow | null): void {
  const t = now();
  m.commitContent([{ ino, size: 0, mtime: t, ctime: t, dropFrom: 0, blocks: [], circuit }]);
}

export const mkfile = (m: SqliteMeta, parent: number, name: string | Buffer): number =>
  m.createNode(parent, typeof name === 'string' ? b(name) : name, { mode: S_IFREG | 0o644, uid: 0, gid: 0, rdev: 0, nlink: 1, time: now() });

export const mkdir = (m: SqliteMeta, parent: number, name: string): number =>
  m.createNode(parent, b(name), { mode: S_IFDIR | 0o755, uid: 0, gid: 0, rdev: 0, nlink: 2, time: now() });
