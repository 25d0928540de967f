// Simulator speed as gates per second. The clock is a parameter so the
// engine stays free of ambient I/O; performance.now is the default.

import type { Circuit } from '../circuit.js';
import { compileCircuit } from './compiled-circuit.js';
import { runCircuit } from './run-circuit.js';

export interface Throughput {
  qubits: number;
  gates: number;
  seconds: number;
  gatesPerSecond: number;
}

export function measureGateThroughput(circuit: Circuit, clock: () => number = () => performance.now()): Throughput {
  const compiled = compileCircuit(circuit);
  const gates = compiled.instructions.filter((i) => i.kind === 'unitary').length;
  const t0 = clock();
  runCircuit(compiled);
  const seconds = (clock() - t0) / 1000;
  return { qubits: circuit.numQubits, gates, seconds, gatesPerSecond: gates / Math.max(seconds, 1e-9) };
}
