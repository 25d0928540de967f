// Test-only shorthands around parseCircuit.

import type { Circuit } from '../../../../../src/quantum/circuit.js';
import { CircuitParseError, parseCircuit, type CircuitMetrics } from '../../../../../src/quantum/parse-circuit.js';

export function metricsOf(text: string, fileName = 'test.qasm'): CircuitMetrics {
  return parseCircuit(text, fileName).metrics;
}

export function lowerOf(text: string, fileName = 'test.qasm'): Circuit {
  return parseCircuit(text, fileName).lower();
}

/** The "line:col: reason" message of the CircuitParseError `fn` throws. */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof CircuitParseError) return e.message;
    throw e;
  }
  throw new Error('expected a CircuitParseError, but nothing was thrown');
}

export function parseError(text: string, fileName = 'test.qasm'): string {
  return errorOf(() => parseCircuit(text, fileName));
}

export function lowerError(text: string, fileName = 'test.qasm'): string {
  return errorOf(() => parseCircuit(text, fileName).lower());
}

/** The fields every metrics test looks at. */
export function counts(m: CircuitMetrics): Record<string, number> {
  return { qubits: m.qubits, clbits: m.clbits, gates: m.gates, twoQubit: m.twoQubit, multiQubit: m.multiQubit, measure: m.measure, reset: m.reset, depth: m.depth };
}

export const QELIB = 'OPENQASM 2.0;\ninclude "qelib1.inc";\n';
export const STDGATES = 'OPENQASM 3.0;\ninclude "stdgates.inc";\n';
