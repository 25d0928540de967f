// Reference circuits built directly in the IR: used by tests, benchmarks and
// as ideal states for tomography.

import type { Circuit, GateOp, Op } from '../circuit.js';
import { createRng, type Seed } from './rng.js';

const gate = (name: string, qubits: number[], params: number[] = []): GateOp => ({ kind: 'gate', name, qubits, params });

/** Qiskit's QFT: QFT|x> = 2^{−n/2} Σ_y e^{2πi·xy/2^n} |y> (little-endian), with the final swaps. */
export function qftCircuit(n: number): Circuit {
  const ops: Op[] = [];
  for (let j = n - 1; j >= 0; j--) {
    ops.push(gate('h', [j]));
    for (let k = j - 1; k >= 0; k--) ops.push(gate('cp', [k, j], [Math.PI / 2 ** (j - k)]));
  }
  for (let j = 0; j < Math.floor(n / 2); j++) ops.push(gate('swap', [j, n - 1 - j]));
  return { numQubits: n, numClbits: 0, ops };
}

/** (|0…0> + |1…1>)/√2. */
export function ghzCircuit(n: number): Circuit {
  const ops: Op[] = [gate('h', [0])];
  for (let q = 1; q < n; q++) ops.push(gate('cx', [q - 1, q]));
  return { numQubits: n, numClbits: 0, ops };
}

/** The W state: equal superposition of the n single-excitation basis states. */
export function wStateCircuit(n: number): Circuit {
  const ops: Op[] = [gate('x', [0])];
  for (let k = 0; k < n - 1; k++) {
    ops.push(gate('cry', [k, k + 1], [2 * Math.acos(Math.sqrt(1 / (n - k)))]));
    ops.push(gate('cx', [k + 1, k]));
  }
  return { numQubits: n, numClbits: 0, ops };
}

/** Layers of random single-qubit U gates and cx on random pairs. */
export function randomCircuit(n: number, layers: number, seed: Seed = 0): Circuit {
  const rng = createRng(seed);
  const ops: Op[] = [];
  for (let l = 0; l < layers; l++) {
    for (let q = 0; q < n; q++) ops.push(gate('u', [q], [Math.PI * rng.next(), 2 * Math.PI * rng.next(), 2 * Math.PI * rng.next()]));
    const order = shuffled(n, rng.next);
    for (let i = 0; i + 1 < n; i += 2) ops.push(gate('cx', [order[i], order[i + 1]]));
  }
  return { numQubits: n, numClbits: 0, ops };
}

/** A random Clifford circuit (h, s, cx), whose output is a stabilizer state. */
export function randomCliffordCircuit(n: number, gates: number, seed: Seed = 0): Circuit {
  const rng = createRng(seed);
  const ops: Op[] = [];
  for (let q = 0; q < n; q++) ops.push(gate('h', [q]));
  for (let g = 0; g < gates; g++) {
    const kind = rng.nextUint32() % 3;
    const a = rng.nextUint32() % n;
    if (kind === 0) ops.push(gate('h', [a]));
    else if (kind === 1) ops.push(gate('s', [a]));
    else if (n > 1) {
      const b = (a + 1 + (rng.nextUint32() % (n - 1))) % n;
      ops.push(gate('cx', [a, b]));
    }
  }
  return { numQubits: n, numClbits: 0, ops };
}

function shuffled(n: number, next: () => number): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
