// What /circuits records about a committed circuit file: its metrics when it
// parses, or the first error (line:col: reason) when it does not. Files that
// do not parse are still stored; they are only flagged.
import { createHash } from 'node:crypto';
import type { CircuitRow } from '../../meta/meta-store.js';
import { CircuitParseError, isCircuitFile, parseCircuit } from '../../quantum/parse-circuit.js';

/** Larger files are stored but not parsed (flagged invalid with the reason). */
export const MAX_PARSE_BYTES = 64 * 1024 * 1024;

/** Names that may hold a circuit (a .json only if its text says Braket). */
export function mayBeCircuit(name: Buffer): boolean {
  return /\.(qasm[23]?|json)$/i.test(name.toString('latin1'));
}

export function isCircuit(name: Buffer, content: Buffer): boolean {
  return isCircuitFile(name.toString('utf8'), content.subarray(0, 4096).toString('utf8'));
}

export function describeCircuit(ino: number, name: Buffer, content: Buffer, time = Date.now()): CircuitRow {
  const base: CircuitRow = {
    ino, format: null, valid: false, error: null,
    sha256: createHash('sha256').update(content).digest('hex'),
    qubits: null, clbits: null, gates: null, twoQubit: null, measure: null, depth: null, metrics: null,
    indexedAt: Math.floor(time / 1000),
  };
  if (content.length > MAX_PARSE_BYTES) return { ...base, error: `0:0: larger than ${MAX_PARSE_BYTES} bytes, not parsed` };
  try {
    const p = parseCircuit(content.toString('utf8'), name.toString('utf8'));
    const m = p.metrics;
    return {
      ...base, format: m.format, valid: true,
      qubits: m.qubits, clbits: m.clbits, gates: m.gates, twoQubit: m.twoQubit, measure: m.measure, depth: m.depth,
      metrics: JSON.stringify(m),
    };
  } catch (e) {
    return { ...base, error: parseFailure(e) };
  }
}

/**
 * The error recorded for content the parser gave up on. Anything it throws
 * is recorded, never passed on: a commit that threw would be retried for
 * ever, and the content would never be stored.
 */
function parseFailure(e: unknown): string {
  if (e instanceof CircuitParseError) return e.message;
  if (e instanceof RangeError && /call stack/i.test(e.message)) return '1:1: nested too deeply to parse';
  return `1:1: the parser failed: ${e instanceof Error ? e.message : String(e)}`;
}
